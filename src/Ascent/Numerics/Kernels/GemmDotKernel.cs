using System.Runtime.CompilerServices;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The GEMM kernel for very narrow outputs (a policy head with 2 actions, a value head with 1) when A's rows are
/// contiguous: each <c>C[i, j]</c> is a dot product of A's row <c>i</c> with column <c>j</c> of op(B), taken
/// along k in full vectors. A tile of <c>TRows × TCols</c> dot products shares its loads; the horizontal sums
/// happen once per tile.
/// </summary>
/// <remarks>
/// Vectorizing along C's columns would waste most lanes when C has 2 columns; vectorizing along k wastes none.
/// op(B)'s columns are read as rows of <c>bt</c> (B itself for NT, a small transposed copy for NN).
/// </remarks>
[SkipLocalsInit]
internal static unsafe class GemmDotKernel
{
    /// <summary>The most rows and columns of one dot tile.</summary>
    public const int MaxTile = 4;

    /// <summary>
    /// <c>C[r, j] = alpha · Σ_p a[r·lda + p] · bt[j·ldbt + p] + beta · C[r, j]</c> for r &lt; TRows, j &lt; TCols.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TS, TV, TRows, TCols>(int k, float* a, nint lda, float* bt, nint ldbt,
        float* c, nint ldc, float alpha, float beta)
        where TS : ISimdFloat<TV> where TV : unmanaged where TRows : IConstInt where TCols : IConstInt
    {
        int w = TS.Width, rows = TRows.Value, cols = TCols.Value;
        float* a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
        float* b0 = bt, b1 = bt + ldbt, b2 = bt + 2 * ldbt, b3 = bt + 3 * ldbt;
        TV s00 = TS.Zero, s01 = TS.Zero, s02 = TS.Zero, s03 = TS.Zero, s10 = TS.Zero, s11 = TS.Zero, s12 = TS.Zero, s13 = TS.Zero;
        TV s20 = TS.Zero, s21 = TS.Zero, s22 = TS.Zero, s23 = TS.Zero, s30 = TS.Zero, s31 = TS.Zero, s32 = TS.Zero, s33 = TS.Zero;
        int p = 0;
        for (; p <= k - w; p += w)
        {
            TV y0 = TS.Load(b0 + p);
            TV y1 = cols > 1 ? TS.Load(b1 + p) : TS.Zero;
            TV y2 = cols > 2 ? TS.Load(b2 + p) : TS.Zero;
            TV y3 = cols > 3 ? TS.Load(b3 + p) : TS.Zero;
            TV x = TS.Load(a0 + p);
            s00 = TS.MultiplyAdd(x, y0, s00);
            if (cols > 1) s01 = TS.MultiplyAdd(x, y1, s01);
            if (cols > 2) s02 = TS.MultiplyAdd(x, y2, s02);
            if (cols > 3) s03 = TS.MultiplyAdd(x, y3, s03);
            if (rows > 1)
            {
                x = TS.Load(a1 + p);
                s10 = TS.MultiplyAdd(x, y0, s10);
                if (cols > 1) s11 = TS.MultiplyAdd(x, y1, s11);
                if (cols > 2) s12 = TS.MultiplyAdd(x, y2, s12);
                if (cols > 3) s13 = TS.MultiplyAdd(x, y3, s13);
            }
            if (rows > 2)
            {
                x = TS.Load(a2 + p);
                s20 = TS.MultiplyAdd(x, y0, s20);
                if (cols > 1) s21 = TS.MultiplyAdd(x, y1, s21);
                if (cols > 2) s22 = TS.MultiplyAdd(x, y2, s22);
                if (cols > 3) s23 = TS.MultiplyAdd(x, y3, s23);
            }
            if (rows > 3)
            {
                x = TS.Load(a3 + p);
                s30 = TS.MultiplyAdd(x, y0, s30);
                if (cols > 1) s31 = TS.MultiplyAdd(x, y1, s31);
                if (cols > 2) s32 = TS.MultiplyAdd(x, y2, s32);
                if (cols > 3) s33 = TS.MultiplyAdd(x, y3, s33);
            }
        }

        float* t = stackalloc float[MaxTile * MaxTile];
        t[0] = TS.Sum(s00);
        if (cols > 1) t[1] = TS.Sum(s01);
        if (cols > 2) t[2] = TS.Sum(s02);
        if (cols > 3) t[3] = TS.Sum(s03);
        if (rows > 1)
        {
            t[4] = TS.Sum(s10);
            if (cols > 1) t[5] = TS.Sum(s11);
            if (cols > 2) t[6] = TS.Sum(s12);
            if (cols > 3) t[7] = TS.Sum(s13);
        }
        if (rows > 2)
        {
            t[8] = TS.Sum(s20);
            if (cols > 1) t[9] = TS.Sum(s21);
            if (cols > 2) t[10] = TS.Sum(s22);
            if (cols > 3) t[11] = TS.Sum(s23);
        }
        if (rows > 3)
        {
            t[12] = TS.Sum(s30);
            if (cols > 1) t[13] = TS.Sum(s31);
            if (cols > 2) t[14] = TS.Sum(s32);
            if (cols > 3) t[15] = TS.Sum(s33);
        }
        if (p < k)
        {
            // The k % Width tail, one element at a time.
            for (int r = 0; r < rows; r++)
            {
                float* ar = a + r * lda;
                for (int j = 0; j < cols; j++)
                {
                    float* bj = bt + j * ldbt;
                    float s = 0f;
                    for (int q = p; q < k; q++) s += ar[q] * bj[q];
                    t[r * MaxTile + j] += s;
                }
            }
        }
        GemmTileKernel.MergeTile(t, MaxTile, rows, cols, c, ldc, 1, alpha, beta);
    }
}
