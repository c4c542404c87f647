using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>a⁸ and 1 + a + … + a⁷: eight steps at once; a¹⁶: sixteen steps.</summary>
    private static readonly UInt128 Jump, JumpSum, Jump16;

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
        Jump16 = unchecked(Jump * Jump);
    }

    /// <summary>Whether this CPU runs it (AVX-512F and DQ).</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx512DQ.IsSupported;

    /// <summary>
    /// Writes the outputs following <paramref name="state"/> (increment <paramref name="increment"/>) into
    /// <paramref name="destination"/> (at least 8) and returns the state after the last one.
    /// </summary>
    /// <remarks>
    /// Two sets of eight lanes (states k+1…k+8 and k+9…k+16) jump sixteen steps each, so the two dependency chains of
    /// 128-bit multiplies overlap. States live in registers as separate high/low vectors (tuples of vectors would be
    /// kept on the stack, and every jump would wait for a 64-byte store to be forwarded).
    /// </remarks>
    public static UInt128 Fill(UInt128 state, UInt128 increment, Span<ulong> destination)
    {
        int n = destination.Length;
        if (n < 8) throw new ArgumentException($"Pcg64Lanes.Fill: needs at least 8 outputs, got {n}.", nameof(destination));
        ref ulong d = ref MemoryMarshal.GetReference(destination);

        // Lanes start at s[1] … s[8]: a^(j+1)·s + (1 + … + a^j)·c, all lanes at once.
        MultiplyAdd(Vector512.Create((ulong)(increment >> 64)), Vector512.Create((ulong)increment), PowerSumsHi, PowerSumsLo,
            Vector512<ulong>.Zero, Vector512<ulong>.Zero, out var sumsHi, out var sumsLo);
        MultiplyAdd(Vector512.Create((ulong)(state >> 64)), Vector512.Create((ulong)state), PowersHi, PowersLo, sumsHi, sumsLo, out var aHi, out var aLo);
        UInt128 shift8 = unchecked(JumpSum * increment), shift16 = unchecked((Jump + UInt128.One) * shift8);
        var jump8Hi = Vector512.Create((ulong)(Jump >> 64));
        var jump8Lo = Vector512.Create((ulong)Jump);
        var shift8Hi = Vector512.Create((ulong)(shift8 >> 64));
        var shift8Lo = Vector512.Create((ulong)shift8);

        int k = 0;
        Vector512<ulong> lastHi = aHi, lastLo = aLo;
        if (n >= 16)
        {
            var jump16Hi = Vector512.Create((ulong)(Jump16 >> 64));
            var jump16Lo = Vector512.Create((ulong)Jump16);
            var shift16Hi = Vector512.Create((ulong)(shift16 >> 64));
            var shift16Lo = Vector512.Create((ulong)shift16);
            MultiplyAdd(aHi, aLo, jump8Hi, jump8Lo, shift8Hi, shift8Lo, out var bHi, out var bLo); // s[9] … s[16]
            while (true)
            {
                Output(aHi, aLo).StoreUnsafe(ref d, (nuint)k);
                Output(bHi, bLo).StoreUnsafe(ref d, (nuint)(k + 8));
                k += 16;
                if (k + 16 > n) break;
                MultiplyAdd(aHi, aLo, jump16Hi, jump16Lo, shift16Hi, shift16Lo, out aHi, out aLo);
                MultiplyAdd(bHi, bLo, jump16Hi, jump16Lo, shift16Hi, shift16Lo, out bHi, out bLo);
            }
            lastHi = bHi;
            lastLo = bLo;
            if (k + 8 <= n)
            {
                MultiplyAdd(bHi, bLo, jump8Hi, jump8Lo, shift8Hi, shift8Lo, out lastHi, out lastLo); // eight more
                Output(lastHi, lastLo).StoreUnsafe(ref d, (nuint)k);
                k += 8;
            }
        }
        else
        {
            Output(aHi, aLo).StoreUnsafe(ref d, 0);
            k = 8;
        }

        var last = new UInt128(lastHi.GetElement(7), lastLo.GetElement(7));
        for (; k < n; k++)
        {
            last = unchecked(last * Multiplier + increment);
            destination[k] = ulong.RotateRight((ulong)(last >> 64) ^ (ulong)last, (int)((ulong)(last >> 64) >> 58));
        }
        return last;
    }

    private static (Vector512<ulong> Hi, Vector512<ulong> Lo) Lanes(ReadOnlySpan<UInt128> values)
    {
        Span<ulong> hi = stackalloc ulong[8], lo = stackalloc ulong[8];
        for (int j = 0; j < 8; j++) { hi[j] = (ulong)(values[j] >> 64); lo[j] = (ulong)values[j]; }
        return (Vector512.Create<ulong>(hi), Vector512.Create<ulong>(lo));
    }

    /// <summary>x·y + z mod 2^128 per lane (x, y, z given as high and low words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd(Vector512<ulong> xHi, Vector512<ulong> xLo, Vector512<ulong> yHi, Vector512<ulong> yLo,
        Vector512<ulong> zHi, Vector512<ulong> zLo, out Vector512<ulong> hi, out Vector512<ulong> lo)
    {
        var productHi = MultiplyHigh(xLo, yLo, out var productLo) + Avx512DQ.MultiplyLow(xLo, yHi) + Avx512DQ.MultiplyLow(xHi, yLo);
        lo = productLo + zLo;
        var carry = Vector512.LessThan(lo, zLo); // all ones (−1) where the low words wrapped
        hi = productHi + zHi - carry;
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
