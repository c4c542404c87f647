using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The GEMM kernel for a C with 1 to 4 columns (a value head, a policy head over 2 to 4 actions) when A's rows
/// are contiguous (NN, NT): each <c>C[i, j]</c> is a dot product of A's row <c>i</c> with column <c>j</c> of
/// op(B), taken along k, so no lanes idle on missing columns of C.
/// </summary>
/// <remarks>
/// The columns are padded to <c>G</c> ∈ {1, 2, 4} and each vector is cut into <c>G</c> runs of
/// <c>P = Width / G</c> lanes, run <c>j</c> holding column <c>j</c>. op(B) is packed once per call in that
/// layout (<see cref="Pack{TS, TV}"/>: step <c>s</c> holds <c>op(B)[s·P + q, j]</c> at lane <c>j·P + q</c>), and A's
/// row <c>i</c> is loaded as <c>P</c> consecutive floats repeated <c>G</c> times
/// (<see cref="ISimdFloat{TV}.LoadRepeated"/>), so one FMA advances all <c>G</c> dot products of a row by
/// <c>P</c> steps of k. A tile is <c>Width</c> rows, one accumulator each; at the end the runs are summed
/// (<see cref="ISimdFloat{TV}.SumGroups"/>), a few shuffles per row. The last k % P steps use masked loads,
/// so no load reaches past a row of A.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class GemmNarrowKernel
{
    /// <summary>Runs per vector for <paramref name="n"/> (1–4) columns of C: n rounded up to 1, 2 or 4.</summary>
    public static int Groups(int n) => n switch { 1 => 1, 2 => 2, _ => 4 };

    /// <summary>Floats of op(B) packed for <paramref name="groups"/> runs, k steps, vector width <paramref name="width"/>.</summary>
    public static int PackedLength(int width, int groups, int k)
    {
        int p = width / groups;
        return (k + p - 1) / p * width;
    }

    /// <summary>
    /// Packs op(B) (k × n, element (p, j) at <c>b[p·rowStride + j·colStride]</c>) into the run layout,
    /// zero-padded past k and past n.
    /// </summary>
    public static void Pack<TS, TV>(float* b, nint rowStride, nint colStride, int k, int n, int groups, float* dst)
        where TS : ISimdFloat<TV> where TV : unmanaged
    {
        int w = TS.Width, p = w / groups;
        if (colStride == 1 && rowStride == n && n == groups)
        {
            // B is a contiguous k × n block: each step is P rows of it, a small transpose of one vector.
            int total = k * n, s = 0;
            for (; s + w <= total; s += w) TS.Store(dst + s, TS.TransposeRuns(TS.Load(b + s), groups));
            if (s < total) TS.Store(dst + s, TS.TransposeRuns(TS.LoadMasked(b + s, TS.PrefixMask(total - s)), groups));
            return;
        }
        int whole = k / p;
        if (n < groups || whole * p < k) new Span<float>(dst, PackedLength(w, groups, k)).Clear();
        for (int j = 0; j < n; j++)
        {
            // Column j goes to run j of every step: P consecutive floats per step.
            float* src = b + j * colStride, d = dst + j * p;
            if (rowStride == 1)
            {
                // B stored transposed: the column is a contiguous row of B, copied P floats at a time.
                for (int s = 0; s < whole; s++, src += p, d += w)
                {
                    if (p % 4 == 0) for (int q = 0; q < p; q += 4) Vector128.Store(Vector128.Load(src + q), d + q);
                    else for (int q = 0; q < p; q++) d[q] = src[q];
                }
                for (int q = 0; q < k - whole * p; q++) d[q] = src[q];
            }
            else
            {
                for (int step = 0; step < k; d += w)
                    for (int q = 0; q < p && step < k; q++, step++, src += rowStride) d[q] = *src;
            }
        }
    }

    /// <summary>
    /// <c>C[r, j] = alpha·Σ_p a[r·lda + p]·op(B)[p, j] + beta·C[r, j]</c> for <c>r &lt; Width</c>,
    /// <c>j &lt; n</c>, with op(B) packed by <see cref="Pack{TS, TV}"/> for <c>TGroups</c> runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TS, TV, TGroups>(int k, float* a, nint lda, float* packedB, int n,
        float* c, nint ldc, float alpha, float beta)
        where TS : ISimdFloat<TV> where TV : unmanaged where TGroups : IConstInt
    {
        int w = TS.Width, g = TGroups.Value, p = w / g;
        int whole = k / p, steps = (k + p - 1) / p;
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero, s4 = TS.Zero, s5 = TS.Zero, s6 = TS.Zero, s7 = TS.Zero;
        TV s8 = TS.Zero, s9 = TS.Zero, s10 = TS.Zero, s11 = TS.Zero, s12 = TS.Zero, s13 = TS.Zero, s14 = TS.Zero, s15 = TS.Zero;
        float* ap = a, bp = packedB;
        for (int s = 0; s < whole; s++, ap += p, bp += w)
            Step<TS, TV, TGroups>(ap, lda, TS.Load(bp), p, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7,
                ref s8, ref s9, ref s10, ref s11, ref s12, ref s13, ref s14, ref s15);
        if (whole < steps)
        {
            // The last k % P steps: masked loads, so nothing past the end of A's rows is read.
            Step<TS, TV, TGroups>(ap, lda, TS.Load(bp), k - whole * p, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7,
                ref s8, ref s9, ref s10, ref s11, ref s12, ref s13, ref s14, ref s15);
        }

        // Width rows × g columns of sums, row-major.
        float* t = stackalloc float[16 * 4];
        TS.SumGroups(t, g, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15);
        if (n == g && ldc == n)
        {
            // The tile is a contiguous block of C: g vectors.
            TV va = TS.Splat(alpha), vb = TS.Splat(beta);
            for (int v = 0; v < g; v++)
            {
                TV sum = TS.Load(t + v * w);
                float* cv = c + v * w;
                if (beta == 0f) TS.Store(cv, alpha == 1f ? sum : TS.Multiply(sum, va));
                else TS.Store(cv, TS.MultiplyAdd(sum, va, TS.Multiply(vb, TS.Load(cv))));
            }
        }
        else GemmTileKernel.MergeTile(t, g, w, n, c, ldc, 1, alpha, beta);
    }

    /// <summary>
    /// One step of k for all <c>Width</c> rows: row r's accumulator gains its next <c>P</c> floats of A
    /// (repeated per run) times the packed op(B) step <paramref name="y"/>. With <paramref name="count"/> &lt; P
    /// (the last step) only the first <paramref name="count"/> floats of each row are read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TS, TV, TGroups>(float* a, nint lda, TV y, int count,
        ref TV s0, ref TV s1, ref TV s2, ref TV s3, ref TV s4, ref TV s5, ref TV s6, ref TV s7,
        ref TV s8, ref TV s9, ref TV s10, ref TV s11, ref TV s12, ref TV s13, ref TV s14, ref TV s15)
        where TS : ISimdFloat<TV> where TV : unmanaged where TGroups : IConstInt
    {
        int g = TGroups.Value;
        s0 = TS.MultiplyAdd(LoadRow<TS, TV>(a, g, count), y, s0);
        s1 = TS.MultiplyAdd(LoadRow<TS, TV>(a + lda, g, count), y, s1);
        s2 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 2 * lda, g, count), y, s2);
        s3 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 3 * lda, g, count), y, s3);
        s4 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 4 * lda, g, count), y, s4);
        s5 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 5 * lda, g, count), y, s5);
        s6 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 6 * lda, g, count), y, s6);
        s7 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 7 * lda, g, count), y, s7);
        if (TS.Width > 8)
        {
            s8 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 8 * lda, g, count), y, s8);
            s9 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 9 * lda, g, count), y, s9);
            s10 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 10 * lda, g, count), y, s10);
            s11 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 11 * lda, g, count), y, s11);
            s12 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 12 * lda, g, count), y, s12);
            s13 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 13 * lda, g, count), y, s13);
            s14 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 14 * lda, g, count), y, s14);
            s15 = TS.MultiplyAdd(LoadRow<TS, TV>(a + 15 * lda, g, count), y, s15);
        }
    }

    /// <summary>A row's next P floats repeated per run, or only its first <paramref name="count"/> when fewer remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LoadRow<TS, TV>(float* row, int groups, int count) where TS : ISimdFloat<TV> where TV : unmanaged
        => count >= TS.Width / groups ? TS.LoadRepeated(row, groups) : TS.LoadRepeatedPrefix(row, groups, count);
}
