using System.Runtime.Intrinsics.X86;
using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Environments.ClassicControl;

internal static partial class LibmSinCos
{
    /// <summary>
    /// Whether <paramref name="path"/> may be used: only where the derivation holds (glibc; FMA and AVX2, so glibc runs
    /// its FMA build), the CPU runs the path and the self-check confirms it on this machine.
    /// </summary>
    private static bool Verify(SimdPath path) =>
        LibmExact.IsGlibc && Fma.IsSupported && Avx2.IsSupported && IsSupported(path) && SelfCheck(path) == 0;

    /// <summary>
    /// The number of self-check inputs on which <paramref name="path"/> (with libm fallback lanes) differs in any bit
    /// from <see cref="Math.Sin"/>, <see cref="Math.Cos"/> or <see cref="Math.SinCos"/>, with both the full and the
    /// small-angle kernel; 0 means the path may be used. Runs once per path, at its first use (about 2 ms, plus about
    /// 20 ms to compile the kernels).
    /// </summary>
    internal static int SelfCheck(SimdPath path)
    {
        var x = SelfCheckInputs();
        var sin = new double[x.Length];
        var cos = new double[x.Length];
        int mismatches = 0;
        foreach (bool smallOnly in (ReadOnlySpan<bool>)[false, true])
        {
            SinCosOn(path, x, sin, cos, smallOnly);
            for (int i = 0; i < x.Length; i++)
            {
                var (libmSin, libmCos) = Math.SinCos(x[i]);
                if (!SameBits(sin[i], Math.Sin(x[i])) || !SameBits(cos[i], Math.Cos(x[i])) || !SameBits(sin[i], libmSin) || !SameBits(cos[i], libmCos))
                    mismatches++;
            }
        }
        return mismatches;
    }

    /// <summary>
    /// The fixed self-check inputs: every table row from both sides of its rounding boundaries, every range boundary
    /// (2^-27, 2^-26, 0.126, 0.85546875, 2.426265, 105414350) and its neighbours, multiples of π/4 and π/2 (where the
    /// reduction cancels most) with neighbours, ±0, subnormals, NaN, ±∞, huge values, and 3,000 pseudo-random values
    /// spread over the ranges — in both signs — plus <see cref="FmaWitnesses"/>. 4,400 values, a multiple of 8.
    /// </summary>
    internal static double[] SelfCheckInputs()
    {
        var inputs = new List<double>(4400);
        void Both(double v) { inputs.Add(v); inputs.Add(-v); }
        void Around(double v) { Both(v); Both(Math.BitIncrement(v)); Both(Math.BitDecrement(v)); }

        for (int k = 0; k < 110; k++) { Both((k + 0.4999) / 128); Both((k + 0.5001) / 128); } // each row, near its edges
        foreach (ulong bits in (ReadOnlySpan<ulong>)[CosTinyBits, SinTinyBits, TableLimitBits, ShiftedLimitBits, ReducedLimitBits])
            Around(BitConverter.UInt64BitsToDouble(bits));
        Around(0.126);
        for (int k = 1; k <= 64; k++) Around(k * (Math.PI / 4));
        for (int k = 1; k <= 26; k++) Around(Math.ScaleB(Math.PI / 2, k)); // large multiples of π/2, the last beyond range
        foreach (double v in (ReadOnlySpan<double>)[0.0, double.Epsilon, 1e-310, 2.2250738585072014e-308, 1e-200, 1e-17,
                     double.PositiveInfinity, 1e300, double.MaxValue, 1e9, 2e8])
            Both(v);
        inputs.Add(double.NaN);
        foreach (ulong bits in FmaWitnesses) inputs.Add(BitConverter.UInt64BitsToDouble(bits));

        var rng = new Rng(20240611);
        (double Low, double High)[] ranges = [(0, 0.126), (0.126, 0.85546875), (0.85546875, 2.426265), (2.426265, 20), (20, 1e4), (1e4, 105414350)];
        foreach (var (low, high) in ranges)
            for (int i = 0; i < 250; i++) Both(rng.Uniform(low, high));
        while (inputs.Count < 4400) // the rest log-uniform over 2^-30 … 2^26.6
            inputs.Add(Math.CopySign(Math.Pow(2, rng.Uniform(-30, 26.6)), rng.Uniform(-1, 1)));
        return inputs.ToArray();
    }

    /// <summary>
    /// Inputs on which glibc's builds without FMA (its AVX and SSE2 variants, which it runs when the CPU lacks FMA or with
    /// <c>GLIBC_TUNABLES=glibc.cpu.hwcaps=-FMA</c>) round differently from its FMA build, a dozen per range: found by
    /// comparing the two on this machine (they differ on about 0.03–0.1 % of inputs, too rarely for random inputs alone
    /// to be sure to expose them).
    /// </summary>
    private static ReadOnlySpan<ulong> FmaWitnesses =>
    [
        0x3FB526A24C937103, 0xBFBAD8BEA85B3DE2, 0x3FA2F07E3F780FFA, 0x3FBCB431461B2231, 0x3FB8F7118172715F, 0x3FBEF689F9C168B3,
        0xBFBDFBC7E9010D77, 0x3FBFAB1D54D3671A, 0x3FB7B2527691FA44, 0x3FBA9F65D46FDB4E,
        0x3FE014E932342CE5, 0x3FCEAFCC755FB9B6, 0x3FE0664E2A25FDC4, 0x3FD4A31A190007BE, 0x3FDBA87EC2A8EFB6, 0x3FCD527358F55B2C,
        0xBFD044C07C9A2D58, 0x3FDA1EC49D82BD89, 0xBFCB83AA2B0DD62E, 0x3FE2D3DF40A9FF4C, 0x3FE0526DEAC5ED0D, 0xBFE2B47813D0D05C,
        0x3FF5D2C6E62BC810, 0x3FF53ABFB298CAF6, 0xBFEDA641C49E25FE, 0xBFF45629705FEF7D, 0x3FF6D9E46678AC25, 0x3FF01109F4FB94DE,
        0x3FEDD4ED46CAFC44, 0xBFF647BE416C36A2, 0xC002A2AEFBFF0DD0, 0x3FF34DCF9C6C2E30, 0x3FEF18568BCB9CB5, 0x4002B98B6A6AB5AA,
        0xC05445619B0F518A, 0x40518E28C1910271, 0x40578A31C78B830F, 0xC03A7AF2BCF8F7C6, 0xC020C3748D543008, 0xC04D38ACB74297DF,
        0xC0576F8A1D8A4BCA, 0xC04D1E1640A6BD03, 0xC035D304E56A4FAF, 0x40337848B20700AA, 0xC02C9FEE36FCEBB0, 0x4043DDEB919E3F95,
        0x418949C03C6222B0, 0xC1975C17C40CBA3F, 0x418174AF3D872B9A, 0xC18046730469EFEE, 0xC1813F25BFDFCBCD, 0xC164FE3D4C01AE22,
        0x419032669F05A431, 0x41898D7FB5EA81FC, 0x417BACA2951CB3A8, 0xC18B582B21EF232A, 0x4192F283F3E125B2, 0xC169442EEE846C5C,
    ];

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
}
