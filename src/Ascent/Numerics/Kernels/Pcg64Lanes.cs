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
/// eight outputs, against about 20 scalar instructions per output. The eight starting states are computed in lanes too.
/// </remarks>
internal static class Pcg64Lanes
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    /// <summary>Per lane j: a^(j+1), and 1 + a + … + a^j, so that s[j+1] = a^(j+1)·s + (1 + … + a^j)·c.</summary>
    private static readonly Vector512<ulong> PowersHi, PowersLo, PowerSumsHi, PowerSumsLo;

    /// <summary>a⁸ and 1 + a + … + a⁷: eight steps at once.</summary>
    private static readonly UInt128 Jump, JumpSum;

    static Pcg64Lanes()
    {
        Span<UInt128> powers = stackalloc UInt128[8], sums = stackalloc UInt128[8];
        UInt128 power = Multiplier, sum = UInt128.One;
        for (int j = 0; j < 8; j++)
        {
            powers[j] = power;
            sums[j] = sum;
            power = unchecked(power * Multiplier);
            sum = unchecked(sum + powers[j]);
        }
        (PowersHi, PowersLo) = Lanes(powers);
        (PowerSumsHi, PowerSumsLo) = Lanes(sums);
        Jump = powers[7];
        JumpSum = sums[7];
    }

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

        // Lanes start at s[1] … s[8]: a^(j+1)·s + (1 + … + a^j)·c, all lanes at once.
        var (sHi, sLo) = Add(Multiply(Splat(state), (PowersHi, PowersLo)), Multiply(Splat(increment), (PowerSumsHi, PowerSumsLo)));
        var jump = Splat(Jump);
        var shift = Splat(unchecked(JumpSum * increment));

        int k = 0;
        while (true)
        {
            Output(sHi, sLo).CopyTo(destination.Slice(k, 8));
            k += 8;
            if (k + 8 > n) break;
            (sHi, sLo) = Add(Multiply((sHi, sLo), jump), shift); // eight steps ahead
        }

        var last = new UInt128(sHi.GetElement(7), sLo.GetElement(7));
        for (; k < n; k++)
        {
            last = unchecked(last * Multiplier + increment);
            destination[k] = ulong.RotateRight((ulong)(last >> 64) ^ (ulong)last, (int)((ulong)(last >> 64) >> 58));
        }
        return last;
    }

    private static (Vector512<ulong> Hi, Vector512<ulong> Lo) Splat(UInt128 v) => (Vector512.Create((ulong)(v >> 64)), Vector512.Create((ulong)v));

    private static (Vector512<ulong> Hi, Vector512<ulong> Lo) Lanes(ReadOnlySpan<UInt128> values)
    {
        Span<ulong> hi = stackalloc ulong[8], lo = stackalloc ulong[8];
        for (int j = 0; j < 8; j++) { hi[j] = (ulong)(values[j] >> 64); lo[j] = (ulong)values[j]; }
        return (Vector512.Create<ulong>(hi), Vector512.Create<ulong>(lo));
    }

    /// <summary>x·y mod 2^128 per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<ulong> Hi, Vector512<ulong> Lo) Multiply((Vector512<ulong> Hi, Vector512<ulong> Lo) x, (Vector512<ulong> Hi, Vector512<ulong> Lo) y)
    {
        var high = MultiplyHigh(x.Lo, y.Lo, out var low);
        return (high + Avx512DQ.MultiplyLow(x.Lo, y.Hi) + Avx512DQ.MultiplyLow(x.Hi, y.Lo), low);
    }

    /// <summary>x + y mod 2^128 per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<ulong> Hi, Vector512<ulong> Lo) Add((Vector512<ulong> Hi, Vector512<ulong> Lo) x, (Vector512<ulong> Hi, Vector512<ulong> Lo) y)
    {
        var lo = x.Lo + y.Lo;
        var carry = Vector512.LessThan(lo, y.Lo); // all ones (−1) where the low words wrapped
        return (x.Hi + y.Hi - carry, lo);
    }

    /// <summary>PCG's XSL-RR output per lane: (hi ^ lo) rotated right by hi's top 6 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Output(Vector512<ulong> hi, Vector512<ulong> lo) =>
        Avx512F.RotateRightVariable(hi ^ lo, hi >>> 58);

    /// <summary>The high and low 64 bits of x·y per lane, from four 32×32→64 products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> MultiplyHigh(Vector512<ulong> x, Vector512<ulong> y, out Vector512<ulong> low)
    {
        var x1 = x >>> 32;
        var y1 = y >>> 32;
        var p00 = Avx512F.Multiply(x.AsUInt32(), y.AsUInt32());   // x0·y0 (vpmuludq reads each lane's low 32 bits)
        var p01 = Avx512F.Multiply(x.AsUInt32(), y1.AsUInt32());  // x0·y1
        var p10 = Avx512F.Multiply(x1.AsUInt32(), y.AsUInt32());  // x1·y0
        var p11 = Avx512F.Multiply(x1.AsUInt32(), y1.AsUInt32()); // x1·y1
        var mask = Vector512.Create(0xFFFFFFFFUL);
        var middle = (p00 >>> 32) + (p01 & mask) + (p10 & mask);
        low = p00 + ((p01 + p10) << 32);
        return p11 + (p01 >>> 32) + (p10 >>> 32) + (middle >>> 32);
    }
}
