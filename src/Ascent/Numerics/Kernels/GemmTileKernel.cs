using System.Runtime.CompilerServices;

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

    /// <summary>The widest tile row in floats (two AVX-512 vectors).</summary>
    public const int MaxColumns = 32;

    /// <summary>
    /// Computes one tile. <paramref name="nr"/> ≤ <c>TCols·Width</c> columns are kept; C element (r, j) is at
    /// <c>c + r·cRowStride + j·cColStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TS, TV, TRows, TCols, TLayout>(int kc, float* a, nint lda, float* b, nint ldb,
        float* c, nint cRowStride, nint cColStride, int nr, float alpha, float beta)
        where TS : ISimdFloat<TV> where TV : struct
        where TRows : IConstInt where TCols : IConstInt where TLayout : IOperandLayout
    {
        int w = TS.Width, rows = TRows.Value;
        bool two = TCols.Value == 2;
        nint rs = TLayout.RowsContiguous ? lda : 1, cs = TLayout.RowsContiguous ? 1 : lda;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero, c30 = TS.Zero, c31 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero, c60 = TS.Zero, c61 = TS.Zero, c70 = TS.Zero, c71 = TS.Zero;

        for (int p = 0; p < kc; p++)
        {
            // One rank-1 update: C_tile += A[:, p] ⊗ B[p, :].
            TV b0 = TS.Load(b);
            TV b1 = two ? TS.Load(b + w) : TS.Zero;
            TV x = TS.Splat(a[0]);
            c00 = TS.MultiplyAdd(x, b0, c00); if (two) c01 = TS.MultiplyAdd(x, b1, c01);
            if (rows > 1) { x = TS.Splat(a[rs]); c10 = TS.MultiplyAdd(x, b0, c10); if (two) c11 = TS.MultiplyAdd(x, b1, c11); }
            if (rows > 2) { x = TS.Splat(a[2 * rs]); c20 = TS.MultiplyAdd(x, b0, c20); if (two) c21 = TS.MultiplyAdd(x, b1, c21); }
            if (rows > 3) { x = TS.Splat(a[3 * rs]); c30 = TS.MultiplyAdd(x, b0, c30); if (two) c31 = TS.MultiplyAdd(x, b1, c31); }
            if (rows > 4) { x = TS.Splat(a[4 * rs]); c40 = TS.MultiplyAdd(x, b0, c40); if (two) c41 = TS.MultiplyAdd(x, b1, c41); }
            if (rows > 5) { x = TS.Splat(a[5 * rs]); c50 = TS.MultiplyAdd(x, b0, c50); if (two) c51 = TS.MultiplyAdd(x, b1, c51); }
            if (rows > 6) { x = TS.Splat(a[6 * rs]); c60 = TS.MultiplyAdd(x, b0, c60); if (two) c61 = TS.MultiplyAdd(x, b1, c61); }
            if (rows > 7) { x = TS.Splat(a[7 * rs]); c70 = TS.MultiplyAdd(x, b0, c70); if (two) c71 = TS.MultiplyAdd(x, b1, c71); }
            a += cs;
            b += ldb;
        }

        if (cColStride == 1 && nr == TCols.Value * w)
        {
            // Whole row-major tile: straight from registers into C.
            int mode = beta == 0f ? 0 : beta == 1f ? 1 : 2;
            TV va = TS.Splat(alpha), vb = TS.Splat(beta);
            float* cp = c;
            Put<TS, TV>(cp, c00, va, vb, mode); if (two) Put<TS, TV>(cp + w, c01, va, vb, mode);
            if (rows > 1) { cp += cRowStride; Put<TS, TV>(cp, c10, va, vb, mode); if (two) Put<TS, TV>(cp + w, c11, va, vb, mode); }
            if (rows > 2) { cp += cRowStride; Put<TS, TV>(cp, c20, va, vb, mode); if (two) Put<TS, TV>(cp + w, c21, va, vb, mode); }
            if (rows > 3) { cp += cRowStride; Put<TS, TV>(cp, c30, va, vb, mode); if (two) Put<TS, TV>(cp + w, c31, va, vb, mode); }
            if (rows > 4) { cp += cRowStride; Put<TS, TV>(cp, c40, va, vb, mode); if (two) Put<TS, TV>(cp + w, c41, va, vb, mode); }
            if (rows > 5) { cp += cRowStride; Put<TS, TV>(cp, c50, va, vb, mode); if (two) Put<TS, TV>(cp + w, c51, va, vb, mode); }
            if (rows > 6) { cp += cRowStride; Put<TS, TV>(cp, c60, va, vb, mode); if (two) Put<TS, TV>(cp + w, c61, va, vb, mode); }
            if (rows > 7) { cp += cRowStride; Put<TS, TV>(cp, c70, va, vb, mode); if (two) Put<TS, TV>(cp + w, c71, va, vb, mode); }
        }
        else
        {
            // Partial or transposed tile: park the accumulators, then merge element by element.
            float* t = stackalloc float[MaxRows * MaxColumns];
            TS.Store(t, c00); if (two) TS.Store(t + w, c01);
            if (rows > 1) { TS.Store(t + 1 * MaxColumns, c10); if (two) TS.Store(t + 1 * MaxColumns + w, c11); }
            if (rows > 2) { TS.Store(t + 2 * MaxColumns, c20); if (two) TS.Store(t + 2 * MaxColumns + w, c21); }
            if (rows > 3) { TS.Store(t + 3 * MaxColumns, c30); if (two) TS.Store(t + 3 * MaxColumns + w, c31); }
            if (rows > 4) { TS.Store(t + 4 * MaxColumns, c40); if (two) TS.Store(t + 4 * MaxColumns + w, c41); }
            if (rows > 5) { TS.Store(t + 5 * MaxColumns, c50); if (two) TS.Store(t + 5 * MaxColumns + w, c51); }
            if (rows > 6) { TS.Store(t + 6 * MaxColumns, c60); if (two) TS.Store(t + 6 * MaxColumns + w, c61); }
            if (rows > 7) { TS.Store(t + 7 * MaxColumns, c70); if (two) TS.Store(t + 7 * MaxColumns + w, c71); }
            MergeTile(t, MaxColumns, rows, nr, c, cRowStride, cColStride, alpha, beta);
        }
    }

    /// <summary>Writes <c>alpha·acc (+ beta·C)</c> to one vector of C; mode 0: beta = 0, 1: beta = 1, 2: general beta.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TS, TV>(float* cp, TV acc, TV alpha, TV beta, int mode)
        where TS : ISimdFloat<TV> where TV : struct
    {
        if (mode == 0) TS.Store(cp, TS.Multiply(acc, alpha));
        else if (mode == 1) TS.Store(cp, TS.MultiplyAdd(acc, alpha, TS.Load(cp)));
        else TS.Store(cp, TS.MultiplyAdd(acc, alpha, TS.Multiply(beta, TS.Load(cp))));
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
