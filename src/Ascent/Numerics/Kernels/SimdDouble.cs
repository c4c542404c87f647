using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The double-precision SIMD operations of the batched environments and their bit-exact libm kernels, over a vector
/// type <typeparamref name="TV"/>. Kernels are generic over an implementing struct (as <see cref="ISimdFloat{TV}"/>
/// is for GEMM), so the JIT compiles one specialised copy per instruction set (AVX-512, AVX2+FMA) from one source.
/// </summary>
/// <remarks>
/// Every arithmetic member is one IEEE-754 operation rounded to nearest (<see cref="MultiplyAdd"/> rounds once), so
/// a kernel written with them performs exactly the operations it spells out, lane by lane, with no contraction or
/// reassociation. Masks are vectors whose lanes are all ones (true) or all zeros (false), as the comparisons return.
/// </remarks>
internal unsafe interface ISimdDouble<TV> where TV : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Width { get; }

    static abstract TV Splat(double x);
    /// <summary>Every lane holds the double with raw bits <paramref name="bits"/>.</summary>
    static abstract TV SplatBits(ulong bits);
    static abstract TV Load(double* p);
    static abstract void Store(double* p, TV v);
    /// <summary><see cref="Width"/> floats at <paramref name="p"/>, widened exactly to doubles.</summary>
    static abstract TV LoadWidened(float* p);

    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);
    /// <summary><c>a·b + c</c> rounded once (IEEE fusedMultiplyAdd).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    /// <summary>Flips the sign bit (IEEE negate: −(+0) = −0).</summary>
    static abstract TV Negate(TV a);
    static abstract TV Abs(TV a);
    /// <summary>Rounds toward zero to an integral value.</summary>
    static abstract TV Truncate(TV a);

    static abstract TV And(TV a, TV b);
    static abstract TV Or(TV a, TV b);
    static abstract TV Xor(TV a, TV b);
    /// <summary><c>a &amp; ~b</c>.</summary>
    static abstract TV AndNot(TV a, TV b);
    /// <summary>The lanes whose raw 64-bit pattern has any of <paramref name="bits"/> set.</summary>
    static abstract TV AnyBitSet(TV a, ulong bits);

    static abstract TV Equal(TV a, TV b);
    static abstract TV LessThan(TV a, TV b);
    static abstract TV LessThanOrEqual(TV a, TV b);
    static abstract TV GreaterThan(TV a, TV b);
    static abstract TV GreaterThanOrEqual(TV a, TV b);
    /// <summary>Per lane, <paramref name="ifTrue"/> where <paramref name="mask"/> is set, else <paramref name="ifFalse"/>.</summary>
    static abstract TV Select(TV mask, TV ifTrue, TV ifFalse);
    /// <summary>Bit i is set when lane i of <paramref name="mask"/> is set.</summary>
    static abstract uint LaneBits(TV mask);

    /// <summary>
    /// Reads row r of a row-major table with 4 doubles per row for each lane, r being the low 7 bits of the lane's raw
    /// pattern (so the table must have 128 rows); column j goes to <paramref name="c0"/> … <paramref name="c3"/>.
    /// </summary>
    static abstract void GatherRows4(double* table, TV rows, out TV c0, out TV c1, out TV c2, out TV c3);

    /// <summary>
    /// <see cref="GatherRows4"/> for rows below 32 (the low 5 bits of each lane's raw pattern), reading a column-major
    /// copy of the first 32 rows (<paramref name="columns"/>: 4 × 32 doubles); may be cheaper than a general lookup.
    /// </summary>
    static abstract void GatherRows4Below32(double* table, double* columns, TV rows, out TV c0, out TV c1, out TV c2, out TV c3);

    /// <summary>Writes <see cref="Width"/> rows of 4 floats: <c>p[4i + j] = (float)c_j[i]</c>.</summary>
    static abstract void StoreRows4(float* p, TV c0, TV c1, TV c2, TV c3);
    /// <summary>Writes <see cref="Width"/> rows of 3 floats: <c>p[3i + j] = (float)c_j[i]</c>.</summary>
    static abstract void StoreRows3(float* p, TV c0, TV c1, TV c2);
    /// <summary>Writes <see cref="Width"/> bools: <c>p[i] = lane i of mask is set</c>.</summary>
    static abstract void StoreBools(bool* p, TV mask);
    /// <summary>Adds 1 to <see cref="Width"/> int counters and returns the mask of lanes whose new count is ≥ <paramref name="limit"/>.</summary>
    static abstract TV IncrementCounters(int* counters, int limit);
}

/// <summary>AVX-512F (with DQ): 8 doubles per vector.</summary>
internal unsafe struct SimdDouble512 : ISimdDouble<Vector512<double>>
{
    /// <summary>Whether this CPU runs it.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx512DQ.IsSupported && Bmi2.X64.IsSupported;

    public static int Width => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Splat(double x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> SplatBits(ulong bits) => Vector512.Create(bits).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(double* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double* p, Vector512<double> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LoadWidened(float* p) => Avx512F.ConvertToVector512Double(Vector256.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Avx512F.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Negate(Vector512<double> a) => a ^ Vector512.Create(-0.0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Abs(Vector512<double> a) => Vector512.AndNot(a, Vector512.Create(-0.0));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Truncate(Vector512<double> a) => Vector512.Truncate(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Xor(Vector512<double> a, Vector512<double> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> AndNot(Vector512<double> a, Vector512<double> b) => Vector512.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AnyBitSet(Vector512<double> a, ulong bits) =>
        (~Vector512.Equals(a.AsUInt64() & Vector512.Create(bits), Vector512<ulong>.Zero)).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Equal(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Select(Vector512<double> mask, Vector512<double> ifTrue, Vector512<double> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static uint LaneBits(Vector512<double> mask) => (uint)mask.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherRows4(double* table, Vector512<double> rows, out Vector512<double> c0, out Vector512<double> c1, out Vector512<double> c2, out Vector512<double> c3)
    {
        // .NET has no AVX-512 gather; eight 32-byte row loads and a transpose are cheaper than two AVX2 gathers per column.
        // The offsets are moved to general registers lane by lane: reading them back from a stack copy of the vector
        // would depend on store-to-load forwarding of a 64-byte store, which fails when the stack slot straddles a
        // 32-byte boundary (the speed would then depend on where the stack happens to start).
        var offsets = (rows.AsInt64() & Vector512.Create(127L)) << 2;
        Vector128<long> o01 = offsets.GetLower().GetLower(), o23 = offsets.GetLower().GetUpper();
        Vector128<long> o45 = offsets.GetUpper().GetLower(), o67 = offsets.GetUpper().GetUpper();
        var r01 = Pair(Vector256.Load(table + o01.ToScalar()), Vector256.Load(table + o01.GetElement(1)));
        var r23 = Pair(Vector256.Load(table + o23.ToScalar()), Vector256.Load(table + o23.GetElement(1)));
        var r45 = Pair(Vector256.Load(table + o45.ToScalar()), Vector256.Load(table + o45.GetElement(1)));
        var r67 = Pair(Vector256.Load(table + o67.ToScalar()), Vector256.Load(table + o67.GetElement(1)));
        var low0123 = Avx512F.PermuteVar8x64x2(r01, Columns01, r23);   // columns 0 and 1 of rows 0–3
        var high0123 = Avx512F.PermuteVar8x64x2(r01, Columns23, r23);
        var low4567 = Avx512F.PermuteVar8x64x2(r45, Columns01, r67);
        var high4567 = Avx512F.PermuteVar8x64x2(r45, Columns23, r67);
        c0 = Avx512F.PermuteVar8x64x2(low0123, FirstHalves, low4567);
        c1 = Avx512F.PermuteVar8x64x2(low0123, SecondHalves, low4567);
        c2 = Avx512F.PermuteVar8x64x2(high0123, FirstHalves, high4567);
        c3 = Avx512F.PermuteVar8x64x2(high0123, SecondHalves, high4567);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherRows4Below32(double* table, double* columns, Vector512<double> rows, out Vector512<double> c0, out Vector512<double> c1, out Vector512<double> c2, out Vector512<double> c3)
    {
        // Two-source permutes pick from 16 entries; bit 4 of the row chooses between the two halves of a column.
        var index = rows.AsInt64();
        var upper = AnyBitSet(rows, 16);
        c0 = Column(columns, index, upper);
        c1 = Column(columns + 32, index, upper);
        c2 = Column(columns + 64, index, upper);
        c3 = Column(columns + 96, index, upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Column(double* column, Vector512<long> index, Vector512<double> upper) =>
        Vector512.ConditionalSelect(upper,
            Avx512F.PermuteVar8x64x2(Vector512.Load(column + 16), index, Vector512.Load(column + 24)),
            Avx512F.PermuteVar8x64x2(Vector512.Load(column), index, Vector512.Load(column + 8)));

    private static Vector512<long> Columns01 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(0L, 4, 8, 12, 1, 5, 9, 13); }
    private static Vector512<long> Columns23 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(2L, 6, 10, 14, 3, 7, 11, 15); }
    private static Vector512<long> FirstHalves { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11); }
    private static Vector512<long> SecondHalves { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreRows4(float* p, Vector512<double> c0, Vector512<double> c1, Vector512<double> c2, Vector512<double> c3)
    {
        // Narrow each column to 8 floats, pair them in two 16-float vectors and interleave with two-source permutes.
        var a = Pair(Avx512F.ConvertToVector256Single(c0), Avx512F.ConvertToVector256Single(c1));
        var b = Pair(Avx512F.ConvertToVector256Single(c2), Avx512F.ConvertToVector256Single(c3));
        Avx512F.PermuteVar16x32x2(a, Rows4Low, b).Store(p);
        Avx512F.PermuteVar16x32x2(a, Rows4High, b).Store(p + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreRows3(float* p, Vector512<double> c0, Vector512<double> c1, Vector512<double> c2)
    {
        var a = Pair(Avx512F.ConvertToVector256Single(c0), Avx512F.ConvertToVector256Single(c1));
        var b = Avx512F.ConvertToVector256Single(c2).ToVector512Unsafe();
        Avx512F.PermuteVar16x32x2(a, Rows3Low, b).Store(p);
        Avx512F.PermuteVar16x32x2(a, Rows3High, b).GetLower().Store(p + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBools(bool* p, Vector512<double> mask) =>
        *(ulong*)p = Bmi2.X64.ParallelBitDeposit(mask.ExtractMostSignificantBits(), 0x0101010101010101UL);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> IncrementCounters(int* counters, int limit)
    {
        var count = Vector256.Load(counters) + Vector256<int>.One;
        count.Store(counters);
        return Avx512F.ConvertToVector512Int64(Vector256.GreaterThanOrEqual(count, Vector256.Create(limit))).AsDouble();
    }

    /// <summary><paramref name="low"/> and <paramref name="high"/> as one vector (one insert, no dependence on an old register).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Pair<T>(Vector256<T> low, Vector256<T> high) => Avx512F.InsertVector256(low.ToVector512Unsafe().AsDouble(), high.AsDouble(), 1).As<double, T>();

    // Permute indices: 0–7 pick column 0, 8–15 column 1 (vector a), 16–23 column 2, 24–31 column 3 (vector b).
    private static Vector512<int> Rows4Low { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(0, 8, 16, 24, 1, 9, 17, 25, 2, 10, 18, 26, 3, 11, 19, 27); }
    private static Vector512<int> Rows4High { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(4, 12, 20, 28, 5, 13, 21, 29, 6, 14, 22, 30, 7, 15, 23, 31); }
    private static Vector512<int> Rows3Low { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(0, 8, 16, 1, 9, 17, 2, 10, 18, 3, 11, 19, 4, 12, 20, 5); }
    private static Vector512<int> Rows3High { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(13, 21, 6, 14, 22, 7, 15, 23, 0, 0, 0, 0, 0, 0, 0, 0); }
}

/// <summary>AVX2 with FMA: 4 doubles per vector.</summary>
internal unsafe struct SimdDouble256 : ISimdDouble<Vector256<double>>
{
    /// <summary>Whether this CPU runs it.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported && Bmi2.IsSupported;

    public static int Width => 4;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Splat(double x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> SplatBits(ulong bits) => Vector256.Create(bits).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Load(double* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double* p, Vector256<double> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LoadWidened(float* p) => Avx.ConvertToVector256Double(Vector128.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Fma.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Negate(Vector256<double> a) => a ^ Vector256.Create(-0.0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Abs(Vector256<double> a) => Vector256.AndNot(a, Vector256.Create(-0.0));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Truncate(Vector256<double> a) => Vector256.Truncate(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Xor(Vector256<double> a, Vector256<double> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> AndNot(Vector256<double> a, Vector256<double> b) => Vector256.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AnyBitSet(Vector256<double> a, ulong bits) =>
        (~Vector256.Equals(a.AsUInt64() & Vector256.Create(bits), Vector256<ulong>.Zero)).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Select(Vector256<double> mask, Vector256<double> ifTrue, Vector256<double> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static uint LaneBits(Vector256<double> mask) => mask.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherRows4(double* table, Vector256<double> rows, out Vector256<double> c0, out Vector256<double> c1, out Vector256<double> c2, out Vector256<double> c3)
    {
        var index = (rows.AsInt64() & Vector256.Create(127L)) << 2;
        c0 = Avx2.GatherVector256(table, index, 8);
        c1 = Avx2.GatherVector256(table + 1, index, 8);
        c2 = Avx2.GatherVector256(table + 2, index, 8);
        c3 = Avx2.GatherVector256(table + 3, index, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherRows4Below32(double* table, double* columns, Vector256<double> rows, out Vector256<double> c0, out Vector256<double> c1, out Vector256<double> c2, out Vector256<double> c3) =>
        GatherRows4(table, rows, out c0, out c1, out c2, out c3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreRows4(float* p, Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3)
    {
        // A 4 × 4 transpose of the narrowed columns.
        Vector128<float> f0 = Avx.ConvertToVector128Single(c0), f1 = Avx.ConvertToVector128Single(c1);
        Vector128<float> f2 = Avx.ConvertToVector128Single(c2), f3 = Avx.ConvertToVector128Single(c3);
        Vector128<float> t0 = Sse.UnpackLow(f0, f1), t1 = Sse.UnpackLow(f2, f3), t2 = Sse.UnpackHigh(f0, f1), t3 = Sse.UnpackHigh(f2, f3);
        Sse.MoveLowToHigh(t0, t1).Store(p);
        Sse.MoveHighToLow(t1, t0).Store(p + 4);
        Sse.MoveLowToHigh(t2, t3).Store(p + 8);
        Sse.MoveHighToLow(t3, t2).Store(p + 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreRows3(float* p, Vector256<double> c0, Vector256<double> c1, Vector256<double> c2)
    {
        Vector128<float> f0 = Avx.ConvertToVector128Single(c0), f1 = Avx.ConvertToVector128Single(c1), f2 = Avx.ConvertToVector128Single(c2);
        for (int i = 0; i < 4; i++)
        {
            p[3 * i] = f0.GetElement(i);
            p[3 * i + 1] = f1.GetElement(i);
            p[3 * i + 2] = f2.GetElement(i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBools(bool* p, Vector256<double> mask) =>
        *(uint*)p = Bmi2.ParallelBitDeposit(mask.ExtractMostSignificantBits(), 0x01010101U);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> IncrementCounters(int* counters, int limit)
    {
        var count = Vector128.Load(counters) + Vector128<int>.One;
        count.Store(counters);
        return Avx2.ConvertToVector256Int64(Vector128.GreaterThanOrEqual(count, Vector128.Create(limit))).AsDouble();
    }
}
