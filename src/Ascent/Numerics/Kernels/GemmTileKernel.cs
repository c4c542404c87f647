using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The register-blocked micro-kernel of the GEMM: one tile of C, <c>TRows × (TCols·Width)</c>, is
/// accumulated in registers over <c>kc</c> rank-1 updates, each a broadcast of one A element times one row
/// of the B panel (a fused multiply-add per accumulator), and then written once:
/// <c>C_tile = alpha · Σ_p A[:, p] ⊗ B[p, :] + beta · C_tile</c>.
/// </summary>
/// <remarks>
/// B's rows are read as <c>TCols</c> full vectors at <c>b + p·ldb</c> (a packed panel, or B itself when its
/// rows are long enough). A is read where it lies (<see cref="IOperandLayout"/>), so small problems need no
/// packing. C is written directly when the tile is whole and row-major; otherwise through a small stack tile,
/// which also serves the transposed store used when the driver computes <c>Cᵀ = op(B)ᵀ·op(A)ᵀ</c>.
/// With beta = 0, C is never read, so NaNs there do not propagate.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class GemmTileKernel
{
    /// <summary>The most rows any instruction set's tile has.</summary>
    public const int MaxRows = 8;

    /// <summary>The most vectors across one tile row.</summary>
    public const int MaxVectors = 4;

    /// <summary>The widest tile row in floats (four AVX-512 vectors).</summary>
    public const int MaxColumns = MaxVectors * 16;

    /// <summary>
    /// Computes one tile of <c>TRows</c> rows and <c>TCols</c> vectors (1, 2 or 4) per row, keeping
    /// <paramref name="nr"/> ≤ <c>TCols·Width</c> columns; C element (r, j) is at
    /// <c>c + r·cRowStride + j·cColStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TS, TV, TRows, TCols, TLayout>(int kc, float* a, nint lda, float* b, nint ldb,
        float* c, nint cRowStride, nint cColStride, int nr, float alpha, float beta, bool prefetch)
        where TS : ISimdFloat<TV> where TV : unmanaged
        where TRows : IConstInt where TCols : IConstInt where TLayout : IOperandLayout
    {
        int w = TS.Width, rows = TRows.Value, v = TCols.Value;
        nint rs = TLayout.RowsContiguous ? lda : 1, cs = TLayout.RowsContiguous ? 1 : lda;
        // Accumulator cRV holds row R, vector V of the tile; the JIT keeps only those the tile shape uses.
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c42 = TS.Zero, c43 = TS.Zero;
        TV c50 = TS.Zero, c51 = TS.Zero, c52 = TS.Zero, c53 = TS.Zero;
        TV c60 = TS.Zero, c61 = TS.Zero, c62 = TS.Zero, c63 = TS.Zero;
        TV c70 = TS.Zero, c71 = TS.Zero, c72 = TS.Zero, c73 = TS.Zero;

        // Prefetching (for operands streamed from L2 rather than held in L1) runs PrefetchSteps steps ahead.
        nint pfB = prefetch ? PrefetchSteps * ldb : 0;
        nint pfA = prefetch && !TLayout.RowsContiguous ? PrefetchSteps * cs : 0;
        int p = 0;
        if (rows <= 4 && 2 * rows * v <= TS.MaxAccumulators)
        {
            // A short tile has too few accumulators to hide the FMA latency: run even and odd steps into
            // separate accumulators (the ones rows 4–7 would use) and add them at the end.
            for (; p + 1 < kc; p += 2)
            {
                if (prefetch)
                {
                    PrefetchRow(b + pfB, v * w);
                    PrefetchRow(b + pfB + ldb, v * w);
                    if (pfA != 0) { PrefetchRow(a + pfA, rows); PrefetchRow(a + pfA + cs, rows); }
                }
                TV b0 = TS.Load(b), e0 = TS.Load(b + ldb);
                TV b1 = v > 1 ? TS.Load(b + w) : TS.Zero, e1 = v > 1 ? TS.Load(b + ldb + w) : TS.Zero;
                TV b2 = v > 2 ? TS.Load(b + 2 * w) : TS.Zero, e2 = v > 2 ? TS.Load(b + ldb + 2 * w) : TS.Zero;
                TV b3 = v > 3 ? TS.Load(b + 3 * w) : TS.Zero, e3 = v > 3 ? TS.Load(b + ldb + 3 * w) : TS.Zero;
                TV x, y;
                if (rows > 0)
                {
                    x = TS.Splat(a[0]);
                    y = TS.Splat(a[cs]);
                    c00 = TS.MultiplyAdd(x, b0, c00); c40 = TS.MultiplyAdd(y, e0, c40);
                    if (v > 1) { c01 = TS.MultiplyAdd(x, b1, c01); c41 = TS.MultiplyAdd(y, e1, c41); }
                    if (v > 2) { c02 = TS.MultiplyAdd(x, b2, c02); c42 = TS.MultiplyAdd(y, e2, c42); }
                    if (v > 3) { c03 = TS.MultiplyAdd(x, b3, c03); c43 = TS.MultiplyAdd(y, e3, c43); }
                }
                if (rows > 1)
                {
                    x = TS.Splat(a[rs]);
                    y = TS.Splat(a[rs + cs]);
                    c10 = TS.MultiplyAdd(x, b0, c10); c50 = TS.MultiplyAdd(y, e0, c50);
                    if (v > 1) { c11 = TS.MultiplyAdd(x, b1, c11); c51 = TS.MultiplyAdd(y, e1, c51); }
                    if (v > 2) { c12 = TS.MultiplyAdd(x, b2, c12); c52 = TS.MultiplyAdd(y, e2, c52); }
                    if (v > 3) { c13 = TS.MultiplyAdd(x, b3, c13); c53 = TS.MultiplyAdd(y, e3, c53); }
                }
                if (rows > 2)
                {
                    x = TS.Splat(a[2 * rs]);
                    y = TS.Splat(a[2 * rs + cs]);
                    c20 = TS.MultiplyAdd(x, b0, c20); c60 = TS.MultiplyAdd(y, e0, c60);
                    if (v > 1) { c21 = TS.MultiplyAdd(x, b1, c21); c61 = TS.MultiplyAdd(y, e1, c61); }
                    if (v > 2) { c22 = TS.MultiplyAdd(x, b2, c22); c62 = TS.MultiplyAdd(y, e2, c62); }
                    if (v > 3) { c23 = TS.MultiplyAdd(x, b3, c23); c63 = TS.MultiplyAdd(y, e3, c63); }
                }
                if (rows > 3)
                {
                    x = TS.Splat(a[3 * rs]);
                    y = TS.Splat(a[3 * rs + cs]);
                    c30 = TS.MultiplyAdd(x, b0, c30); c70 = TS.MultiplyAdd(y, e0, c70);
                    if (v > 1) { c31 = TS.MultiplyAdd(x, b1, c31); c71 = TS.MultiplyAdd(y, e1, c71); }
                    if (v > 2) { c32 = TS.MultiplyAdd(x, b2, c32); c72 = TS.MultiplyAdd(y, e2, c72); }
                    if (v > 3) { c33 = TS.MultiplyAdd(x, b3, c33); c73 = TS.MultiplyAdd(y, e3, c73); }
                }
                a += 2 * cs;
                b += 2 * ldb;
            }
        }
        for (; p < kc; p++)
        {
            // One rank-1 update: C_tile += A[:, p] ⊗ B[p, :].
            if (prefetch)
            {
                PrefetchRow(b + pfB, v * w);
                if (pfA != 0) PrefetchRow(a + pfA, rows);
            }
            TV b0 = TS.Load(b);
            TV b1 = v > 1 ? TS.Load(b + w) : TS.Zero;
            TV b2 = v > 2 ? TS.Load(b + 2 * w) : TS.Zero;
            TV b3 = v > 3 ? TS.Load(b + 3 * w) : TS.Zero;
            TV x;
            if (rows > 0)
            {
                x = TS.Splat(a[0]);
                c00 = TS.MultiplyAdd(x, b0, c00);
                if (v > 1) c01 = TS.MultiplyAdd(x, b1, c01);
                if (v > 2) c02 = TS.MultiplyAdd(x, b2, c02);
                if (v > 3) c03 = TS.MultiplyAdd(x, b3, c03);
            }
            if (rows > 1)
            {
                x = TS.Splat(a[rs]);
                c10 = TS.MultiplyAdd(x, b0, c10);
                if (v > 1) c11 = TS.MultiplyAdd(x, b1, c11);
                if (v > 2) c12 = TS.MultiplyAdd(x, b2, c12);
                if (v > 3) c13 = TS.MultiplyAdd(x, b3, c13);
            }
            if (rows > 2)
            {
                x = TS.Splat(a[2 * rs]);
                c20 = TS.MultiplyAdd(x, b0, c20);
                if (v > 1) c21 = TS.MultiplyAdd(x, b1, c21);
                if (v > 2) c22 = TS.MultiplyAdd(x, b2, c22);
                if (v > 3) c23 = TS.MultiplyAdd(x, b3, c23);
            }
            if (rows > 3)
            {
                x = TS.Splat(a[3 * rs]);
                c30 = TS.MultiplyAdd(x, b0, c30);
                if (v > 1) c31 = TS.MultiplyAdd(x, b1, c31);
                if (v > 2) c32 = TS.MultiplyAdd(x, b2, c32);
                if (v > 3) c33 = TS.MultiplyAdd(x, b3, c33);
            }
            if (rows > 4)
            {
                x = TS.Splat(a[4 * rs]);
                c40 = TS.MultiplyAdd(x, b0, c40);
                if (v > 1) c41 = TS.MultiplyAdd(x, b1, c41);
                if (v > 2) c42 = TS.MultiplyAdd(x, b2, c42);
                if (v > 3) c43 = TS.MultiplyAdd(x, b3, c43);
            }
            if (rows > 5)
            {
                x = TS.Splat(a[5 * rs]);
                c50 = TS.MultiplyAdd(x, b0, c50);
                if (v > 1) c51 = TS.MultiplyAdd(x, b1, c51);
                if (v > 2) c52 = TS.MultiplyAdd(x, b2, c52);
                if (v > 3) c53 = TS.MultiplyAdd(x, b3, c53);
            }
            if (rows > 6)
            {
                x = TS.Splat(a[6 * rs]);
                c60 = TS.MultiplyAdd(x, b0, c60);
                if (v > 1) c61 = TS.MultiplyAdd(x, b1, c61);
                if (v > 2) c62 = TS.MultiplyAdd(x, b2, c62);
                if (v > 3) c63 = TS.MultiplyAdd(x, b3, c63);
            }
            if (rows > 7)
            {
                x = TS.Splat(a[7 * rs]);
                c70 = TS.MultiplyAdd(x, b0, c70);
                if (v > 1) c71 = TS.MultiplyAdd(x, b1, c71);
                if (v > 2) c72 = TS.MultiplyAdd(x, b2, c72);
                if (v > 3) c73 = TS.MultiplyAdd(x, b3, c73);
            }
            a += cs;
            b += ldb;
        }
        if (rows <= 4 && 2 * rows * v <= TS.MaxAccumulators)
        {
            if (rows > 0) { c00 = TS.Add(c00, c40); c01 = TS.Add(c01, c41); c02 = TS.Add(c02, c42); c03 = TS.Add(c03, c43); }
            if (rows > 1) { c10 = TS.Add(c10, c50); c11 = TS.Add(c11, c51); c12 = TS.Add(c12, c52); c13 = TS.Add(c13, c53); }
            if (rows > 2) { c20 = TS.Add(c20, c60); c21 = TS.Add(c21, c61); c22 = TS.Add(c22, c62); c23 = TS.Add(c23, c63); }
            if (rows > 3) { c30 = TS.Add(c30, c70); c31 = TS.Add(c31, c71); c32 = TS.Add(c32, c72); c33 = TS.Add(c33, c73); }
        }

        if (cColStride == 1 && nr == v * w)
        {
            // Whole row-major tile: straight from registers into C.
            int mode = alpha == 1f ? (beta == 0f ? 0 : beta == 1f ? 1 : 2) : (beta == 0f ? 3 : beta == 1f ? 4 : 5);
            TV va = TS.Splat(alpha), vb = TS.Splat(beta);
            if (rows > 0) PutRow<TS, TV>(c + 0 * cRowStride, v, c00, c01, c02, c03, va, vb, mode);
            if (rows > 1) PutRow<TS, TV>(c + 1 * cRowStride, v, c10, c11, c12, c13, va, vb, mode);
            if (rows > 2) PutRow<TS, TV>(c + 2 * cRowStride, v, c20, c21, c22, c23, va, vb, mode);
            if (rows > 3) PutRow<TS, TV>(c + 3 * cRowStride, v, c30, c31, c32, c33, va, vb, mode);
            if (rows > 4) PutRow<TS, TV>(c + 4 * cRowStride, v, c40, c41, c42, c43, va, vb, mode);
            if (rows > 5) PutRow<TS, TV>(c + 5 * cRowStride, v, c50, c51, c52, c53, va, vb, mode);
            if (rows > 6) PutRow<TS, TV>(c + 6 * cRowStride, v, c60, c61, c62, c63, va, vb, mode);
            if (rows > 7) PutRow<TS, TV>(c + 7 * cRowStride, v, c70, c71, c72, c73, va, vb, mode);
        }
        else
        {
            // Partial or transposed tile: park the accumulators, then merge element by element.
            float* t = stackalloc float[MaxRows * MaxColumns];
            if (rows > 0) StoreRow<TS, TV>(t + 0 * MaxColumns, v, c00, c01, c02, c03);
            if (rows > 1) StoreRow<TS, TV>(t + 1 * MaxColumns, v, c10, c11, c12, c13);
            if (rows > 2) StoreRow<TS, TV>(t + 2 * MaxColumns, v, c20, c21, c22, c23);
            if (rows > 3) StoreRow<TS, TV>(t + 3 * MaxColumns, v, c30, c31, c32, c33);
            if (rows > 4) StoreRow<TS, TV>(t + 4 * MaxColumns, v, c40, c41, c42, c43);
            if (rows > 5) StoreRow<TS, TV>(t + 5 * MaxColumns, v, c50, c51, c52, c53);
            if (rows > 6) StoreRow<TS, TV>(t + 6 * MaxColumns, v, c60, c61, c62, c63);
            if (rows > 7) StoreRow<TS, TV>(t + 7 * MaxColumns, v, c70, c71, c72, c73);
            MergeTile(t, MaxColumns, rows, nr, c, cRowStride, cColStride, alpha, beta);
        }
    }

    /// <summary>How many rank-1 steps ahead streamed operands are prefetched.</summary>
    private const int PrefetchSteps = 16;

    /// <summary>Asks for the cache lines of <paramref name="floats"/> (≤ 64) floats at <paramref name="p"/> to be brought into L1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRow(float* p, int floats)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(p);
        if (floats > 16) Sse.Prefetch0(p + 16);
        if (floats > 32) Sse.Prefetch0(p + 32);
        if (floats > 48) Sse.Prefetch0(p + 48);
    }

    /// <summary>
    /// Writes the first <paramref name="v"/> of a tile row's vectors to C: <c>alpha·acc + beta·C</c>.
    /// Modes 0–2: alpha = 1 with beta = 0, 1, other; modes 3–5: the same with a general alpha.
    /// With beta = 0, C is not read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutRow<TS, TV>(float* cp, int v, TV r0, TV r1, TV r2, TV r3, TV alpha, TV beta, int mode)
        where TS : ISimdFloat<TV> where TV : unmanaged
    {
        Put<TS, TV>(cp, r0, alpha, beta, mode);
        if (v > 1) Put<TS, TV>(cp + TS.Width, r1, alpha, beta, mode);
        if (v > 2) Put<TS, TV>(cp + 2 * TS.Width, r2, alpha, beta, mode);
        if (v > 3) Put<TS, TV>(cp + 3 * TS.Width, r3, alpha, beta, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TS, TV>(float* cp, TV acc, TV alpha, TV beta, int mode)
        where TS : ISimdFloat<TV> where TV : unmanaged
    {
        switch (mode)
        {
            case 0: TS.Store(cp, acc); break;
            case 1: TS.Store(cp, TS.Add(acc, TS.Load(cp))); break;
            case 2: TS.Store(cp, TS.MultiplyAdd(beta, TS.Load(cp), acc)); break;
            case 3: TS.Store(cp, TS.Multiply(acc, alpha)); break;
            case 4: TS.Store(cp, TS.MultiplyAdd(acc, alpha, TS.Load(cp))); break;
            default: TS.Store(cp, TS.MultiplyAdd(acc, alpha, TS.Multiply(beta, TS.Load(cp)))); break;
        }
    }

    /// <summary>Parks the first <paramref name="v"/> vectors of a tile row at <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TS, TV>(float* t, int v, TV r0, TV r1, TV r2, TV r3)
        where TS : ISimdFloat<TV> where TV : unmanaged
    {
        TS.Store(t, r0);
        if (v > 1) TS.Store(t + TS.Width, r1);
        if (v > 2) TS.Store(t + 2 * TS.Width, r2);
        if (v > 3) TS.Store(t + 3 * TS.Width, r3);
    }

    /// <summary>
    /// <c>C(r, j) = alpha·t[r, j] + beta·C(r, j)</c> for the kept <paramref name="rows"/> × <paramref name="cols"/>
    /// block, with C element (r, j) at <c>c + r·rowStride + j·colStride</c>; C is not read when beta = 0.
    /// </summary>
    internal static void MergeTile(float* t, int tStride, int rows, int cols, float* c, nint rowStride, nint colStride, float alpha, float beta)
    {
        for (int r = 0; r < rows; r++)
        {
            float* tr = t + r * tStride;
            float* cr = c + r * rowStride;
            if (beta == 0f)
                for (int j = 0; j < cols; j++) cr[j * colStride] = alpha * tr[j];
            else
                for (int j = 0; j < cols; j++) cr[j * colStride] = alpha * tr[j] + beta * cr[j * colStride];
        }
    }
}
