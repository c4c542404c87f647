namespace Ascent.Io.Models;

/// <summary>The element types a model file can store.</summary>
/// <remarks>Network parameters are <see cref="Float32"/>; optimizer moments, normaliser statistics and
/// generator states use the others. All are stored little-endian.</remarks>
public enum TensorDType
{
    /// <summary>IEEE-754 single precision (4 bytes): parameters and float32 optimizer state.</summary>
    Float32,
    /// <summary>IEEE-754 double precision (8 bytes): normaliser statistics, double optimizer state.</summary>
    Float64,
    /// <summary>Signed 64-bit integers (8 bytes): counters and random-generator states.</summary>
    Int64,
    /// <summary>Unsigned bytes: opaque state.</summary>
    UInt8,
}

/// <summary>Names and sizes of <see cref="TensorDType"/> values as the file spells them.</summary>
internal static class TensorDTypes
{
    public static int ElementSize(TensorDType dtype) => dtype switch
    {
        TensorDType.Float32 => 4,
        TensorDType.Float64 => 8,
        TensorDType.Int64 => 8,
        TensorDType.UInt8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown tensor dtype."),
    };

    public static string Name(TensorDType dtype) => dtype switch
    {
        TensorDType.Float32 => "float32",
        TensorDType.Float64 => "float64",
        TensorDType.Int64 => "int64",
        TensorDType.UInt8 => "uint8",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown tensor dtype."),
    };

    public static bool TryParse(string name, out TensorDType dtype)
    {
        switch (name)
        {
            case "float32": dtype = TensorDType.Float32; return true;
            case "float64": dtype = TensorDType.Float64; return true;
            case "int64": dtype = TensorDType.Int64; return true;
            case "uint8": dtype = TensorDType.UInt8; return true;
            default: dtype = default; return false;
        }
    }

    public const string AllNames = "float32, float64, int64, uint8";
}
