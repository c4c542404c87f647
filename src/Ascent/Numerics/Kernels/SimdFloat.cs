using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The handful of float SIMD operations the GEMM kernels need, over a vector type <typeparamref name="TV"/>.
/// Kernels are generic over an implementing struct, so the JIT compiles one specialised copy per instruction
/// set (AVX-512, AVX2+FMA, scalar) from a single source.
/// </summary>
internal unsafe interface ISimdFloat<TV> where TV : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Width { get; }

    /// <summary>Rows of C one register tile covers (the tile is <c>TileRows × 2·Width</c>).</summary>
    static abstract int TileRows { get; }

    /// <summary>How many accumulator vectors a tile may keep in registers (the rest hold operands).</summary>
    static abstract int MaxAccumulators { get; }

    static abstract TV Zero { get; }
    static abstract TV Load(float* p);
    static abstract void Store(float* p, TV v);
    static abstract TV Splat(float x);
    /// <summary><c>a·b + c</c> (fused where the hardware has FMA).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Add(TV a, TV b);
    static abstract float Sum(TV v);

    /// <summary>
    /// Loads <c>Width / groups</c> floats at <paramref name="p"/> and repeats them <paramref name="groups"/>
    /// times across the vector (groups ∈ {1, 2, 4}): the A operand of <see cref="GemmNarrowKernel"/>.
    /// </summary>
    static abstract TV LoadRepeated(float* p, int groups);

    /// <summary>
    /// <see cref="LoadRepeated"/> reading only the first <paramref name="count"/> (&lt; Width / groups) floats;
    /// the other lanes of each run are zero.
    /// </summary>
    static abstract TV LoadRepeatedPrefix(float* p, int groups, int count);

    /// <summary>
    /// Group sums of <c>Width</c> vectors: lanes of each vector form <paramref name="groups"/> runs of
    /// <c>Width / groups</c> (one run per output column); writes <c>Width × groups</c> floats, row-major:
    /// <c>dst[r·groups + j]</c> = sum of run <c>j</c> of <c>v_r</c>.
    /// </summary>
    static abstract void SumGroups(float* dst, int groups, TV v0, TV v1, TV v2, TV v3, TV v4, TV v5, TV v6, TV v7,
        TV v8, TV v9, TV v10, TV v11, TV v12, TV v13, TV v14, TV v15);

    /// <summary>
    /// Reorders one vector holding <c>Width / groups</c> rows of <paramref name="groups"/> floats (row-major)
    /// into <paramref name="groups"/> runs, run <c>j</c> holding column <c>j</c>: the packed op(B) layout of
    /// <see cref="GemmNarrowKernel"/> for a contiguous B.
    /// </summary>
    static abstract TV TransposeRuns(TV v, int groups);

    /// <summary>A mask selecting the first <paramref name="count"/> lanes (all lanes when count ≥ Width).</summary>
    static abstract TV PrefixMask(int count);

    /// <summary>Loads the lanes <paramref name="mask"/> selects, zeros elsewhere; reads no memory outside them.</summary>
    static abstract TV LoadMasked(float* p, TV mask);

    /// <summary>
    /// Horizontal sums of <c>Width</c> vectors at once: lane <c>i</c> of the result is the sum of the lanes of
    /// <c>v_i</c>. A shuffle-and-add tree costs about three instructions per sum instead of one full
    /// reduction each.
    /// </summary>
    /// <remarks>Takes <c>Width</c> vectors (up to 16); the rest are ignored.</remarks>
    static abstract TV SumEach(TV v0, TV v1, TV v2, TV v3, TV v4, TV v5, TV v6, TV v7,
        TV v8, TV v9, TV v10, TV v11, TV v12, TV v13, TV v14, TV v15);
}

/// <summary>AVX-512F: 16 lanes, 32 registers, so an 8 × 32 tile keeps 16 accumulators in registers.</summary>
internal unsafe struct Simd512 : ISimdFloat<Vector512<float>>
{
    public static int Width => 16;
    public static int TileRows => 8;
    public static int MaxAccumulators => 16;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Avx512F.LoadVector512(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector512<float> v) => Avx512F.Store(p, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => Avx512F.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => Avx512F.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> v) => Vector512.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PrefixMask(int count) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadMasked(float* p, Vector512<float> mask) => Avx512F.MaskLoad(p, mask, Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SumEach(Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7,
        Vector512<float> v8, Vector512<float> v9, Vector512<float> v10, Vector512<float> v11,
        Vector512<float> v12, Vector512<float> v13, Vector512<float> v14, Vector512<float> v15)
    {
        // Four halving levels (256-bit halves, 128-bit quarters, 64-bit pairs, single floats), each combining two
        // vectors' partial sums into one. The final lane order is a 4×4 transpose of the input order, so the
        // inputs are taken transposed (v0, v4, v8, v12, v1, …) and the result comes out in order.
        var w0 = Fold256(v0, v4); var w1 = Fold256(v8, v12);
        var w2 = Fold256(v1, v5); var w3 = Fold256(v9, v13);
        var w4 = Fold256(v2, v6); var w5 = Fold256(v10, v14);
        var w6 = Fold256(v3, v7); var w7 = Fold256(v11, v15);
        var u0 = Fold128(w0, w1); var u1 = Fold128(w2, w3); var u2 = Fold128(w4, w5); var u3 = Fold128(w6, w7);
        return Fold32(Fold64(u0, u1), Fold64(u2, u3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadRepeated(float* p, int groups) => groups switch
    {
        1 => Avx512F.LoadVector512(p),
        2 => Avx512F.BroadcastVector256ToVector512((double*)p).AsSingle(),
        _ => Avx512F.BroadcastVector128ToVector512(p),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> TransposeRuns(Vector512<float> v, int groups) => groups switch
    {
        1 => v,
        2 => Avx512F.PermuteVar16x32(v, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15)),
        _ => Avx512F.PermuteVar16x32(v, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15)),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadRepeatedPrefix(float* p, int groups, int count)
    {
        if (groups == 1) return Avx512F.MaskLoad(p, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle(), Vector512<float>.Zero);
        if (groups == 2)
        {
            var half = Avx.MaskLoad(p, Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle());
            return Vector512.Create(half, half);
        }
        var quarter = Avx.MaskLoad(p, Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).AsSingle());
        var two = Vector256.Create(quarter, quarter);
        return Vector512.Create(two, two);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SumGroups(float* dst, int groups, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7,
        Vector512<float> v8, Vector512<float> v9, Vector512<float> v10, Vector512<float> v11,
        Vector512<float> v12, Vector512<float> v13, Vector512<float> v14, Vector512<float> v15)
    {
        if (groups == 1)
        {
            Avx512F.Store(dst, SumEach(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15));
            return;
        }
        // Only the levels within a run are folded. Either way each result vector holds 16 sums whose lane
        // 4q + s belongs at 4s + q of the row-major block, so one transposing permute puts them in place.
        var order = Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        if (groups == 2)
        {
            // Runs of 8: fold 128-bit quarters, 64-bit pairs, floats; 8 rows × 2 columns per result.
            Avx512F.Store(dst, Avx512F.PermuteVar16x32(Fold32(Fold64(Fold128(v0, v1), Fold128(v2, v3)), Fold64(Fold128(v4, v5), Fold128(v6, v7))), order));
            Avx512F.Store(dst + 16, Avx512F.PermuteVar16x32(Fold32(Fold64(Fold128(v8, v9), Fold128(v10, v11)), Fold64(Fold128(v12, v13), Fold128(v14, v15))), order));
        }
        else
        {
            // Runs of 4: fold 64-bit pairs, floats; 4 rows × 4 columns per result.
            Avx512F.Store(dst, Avx512F.PermuteVar16x32(Fold32(Fold64(v0, v1), Fold64(v2, v3)), order));
            Avx512F.Store(dst + 16, Avx512F.PermuteVar16x32(Fold32(Fold64(v4, v5), Fold64(v6, v7)), order));
            Avx512F.Store(dst + 32, Avx512F.PermuteVar16x32(Fold32(Fold64(v8, v9), Fold64(v10, v11)), order));
            Avx512F.Store(dst + 48, Avx512F.PermuteVar16x32(Fold32(Fold64(v12, v13), Fold64(v14, v15)), order));
        }
    }

    // Each fold adds lane pairs at one distance and packs two vectors' results into one:
    // Fold256: [x.lo+x.hi | y.lo+y.hi]; Fold128: quarters [x.q0+x.q1, x.q2+x.q3, y.q0+y.q1, y.q2+y.q3];
    // Fold64 and Fold32 work inside each 128-bit quarter on 64-bit pairs and single floats.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fold256(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Add(Avx512F.Shuffle4x128(x, y, 0x44), Avx512F.Shuffle4x128(x, y, 0xEE));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fold128(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Add(Avx512F.Shuffle4x128(x, y, 0x88), Avx512F.Shuffle4x128(x, y, 0xDD));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fold64(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Add(Avx512F.UnpackLow(x.AsDouble(), y.AsDouble()).AsSingle(), Avx512F.UnpackHigh(x.AsDouble(), y.AsDouble()).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fold32(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Add(Avx512F.Shuffle(x, y, 0x88), Avx512F.Shuffle(x, y, 0xDD));
}

/// <summary>AVX2 + FMA: 8 lanes, 16 registers, so a 6 × 16 tile keeps 12 accumulators in registers.</summary>
internal unsafe struct Simd256 : ISimdFloat<Vector256<float>>
{
    public static int Width => 8;
    public static int TileRows => 6;
    public static int MaxAccumulators => 12;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Avx.LoadVector256(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector256<float> v) => Avx.Store(p, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Fma.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => Avx.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => Avx.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> v) => Vector256.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PrefixMask(int count) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadMasked(float* p, Vector256<float> mask) => Avx.MaskLoad(p, mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SumEach(Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3,
        Vector256<float> v4, Vector256<float> v5, Vector256<float> v6, Vector256<float> v7,
        Vector256<float> v8, Vector256<float> v9, Vector256<float> v10, Vector256<float> v11,
        Vector256<float> v12, Vector256<float> v13, Vector256<float> v14, Vector256<float> v15)
    {
        // Three halving levels (128-bit halves, 64-bit pairs, single floats); inputs taken in the transposed
        // order (v0, v4, v1, v5, …) so the sums come out in order.
        var w0 = Fold128(v0, v4); var w1 = Fold128(v1, v5);
        var w2 = Fold128(v2, v6); var w3 = Fold128(v3, v7);
        return Fold32(Fold64(w0, w1), Fold64(w2, w3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadRepeated(float* p, int groups) => groups switch
    {
        1 => Avx.LoadVector256(p),
        2 => Avx.BroadcastVector128ToVector256(p),
        _ => Avx.BroadcastScalarToVector256((double*)p).AsSingle(),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> TransposeRuns(Vector256<float> v, int groups) => groups switch
    {
        1 => v,
        2 => Avx2.PermuteVar8x32(v, Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7)),
        _ => Avx2.PermuteVar8x32(v, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadRepeatedPrefix(float* p, int groups, int count)
    {
        if (groups == 1) return Avx.MaskLoad(p, Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle());
        if (groups == 2)
        {
            var half = Avx.MaskLoad(p, Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).AsSingle());
            return Vector256.Create(half, half);
        }
        // Runs of two floats, of which only the first is read.
        return Vector256.Create(*p, 0f, *p, 0f, *p, 0f, *p, 0f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SumGroups(float* dst, int groups, Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3,
        Vector256<float> v4, Vector256<float> v5, Vector256<float> v6, Vector256<float> v7,
        Vector256<float> v8, Vector256<float> v9, Vector256<float> v10, Vector256<float> v11,
        Vector256<float> v12, Vector256<float> v13, Vector256<float> v14, Vector256<float> v15)
    {
        if (groups == 1)
        {
            Avx.Store(dst, SumEach(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15));
        }
        else if (groups == 2)
        {
            // Runs of 4 (one 128-bit half per column): fold 64-bit pairs, floats; 4 rows × 2 columns per result,
            // lane 4j + s holding row s, column j.
            var order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
            Avx.Store(dst, Avx2.PermuteVar8x32(Fold32(Fold64(v0, v1), Fold64(v2, v3)), order));
            Avx.Store(dst + 8, Avx2.PermuteVar8x32(Fold32(Fold64(v4, v5), Fold64(v6, v7)), order));
        }
        else
        {
            // Runs of 2: fold floats; 2 rows × 4 columns per result, lanes [x0 x1 y0 y1 | x2 x3 y2 y3].
            var order = Vector256.Create(0, 1, 4, 5, 2, 3, 6, 7);
            Avx.Store(dst, Avx2.PermuteVar8x32(Fold32(v0, v1), order));
            Avx.Store(dst + 8, Avx2.PermuteVar8x32(Fold32(v2, v3), order));
            Avx.Store(dst + 16, Avx2.PermuteVar8x32(Fold32(v4, v5), order));
            Avx.Store(dst + 24, Avx2.PermuteVar8x32(Fold32(v6, v7), order));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fold128(Vector256<float> x, Vector256<float> y) =>
        Avx.Add(Avx.Permute2x128(x, y, 0x20), Avx.Permute2x128(x, y, 0x31));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fold64(Vector256<float> x, Vector256<float> y) =>
        Avx.Add(Avx.UnpackLow(x.AsDouble(), y.AsDouble()).AsSingle(), Avx.UnpackHigh(x.AsDouble(), y.AsDouble()).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fold32(Vector256<float> x, Vector256<float> y) =>
        Avx.Add(Avx.Shuffle(x, y, 0x88), Avx.Shuffle(x, y, 0xDD));
}

/// <summary>Portable fallback: one lane; a 4 × 2 tile of scalar accumulators.</summary>
internal unsafe struct SimdScalar : ISimdFloat<float>
{
    public static int Width => 1;
    public static int TileRows => 4;
    public static int MaxAccumulators => 8;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(float* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, float v) => *p = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Splat(float x) => x;
    // Not MathF.FusedMultiplyAdd: without hardware FMA that is a slow software call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Multiply(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(float v) => v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float PrefixMask(int count) => count > 0 ? BitConverter.Int32BitsToSingle(-1) : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float LoadMasked(float* p, float mask) => BitConverter.SingleToInt32Bits(mask) != 0 ? *p : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SumEach(float v0, float v1, float v2, float v3, float v4, float v5, float v6, float v7,
        float v8, float v9, float v10, float v11, float v12, float v13, float v14, float v15) => v0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float LoadRepeated(float* p, int groups) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float TransposeRuns(float v, int groups) => v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float LoadRepeatedPrefix(float* p, int groups, int count) => count > 0 ? *p : 0f;
    public static void SumGroups(float* dst, int groups, float v0, float v1, float v2, float v3, float v4, float v5, float v6, float v7,
        float v8, float v9, float v10, float v11, float v12, float v13, float v14, float v15) => *dst = v0;
}
