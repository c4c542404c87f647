using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// Copies a block of op(B) into the layout the tile kernel streams: slivers of <c>nrPanel</c> columns, each
/// <c>kc</c> rows of <c>nrPanel</c> contiguous floats, zero-padded on the right. Packing makes every row of
/// the sliver one or two aligned vector loads whatever B's stride or transposition, and keeps the sliver in a
/// few cache lines that stay in L1 while the kernel sweeps down A.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs <c>op(B)[0..kc, 0..nc]</c> where <c>op(B)[p, j] = b[p·ldb + j]</c> (B not transposed).
    /// </summary>
    public static void PackRows<TS, TV>(float* b, nint ldb, int kc, int nc, int nrPanel, float* dst)
        where TS : ISimdFloat<TV> where TV : unmanaged
    {
        int w = TS.Width;
        for (int j0 = 0; j0 < nc; j0 += nrPanel)
        {
            int nr = Math.Min(nrPanel, nc - j0);
            float* d = dst + (nint)(j0 / nrPanel) * kc * nrPanel;
            float* s = b + j0;
            if (nr == nrPanel)
            {
                for (int p = 0; p < kc; p++, s += ldb, d += nrPanel)
                    for (int v = 0; v < nrPanel; v += w) TS.Store(d + v, TS.Load(s + v));
            }
            else
            {
                for (int p = 0; p < kc; p++, s += ldb, d += nrPanel)
                {
                    int j = 0;
                    for (; j < nr; j++) d[j] = s[j];
                    for (; j < nrPanel; j++) d[j] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs <c>op(B)[0..kc, 0..nc]</c> where <c>op(B)[p, j] = b[j·ldb + p]</c> (B stored transposed):
    /// a transposing copy, done in 8 × 8 blocks.
    /// </summary>
    public static void PackColumns<TS, TV>(float* b, nint ldb, int kc, int nc, int nrPanel, float* dst)
        where TS : ISimdFloat<TV> where TV : unmanaged
    {
        // The scalar path stays scalar, so forcing it exercises code that runs on any CPU.
        bool avx = TS.Width >= 8 && Avx.IsSupported;
        for (int j0 = 0; j0 < nc; j0 += nrPanel)
        {
            int nr = Math.Min(nrPanel, nc - j0);
            float* d = dst + (nint)(j0 / nrPanel) * kc * nrPanel;
            float* s = b + j0 * ldb;
            int jj = 0;
            for (; avx && jj + 8 <= nr; jj += 8)
            {
                int p = 0;
                for (; p + 8 <= kc; p += 8) Transpose8x8(s + jj * ldb + p, ldb, d + p * nrPanel + jj, nrPanel);
                for (; p < kc; p++)
                    for (int t = 0; t < 8; t++) d[p * nrPanel + jj + t] = s[(jj + t) * ldb + p];
            }
            for (; jj < nr; jj++)
            {
                float* sj = s + jj * ldb;
                for (int p = 0; p < kc; p++) d[p * nrPanel + jj] = sj[p];
            }
            for (; jj < nrPanel; jj++)
                for (int p = 0; p < kc; p++) d[p * nrPanel + jj] = 0f;
        }
    }

    /// <summary><c>dst[q·ldd + r] = src[r·lds + q]</c> for an 8 × 8 block, with AVX shuffles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint lds, float* dst, nint ldd)
    {
        // The classic three-stage shuffle network: interleave pairs of rows, then pairs of pairs, then halves.
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * lds);
        var r3 = Avx.LoadVector256(src + 3 * lds);
        var r4 = Avx.LoadVector256(src + 4 * lds);
        var r5 = Avx.LoadVector256(src + 5 * lds);
        var r6 = Avx.LoadVector256(src + 6 * lds);
        var r7 = Avx.LoadVector256(src + 7 * lds);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }
}
