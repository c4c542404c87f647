namespace Ascent.Numerics.Kernels;

/// <summary>Which instruction set the GEMM kernels run on.</summary>
internal enum GemmPath
{
    /// <summary>The fastest the CPU supports (<see cref="Gemm.BestPath"/>).</summary>
    Auto,
    /// <summary>Portable scalar code.</summary>
    Scalar,
    /// <summary>AVX2 with FMA, 8 floats per vector.</summary>
    Vector256,
    /// <summary>AVX-512F, 16 floats per vector.</summary>
    Vector512,
}
