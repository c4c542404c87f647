namespace Ascent.Numerics.Kernels;

/// <summary>Which instruction set the double-precision kernels (<see cref="ISimdDouble{TV}"/>) run on.</summary>
internal enum SimdPath
{
    /// <summary>The fastest path that is supported and, where bit-exactness depends on it, verified.</summary>
    Auto,
    /// <summary>Portable scalar code.</summary>
    Scalar,
    /// <summary>AVX2 with FMA, 4 doubles per vector (<see cref="SimdDouble256"/>).</summary>
    Vector256,
    /// <summary>AVX-512, 8 doubles per vector (<see cref="SimdDouble512"/>).</summary>
    Vector512,
}
