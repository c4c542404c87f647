using System.Runtime.CompilerServices;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The GEMM kernel for a C with 1 to 4 columns (a value head, a policy head over 2 actions) when A's rows are
/// contiguous (NN, NT): every <c>C[i, j]</c> is a dot product of A's row <c>i</c> with column <c>j</c> of
/// op(B), accumulated along k in full vectors, so no lanes idle on missing columns.
/// </summary>
/// <remarks>
/// One tile is exactly <c>Width</c> dot products: <c>Width / TCols</c> rows × <c>TCols</c> columns
/// (TCols ∈ {1, 2, 4}; 3 columns run as 4 with the last discarded). Each A vector is loaded once and used for
/// every column, each op(B) vector once per tile step. At the end one shuffle tree
/// (<see cref="ISimdFloat{TV}.SumEach"/>) turns the <c>Width</c> accumulators into one vector of sums, which
/// is the C block itself when C is contiguous. Loads are masked in the last step, so k need not be a multiple of the width. op(B)'s columns are read as the rows of <c>bt</c> (B itself for NT, a transposed copy for NN).
/// </remarks>
[SkipLocalsInit]
internal static unsafe class GemmNarrowKernel
{
    /// <summary>Rows one tile covers for <paramref name="columns"/> (1–4) columns of C at vector width <paramref name="width"/>.</summary>
    public static int TileRows(int width, int columns) => width / (columns == 3 ? 4 : columns);

    /// <summary>
    /// <c>C[r, j] = alpha·Σ_p a[r·lda + p]·bt[j·ldbt + p] + beta·C[r, j]</c> for <c>r &lt; Width/TCols</c>,
    /// <c>j &lt; n</c> (n ≤ TCols).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TS, TV, TCols>(int k, float* a, nint lda, float* bt, nint ldbt, int n,
        float* c, nint ldc, float alpha, float beta)
        where TS : ISimdFloat<TV> where TV : unmanaged where TCols : IConstInt
    {
        int w = TS.Width, cols = TCols.Value, rows = w / cols;
        // Columns past n (only when n = 3) re-read the last real column; their sums are discarded.
        float* b0 = bt, b1 = bt + Math.Min(1, n - 1) * ldbt, b2 = bt + Math.Min(2, n - 1) * ldbt, b3 = bt + Math.Min(3, n - 1) * ldbt;
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero, s4 = TS.Zero, s5 = TS.Zero, s6 = TS.Zero, s7 = TS.Zero;
        TV s8 = TS.Zero, s9 = TS.Zero, s10 = TS.Zero, s11 = TS.Zero, s12 = TS.Zero, s13 = TS.Zero, s14 = TS.Zero, s15 = TS.Zero;
        for (int p = 0; p < k; p += w)
        {
            // Every load is masked: all lanes but in the last step when k is not a multiple of the width.
            TV mask = TS.PrefixMask(k - p);
            if (cols == 1)
            {
                TV y = Ld(b0 + p, mask);
                s0 = TS.MultiplyAdd(Ld(a + p, mask), y, s0);
                if (rows > 1) s1 = TS.MultiplyAdd(Ld(a + lda + p, mask), y, s1);
                if (rows > 2) s2 = TS.MultiplyAdd(Ld(a + 2 * lda + p, mask), y, s2);
                if (rows > 3) s3 = TS.MultiplyAdd(Ld(a + 3 * lda + p, mask), y, s3);
                if (rows > 4) s4 = TS.MultiplyAdd(Ld(a + 4 * lda + p, mask), y, s4);
                if (rows > 5) s5 = TS.MultiplyAdd(Ld(a + 5 * lda + p, mask), y, s5);
                if (rows > 6) s6 = TS.MultiplyAdd(Ld(a + 6 * lda + p, mask), y, s6);
                if (rows > 7) s7 = TS.MultiplyAdd(Ld(a + 7 * lda + p, mask), y, s7);
                if (rows > 8) s8 = TS.MultiplyAdd(Ld(a + 8 * lda + p, mask), y, s8);
                if (rows > 9) s9 = TS.MultiplyAdd(Ld(a + 9 * lda + p, mask), y, s9);
                if (rows > 10) s10 = TS.MultiplyAdd(Ld(a + 10 * lda + p, mask), y, s10);
                if (rows > 11) s11 = TS.MultiplyAdd(Ld(a + 11 * lda + p, mask), y, s11);
                if (rows > 12) s12 = TS.MultiplyAdd(Ld(a + 12 * lda + p, mask), y, s12);
                if (rows > 13) s13 = TS.MultiplyAdd(Ld(a + 13 * lda + p, mask), y, s13);
                if (rows > 14) s14 = TS.MultiplyAdd(Ld(a + 14 * lda + p, mask), y, s14);
                if (rows > 15) s15 = TS.MultiplyAdd(Ld(a + 15 * lda + p, mask), y, s15);
            }
            else if (cols == 2)
            {
                TV y0 = Ld(b0 + p, mask), y1 = Ld(b1 + p, mask);
                TV x = Ld(a + p, mask);
                s0 = TS.MultiplyAdd(x, y0, s0); s1 = TS.MultiplyAdd(x, y1, s1);
                if (rows > 1) { x = Ld(a + lda + p, mask); s2 = TS.MultiplyAdd(x, y0, s2); s3 = TS.MultiplyAdd(x, y1, s3); }
                if (rows > 2) { x = Ld(a + 2 * lda + p, mask); s4 = TS.MultiplyAdd(x, y0, s4); s5 = TS.MultiplyAdd(x, y1, s5); }
                if (rows > 3) { x = Ld(a + 3 * lda + p, mask); s6 = TS.MultiplyAdd(x, y0, s6); s7 = TS.MultiplyAdd(x, y1, s7); }
                if (rows > 4) { x = Ld(a + 4 * lda + p, mask); s8 = TS.MultiplyAdd(x, y0, s8); s9 = TS.MultiplyAdd(x, y1, s9); }
                if (rows > 5) { x = Ld(a + 5 * lda + p, mask); s10 = TS.MultiplyAdd(x, y0, s10); s11 = TS.MultiplyAdd(x, y1, s11); }
                if (rows > 6) { x = Ld(a + 6 * lda + p, mask); s12 = TS.MultiplyAdd(x, y0, s12); s13 = TS.MultiplyAdd(x, y1, s13); }
                if (rows > 7) { x = Ld(a + 7 * lda + p, mask); s14 = TS.MultiplyAdd(x, y0, s14); s15 = TS.MultiplyAdd(x, y1, s15); }
            }
            else
            {
                TV y0 = Ld(b0 + p, mask), y1 = Ld(b1 + p, mask), y2 = Ld(b2 + p, mask), y3 = Ld(b3 + p, mask);
                TV x = Ld(a + p, mask);
                s0 = TS.MultiplyAdd(x, y0, s0); s1 = TS.MultiplyAdd(x, y1, s1); s2 = TS.MultiplyAdd(x, y2, s2); s3 = TS.MultiplyAdd(x, y3, s3);
                if (rows > 1) { x = Ld(a + lda + p, mask); s4 = TS.MultiplyAdd(x, y0, s4); s5 = TS.MultiplyAdd(x, y1, s5); s6 = TS.MultiplyAdd(x, y2, s6); s7 = TS.MultiplyAdd(x, y3, s7); }
                if (rows > 2) { x = Ld(a + 2 * lda + p, mask); s8 = TS.MultiplyAdd(x, y0, s8); s9 = TS.MultiplyAdd(x, y1, s9); s10 = TS.MultiplyAdd(x, y2, s10); s11 = TS.MultiplyAdd(x, y3, s11); }
                if (rows > 3) { x = Ld(a + 3 * lda + p, mask); s12 = TS.MultiplyAdd(x, y0, s12); s13 = TS.MultiplyAdd(x, y1, s13); s14 = TS.MultiplyAdd(x, y2, s14); s15 = TS.MultiplyAdd(x, y3, s15); }
            }
        }

        // Accumulator i holds the dot product for C[i / cols, i % cols]: reduce all of them at once.
        TV sums = TS.SumEach(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15);
        if (n == cols && ldc == n && alpha == 1f)
        {
            // The tile is a contiguous block of C.
            if (beta == 0f) TS.Store(c, sums);
            else TS.Store(c, TS.MultiplyAdd(TS.Load(c), TS.Splat(beta), sums));
        }
        else Merge<TS, TV>(sums, cols, rows, n, c, ldc, alpha, beta);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static TV Ld(float* p, TV mask) => TS.LoadMasked(p, mask);
    }

    private static void Merge<TS, TV>(TV sums, int cols, int rows, int n, float* c, nint ldc, float alpha, float beta)
        where TS : ISimdFloat<TV> where TV : unmanaged
    {
        float* t = stackalloc float[16];
        TS.Store(t, sums);
        GemmTileKernel.MergeTile(t, cols, rows, n, c, ldc, 1, alpha, beta);
    }
}
