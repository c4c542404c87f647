using System.Runtime.CompilerServices;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The GEMM's loop nest for one instruction set: it blocks the problem so B's panel stays in L2 and each
/// B sliver in L1, packs B where that pays, and calls the register-tile kernel on every tile of C.
/// </summary>
/// <remarks>
/// Three shapes of problem take three routes:
/// <list type="bullet">
/// <item>the general case: blocked over (N, K, M) with tiles of <c>TileRows × 2·Width</c>, or
///   <c>m × 4·Width</c> for a problem of a few rows (<see cref="GemmTileKernel"/>); A is read in place, B is
///   packed when it is transposed or large enough for its reuse to pay for the copy, and prefetched when it
///   is streamed in place;</item>
/// <item>a narrow C (≤ 4 columns) with A's rows contiguous (NN, NT): dot products along k
///   (<see cref="GemmNarrowKernel"/>), so no lanes are wasted on missing columns;</item>
/// <item>a narrow C with A transposed (TN, TT): the same blocked code on the transposed problem
///   <c>Cᵀ = op(B)ᵀ · op(A)ᵀ</c>, whose long side (M) is then the vectorized one.</item>
/// </list>
/// </remarks>
[SkipLocalsInit]
internal static unsafe class GemmDriver<TS, TV> where TS : ISimdFloat<TV> where TV : unmanaged
{
    /// <summary>Depth of one K block: a B sliver is <c>KC × 2·Width</c> floats (32 KB with AVX-512).</summary>
    internal const int KC = 256;

    /// <summary>Rows of A per block (a multiple of every tile height).</summary>
    internal const int MC = 96;

    /// <summary>Columns of the packed B panel (<c>KC × NC</c> floats, half of a 1 MB L2).</summary>
    internal const int NC = 512;

    /// <summary>Floats of B in one K block above which B read in place is prefetched (a quarter of L1).</summary>
    internal const int PrefetchAbove = 2048;

    /// <summary>Computes <c>C = alpha·op(A)·op(B) + beta·C</c> (arguments already validated, m, n, k &gt; 0).</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        int w = TS.Width;
        if (!transA && w > 1 && n <= NarrowColumns(w))
        {
            Narrow(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        if (transA && n < TS.TileRows && m > n)
        {
            // Cᵀ[n×m] = op(B)ᵀ[n×k] · op(A)ᵀ[k×m]. op(B)ᵀ(j, p) is b[j·ldb + p] if B is stored transposed,
            // else b[p·ldb + j]; op(A)ᵀ(p, i) = a[p·lda + i] is an untransposed operand with rows along m.
            Blocked(m: n, n: m, k, alpha, aRowWise: transB, a: b, lda: ldb, transB: false, b: a, ldb: lda,
                beta, c, cRowStride: 1, cColStride: ldc);
            return;
        }
        Blocked(m, n, k, alpha, aRowWise: !transA, a, lda, transB, b, ldb, beta, c, cRowStride: ldc, cColStride: 1);
    }

    /// <summary>Widest C that goes to the dot-product kernel: where most of a row-vector's lanes would idle.</summary>
    private static int NarrowColumns(int w) => w >= 8 ? 4 : 0;

    private static void Blocked(int m, int n, int k, float alpha, bool aRowWise, float* a, nint lda,
        bool transB, float* b, nint ldb, float beta, float* c, nint cRowStride, nint cColStride)
    {
        // Tiles are TileRows × 2 vectors; a problem of a few rows gets 4-vector-wide tiles instead, so each
        // tile still has enough accumulators and streams whole cache lines of B.
        int mr = TS.TileRows, nrPanel = (4 * m <= TS.MaxAccumulators ? 4 : 2) * TS.Width;
        var ws = GemmWorkspace.Current;
        // B is reused once per row tile: pack when that reuse pays for the copy, and always when transposed.
        bool pack = transB || (m > 2 * mr && (long)k * n > 64 * 64);
        // B read in place streams from L2 when it is larger than L1 holds: prefetch it ahead of the kernel.
        bool prefetch = !pack && (long)Math.Min(k, KC) * ldb > PrefetchAbove;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            int slivers = (nc + nrPanel - 1) / nrPanel;
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                float* panel = null;
                float* edge = null;
                if (pack)
                {
                    panel = ws.Panel(slivers * kc * nrPanel);
                    if (transB) GemmPacking.PackColumns<TS, TV>(b + jc * ldb + pc, ldb, kc, nc, nrPanel, panel);
                    else GemmPacking.PackRows<TS, TV>(b + pc * ldb + jc, ldb, kc, nc, nrPanel, panel);
                }
                else if (nc % nrPanel != 0)
                {
                    // B is read in place, but the last sliver's rows are short: copy just that sliver, padded.
                    int j0 = (slivers - 1) * nrPanel;
                    edge = ws.Edge(kc * nrPanel);
                    GemmPacking.PackRows<TS, TV>(b + pc * ldb + jc + j0, ldb, kc, nc - j0, nrPanel, edge);
                }
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    for (int jr = 0; jr < nc; jr += nrPanel)
                    {
                        int nr = Math.Min(nrPanel, nc - jr);
                        float* bs; nint bStride;
                        if (pack) { bs = panel + (nint)(jr / nrPanel) * kc * nrPanel; bStride = nrPanel; }
                        else if (nr == nrPanel) { bs = b + pc * ldb + jc + jr; bStride = ldb; }
                        else { bs = edge; bStride = nrPanel; }
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int i = ic + ir;
                            float* ap = aRowWise ? a + i * lda + pc : a + pc * lda + i;
                            float* cp = c + i * cRowStride + (jc + jr) * cColStride;
                            Tile(Math.Min(mr, mc - ir), nr, aRowWise, kc, ap, lda, bs, bStride, cp, cRowStride, cColStride, alpha, betaBlock, prefetch);
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(int rows, int nr, bool aRowWise, int kc, float* a, nint lda, float* b, nint ldb,
        float* c, nint cRowStride, nint cColStride, float alpha, float beta, bool prefetch)
    {
        if (nr > 2 * TS.Width)
        {
            if (aRowWise) Rows<C4, RowWise>(rows, kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch);
            else Rows<C4, ColumnWise>(rows, kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch);
        }
        else if (nr > TS.Width)
        {
            if (aRowWise) Rows<C2, RowWise>(rows, kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch);
            else Rows<C2, ColumnWise>(rows, kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch);
        }
        else
        {
            if (aRowWise) Rows<C1, RowWise>(rows, kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch);
            else Rows<C1, ColumnWise>(rows, kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch);
        }
    }

    private static void Rows<TCols, TLayout>(int rows, int kc, float* a, nint lda, float* b, nint ldb,
        float* c, nint cRowStride, nint cColStride, int nr, float alpha, float beta, bool prefetch)
        where TCols : IConstInt where TLayout : IOperandLayout
    {
        switch (rows)
        {
            case 8: GemmTileKernel.Run<TS, TV, C8, TCols, TLayout>(kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch); break;
            case 7: GemmTileKernel.Run<TS, TV, C7, TCols, TLayout>(kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch); break;
            case 6: GemmTileKernel.Run<TS, TV, C6, TCols, TLayout>(kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch); break;
            case 5: GemmTileKernel.Run<TS, TV, C5, TCols, TLayout>(kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch); break;
            case 4: GemmTileKernel.Run<TS, TV, C4, TCols, TLayout>(kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch); break;
            case 3: GemmTileKernel.Run<TS, TV, C3, TCols, TLayout>(kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch); break;
            case 2: GemmTileKernel.Run<TS, TV, C2, TCols, TLayout>(kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch); break;
            default: GemmTileKernel.Run<TS, TV, C1, TCols, TLayout>(kc, a, lda, b, ldb, c, cRowStride, cColStride, nr, alpha, beta, prefetch); break;
        }
    }

    /// <summary>C has at most 4 columns and A's rows are contiguous: dot products along k.</summary>
    private static void Narrow(bool transB, int m, int n, int k, float alpha, float* a, nint lda,
        float* b, nint ldb, float beta, float* c, nint ldc)
    {
        int w = TS.Width, groups = GemmNarrowKernel.Groups(n), i = 0;
        var ws = GemmWorkspace.Current;
        // op(B)[p, j] is b[p·ldb + j], or b[j·ldb + p] when B is stored transposed.
        float* packed = ws.Panel(GemmNarrowKernel.PackedLength(w, groups, k));
        GemmNarrowKernel.Pack<TS, TV>(b, transB ? 1 : ldb, transB ? ldb : 1, k, n, groups, packed);
        for (; i + w <= m; i += w)
            NarrowTile(groups, k, a + i * lda, lda, packed, n, c + i * ldc, ldc, alpha, beta);
        if (i == m) return;

        // The last m % Width rows: run a whole tile that ends at row m (overlapping rows already done, or, when
        // m < Width, rows copied into scratch whose other rows are don't-cares), into scratch; keep the new rows.
        int rows = m - i;
        float* tileC = stackalloc float[16 * 4];
        if (m >= w)
        {
            NarrowTile(groups, k, a + (m - w) * lda, lda, packed, groups, tileC, groups, 1f, 0f);
            GemmTileKernel.MergeTile(tileC + (w - rows) * groups, groups, rows, n, c + i * ldc, ldc, 1, alpha, beta);
        }
        else
        {
            // Each row's sums depend on that row alone, so the scratch rows past m need no clearing.
            float* tileA = ws.Edge(w * k);
            for (int r = 0; r < rows; r++) new ReadOnlySpan<float>(a + r * lda, k).CopyTo(new Span<float>(tileA + r * k, k));
            NarrowTile(groups, k, tileA, k, packed, groups, tileC, groups, 1f, 0f);
            GemmTileKernel.MergeTile(tileC, groups, rows, n, c, ldc, 1, alpha, beta);
        }
    }

    private static void NarrowTile(int groups, int k, float* a, nint lda, float* packed, int n,
        float* c, nint ldc, float alpha, float beta)
    {
        switch (groups)
        {
            case 1: GemmNarrowKernel.Run<TS, TV, C1>(k, a, lda, packed, n, c, ldc, alpha, beta); break;
            case 2: GemmNarrowKernel.Run<TS, TV, C2>(k, a, lda, packed, n, c, ldc, alpha, beta); break;
            default: GemmNarrowKernel.Run<TS, TV, C4>(k, a, lda, packed, n, c, ldc, alpha, beta); break;
        }
    }
}
