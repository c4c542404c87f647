namespace Ascent.Io.Models;

/// <summary>One tensor listed in a model file: its name, element type and shape.</summary>
public sealed class TensorInfo
{
    private readonly int[] _shape;

    internal TensorInfo(string name, TensorDType dtype, int[] shape, long offset, long byteLength)
    {
        Name = name; DType = dtype; _shape = shape; Offset = offset; ByteLength = byteLength;
    }

    /// <summary>The tensor's name, e.g. <c>params/actor.0.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorDType DType { get; }

    /// <summary>The shape (one entry per axis; empty for a scalar).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The number of elements (the product of the shape).</summary>
    public long ElementCount => ByteLength / TensorDTypes.ElementSize(DType);

    /// <summary>The byte offset of the data within the data section.</summary>
    internal long Offset { get; }

    /// <summary>The number of data bytes.</summary>
    internal long ByteLength { get; }

    internal ReadOnlySpan<int> ShapeSpan => _shape;

    /// <inheritdoc />
    public override string ToString() => $"{Name} {TensorDTypes.Name(DType)}{Ascent.Numerics.Tensor.Format(_shape)}";
}
