using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The handful of float SIMD operations the GEMM kernels need, over a vector type <typeparamref name="TV"/>.
/// Kernels are generic over an implementing struct, so the JIT compiles one specialised copy per instruction
/// set (AVX-512, AVX2+FMA, scalar) from a single source.
/// </summary>
internal unsafe interface ISimdFloat<TV> where TV : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Width { get; }

    /// <summary>Rows of C one register tile covers (the tile is <c>TileRows × 2·Width</c>).</summary>
    static abstract int TileRows { get; }

    static abstract TV Zero { get; }
    static abstract TV Load(float* p);
    static abstract void Store(float* p, TV v);
    static abstract TV Splat(float x);
    /// <summary><c>a·b + c</c> (fused where the hardware has FMA).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract TV Multiply(TV a, TV b);
    static abstract float Sum(TV v);
}

/// <summary>AVX-512F: 16 lanes, 32 registers, so an 8 × 32 tile keeps 16 accumulators in registers.</summary>
internal unsafe struct Simd512 : ISimdFloat<Vector512<float>>
{
    public static int Width => 16;
    public static int TileRows => 8;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Avx512F.LoadVector512(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector512<float> v) => Avx512F.Store(p, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => Avx512F.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> v) => Vector512.Sum(v);
}

/// <summary>AVX2 + FMA: 8 lanes, 16 registers, so a 6 × 16 tile keeps 12 accumulators in registers.</summary>
internal unsafe struct Simd256 : ISimdFloat<Vector256<float>>
{
    public static int Width => 8;
    public static int TileRows => 6;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Avx.LoadVector256(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector256<float> v) => Avx.Store(p, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Fma.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => Avx.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> v) => Vector256.Sum(v);
}

/// <summary>Portable fallback: one lane; a 4 × 2 tile of scalar accumulators.</summary>
internal unsafe struct SimdScalar : ISimdFloat<float>
{
    public static int Width => 1;
    public static int TileRows => 4;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(float* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, float v) => *p = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Splat(float x) => x;
    // Not MathF.FusedMultiplyAdd: without hardware FMA that is a slow software call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Multiply(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(float v) => v;
}
