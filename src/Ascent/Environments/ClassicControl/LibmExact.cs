using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// Fast versions of the two libm operations Pendulum needs, provably bit-identical to the slow ones, so batched
/// environments stay bit-exact with Gymnasium:
/// <list type="bullet">
/// <item><see cref="Remainder(Vector256{double}, double)"/> equals C's <c>fmod</c> (.NET's <c>%</c>): fmod is exact,
/// and so is <c>t − n·m</c> computed with one fused multiply-add when n is the true quotient, which a range check
/// confirms; otherwise the lane falls back to <c>%</c>.</item>
/// <item><see cref="Square(Vector256{double})"/> equals <see cref="Math.Pow(double, double)"/><c>(x, 2)</c>, which
/// Python's <c>x**2</c> calls and which is not always <c>x·x</c>. glibc documents pow's worst-case error as 0.54 ulp,
/// "ulperr_exp + 1024·ln2·relerr_log·2^53" with ulperr_exp = 0.509 (<c>e_pow.c</c>): 0.5 for the final rounding plus at
/// most 0.04 ulp of approximation error before it. Write <c>x² = h + l</c> exactly (<c>h = x·x</c>,
/// <c>l = fma(x, x, −h)</c>). If |l| ≤ 0.45 ulp(h), x² is more than 0.05 ulp from every rounding boundary, so pow
/// rounds to h; if l = 0, x² is the double h, at least 0.25 ulp from every boundary. Other lanes (about one in ten,
/// plus tiny, huge and negative-side power-of-two cases) call <see cref="Math.Pow(double, double)"/>. The shortcut is
/// used only when the C library is glibc; elsewhere every lane calls Math.Pow.</item>
/// </list>
/// </summary>
internal static class LibmExact
{
    /// <summary>Whether the process's C library is glibc (whose pow error bound the square shortcut relies on).</summary>
    public static readonly bool IsGlibc = DetectGlibc();

    private static readonly double SmallestSquare = Math.ScaleB(1.0, -900), LargestSquare = Math.ScaleB(1.0, 1000);

    private static readonly bool UseVectors = Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported;

    /// <summary>Whether the vector paths are available (AVX2 with FMA).</summary>
    public static bool VectorsSupported => UseVectors;

    /// <summary><c>fmod(t, m)</c> per lane (m &gt; 0), bit-identical to <c>t % m</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Remainder(Vector256<double> t, double m)
    {
        var vm = Vector256.Create(m);
        var n = Vector256.Truncate(t / vm);
        var r = Vector256.FusedMultiplyAdd(-n, vm, t);
        var nonNegative = Vector256.GreaterThanOrEqual(t, Vector256<double>.Zero);
        var ok = Vector256.ConditionalSelect(nonNegative,
            Vector256.GreaterThanOrEqual(r, Vector256<double>.Zero) & Vector256.LessThan(r, vm),
            Vector256.LessThanOrEqual(r, Vector256<double>.Zero) & Vector256.GreaterThan(r, -vm));
        r = Vector256.ConditionalSelect(Vector256.Equals(r, Vector256<double>.Zero), t & Vector256.Create(-0.0), r); // fmod's zero has t's sign
        uint bad = (~ok).ExtractMostSignificantBits() & 0xF;
        while (bad != 0)
        {
            int k = BitOperations.TrailingZeroCount(bad);
            r = r.WithElement(k, t.GetElement(k) % m);
            bad &= bad - 1;
        }
        return r;
    }

    /// <summary><c>pow(x, 2)</c> per lane, bit-identical to <see cref="Math.Pow(double, double)"/><c>(x, 2)</c> (see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Square(Vector256<double> x)
    {
        var h = x * x;
        if (!IsGlibc) return PowLanes(h, x, 0xF);
        var l = Vector256.FusedMultiplyAdd(x, x, -h);
        var bits = h.AsUInt64();
        var exponent = bits & Vector256.Create(0x7FF0000000000000UL);
        // ulp(h) = 2^(e−52), built from the exponent bits; valid for 2^-900 ≤ h < 2^1000.
        var ulp = (exponent - Vector256.Create(52UL << 52)).AsDouble();
        var inRange = Vector256.GreaterThanOrEqual(h, Vector256.Create(SmallestSquare)) & Vector256.LessThan(h, Vector256.Create(LargestSquare));
        var exactSquare = Vector256.Equals(l, Vector256<double>.Zero) & (inRange | Vector256.Equals(x, Vector256<double>.Zero));
        var powerOfTwo = Vector256.Equals(bits & Vector256.Create(0x000FFFFFFFFFFFFFUL), Vector256<ulong>.Zero).AsDouble();
        var nearH = Vector256.LessThanOrEqual(Vector256.Abs(l), ulp * 0.45) & inRange & ~powerOfTwo;
        var ok = exactSquare | nearH;
        uint bad = (~ok).ExtractMostSignificantBits() & 0xF;
        return bad == 0 ? h : PowLanes(h, x, bad);
    }

    /// <summary>Replaces the given lanes of <paramref name="h"/> by libm's <c>pow(x, 2)</c>.</summary>
    private static Vector256<double> PowLanes(Vector256<double> h, Vector256<double> x, uint lanes)
    {
        while (lanes != 0)
        {
            int k = BitOperations.TrailingZeroCount(lanes);
            h = h.WithElement(k, Math.Pow(x.GetElement(k), 2));
            lanes &= lanes - 1;
        }
        return h;
    }

    private static bool DetectGlibc()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            if (!NativeLibrary.TryLoad("libc.so.6", out var handle)) return false;
            return NativeLibrary.TryGetExport(handle, "gnu_get_libc_version", out _);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
