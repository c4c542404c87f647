using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// Consecutive outputs of one PCG64 stream (<see cref="Rng"/>'s generator) computed eight at a time with AVX-512:
/// lane j holds state <c>s[k+j]</c>, and all lanes jump eight steps at once, <c>s[k+8] = a⁸·s[k] + (a⁷ + … + a + 1)·c</c>
/// (mod 2^128). Only integer arithmetic, so the outputs are exactly the scalar generator's.
/// </summary>
/// <remarks>
/// 128-bit products from 64-bit lanes: the low 64 bits of <c>sLo·aLo</c> and of the cross products are plain
/// multiplies; the high 64 bits of <c>sLo·aLo</c> come from four 32×32→64 products. About 30 vector instructions per
/// eight outputs, against about 20 scalar instructions per output.
/// </remarks>
internal static class Pcg64Lanes
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    /// <summary>Whether this CPU runs it (AVX-512F and DQ).</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx512DQ.IsSupported;

    /// <summary>
    /// Writes the outputs following <paramref name="state"/> (increment <paramref name="increment"/>) into
    /// <paramref name="destination"/> (at least 8) and returns the state after the last one.
    /// </summary>
    public static UInt128 Fill(UInt128 state, UInt128 increment, Span<ulong> destination)
    {
        int n = destination.Length;
        if (n < 8) throw new ArgumentException($"Pcg64Lanes.Fill: needs at least 8 outputs, got {n}.", nameof(destination));

        // Lanes start at s[1] … s[8], the next eight states.
        Span<ulong> high = stackalloc ulong[8], low = stackalloc ulong[8];
        var s = state;
        for (int j = 0; j < 8; j++)
        {
            s = unchecked(s * Multiplier + increment);
            high[j] = (ulong)(s >> 64);
            low[j] = (ulong)s;
        }
        var sHi = Vector512.Create<ulong>(high);
        var sLo = Vector512.Create<ulong>(low);

        // Eight steps at once: a⁸ and (a⁷ + … + 1)·c.
        UInt128 jump = Multiplier, sum = UInt128.One;
        for (int j = 1; j < 8; j++) { sum = unchecked(sum * Multiplier + UInt128.One); jump = unchecked(jump * Multiplier); }
        UInt128 shift = unchecked(sum * increment);
        var aHi = Vector512.Create((ulong)(jump >> 64));
        var aLo = Vector512.Create((ulong)jump);
        var aLo32High = Vector512.Create((ulong)jump >> 32);
        var cHi = Vector512.Create((ulong)(shift >> 64));
        var cLo = Vector512.Create((ulong)shift);

        int k = 0;
        while (true)
        {
            Output(sHi, sLo).CopyTo(destination.Slice(k, 8));
            k += 8;
            if (k + 8 > n) break;
            // s·a + c mod 2^128 on (hi, lo) lanes.
            var productHigh = MultiplyHigh(sLo, aLo, aLo32High, out var productLow);
            var newLo = productLow + cLo;
            var carry = Vector512.LessThan(newLo, cLo); // all ones where the low add wrapped
            sHi = productHigh + Avx512DQ.MultiplyLow(sLo, aHi) + Avx512DQ.MultiplyLow(sHi, aLo) + cHi - carry;
            sLo = newLo;
        }

        var last = new UInt128(sHi.GetElement(7), sLo.GetElement(7));
        for (; k < n; k++)
        {
            last = unchecked(last * Multiplier + increment);
            destination[k] = ulong.RotateRight((ulong)(last >> 64) ^ (ulong)last, (int)((ulong)(last >> 64) >> 58));
        }
        return last;
    }

    /// <summary>PCG's XSL-RR output per lane: (hi ^ lo) rotated right by hi's top 6 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Output(Vector512<ulong> hi, Vector512<ulong> lo) =>
        Avx512F.RotateRightVariable(hi ^ lo, hi >>> 58);

    /// <summary>The high and low 64 bits of x·a per lane (a's high 32 bits given separately), from 32×32→64 products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> MultiplyHigh(Vector512<ulong> x, Vector512<ulong> a, Vector512<ulong> aHigh32, out Vector512<ulong> low)
    {
        var xHigh32 = x >>> 32;
        var p00 = Avx512F.Multiply(x.AsUInt32(), a.AsUInt32());          // x0·a0 (vpmuludq uses each lane's low 32 bits)
        var p01 = Avx512F.Multiply(x.AsUInt32(), aHigh32.AsUInt32());    // x0·a1
        var p10 = Avx512F.Multiply(xHigh32.AsUInt32(), a.AsUInt32());    // x1·a0
        var p11 = Avx512F.Multiply(xHigh32.AsUInt32(), aHigh32.AsUInt32());
        var mask = Vector512.Create(0xFFFFFFFFUL);
        var middle = (p00 >>> 32) + (p01 & mask) + (p10 & mask);
        low = p00 + ((p01 + p10) << 32);
        return p11 + (p01 >>> 32) + (p10 >>> 32) + (middle >>> 32);
    }
}
