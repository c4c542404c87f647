using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ascent.Numerics.Kernels;

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

    /// <summary>The bits of 2^-900, 2^1000 and 2^-52 (constants, so kernels compiled before this class is initialised need no load or call).</summary>
    private const ulong SmallestSquareBits = (1023UL - 900) << 52, LargestSquareBits = (1023UL + 1000) << 52, TwoToMinus52Bits = (1023UL - 52) << 52;

    private static readonly bool UseVectors = SimdDouble256.IsSupported;

    /// <summary>Whether the vector paths are available (AVX2 with FMA).</summary>
    public static bool VectorsSupported => UseVectors;

    /// <summary><c>fmod(t, m)</c> per lane (m &gt; 0), bit-identical to <c>t % m</c>.</summary>
    public static Vector256<double> Remainder(Vector256<double> t, double m) => Remainder<SimdDouble256, Vector256<double>>(t, m);

    /// <summary><c>pow(x, 2)</c> per lane, bit-identical to <see cref="Math.Pow(double, double)"/><c>(x, 2)</c> (see the class remarks).</summary>
    public static Vector256<double> Square(Vector256<double> x) => Square<SimdDouble256, Vector256<double>>(x);

    /// <summary><c>fmod(t, m)</c> per lane (m &gt; 0), bit-identical to <c>t % m</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Remainder<TOps, TV>(TV t, double m) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var r = RemainderFast<TOps, TV>(t, m, out uint libmLanes);
        return libmLanes == 0 ? r : RemainderLanes<TOps, TV>(r, t, m, libmLanes);
    }

    /// <summary>
    /// <c>fmod(t, m)</c> per lane (m &gt; 0) without calling libm: exact on every lane except those set in
    /// <paramref name="libmLanes"/>, whose results must be replaced by <c>t % m</c>. Loops that must not contain calls
    /// (a call forces every live vector onto the stack) fix those lanes afterwards.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV RemainderFast<TOps, TV>(TV t, double m, out uint libmLanes) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var vm = TOps.Splat(m);
        var zero = TOps.Splat(0.0);
        var n = TOps.Truncate(TOps.Divide(t, vm));
        var r = TOps.MultiplyAdd(TOps.Negate(n), vm, t);
        var nonNegative = TOps.GreaterThanOrEqual(t, zero);
        var ok = TOps.Select(nonNegative,
            TOps.And(TOps.GreaterThanOrEqual(r, zero), TOps.LessThan(r, vm)),
            TOps.And(TOps.LessThanOrEqual(r, zero), TOps.GreaterThan(r, TOps.Negate(vm))));
        libmLanes = TOps.LaneBits(ok) ^ ((1u << TOps.Width) - 1);
        return TOps.Select(TOps.Equal(r, zero), TOps.And(t, TOps.Splat(-0.0)), r); // fmod's zero has t's sign
    }

    /// <summary><c>pow(x, 2)</c> per lane, bit-identical to <see cref="Math.Pow(double, double)"/><c>(x, 2)</c> (see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Square<TOps, TV>(TV x) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var h = SquareFast<TOps, TV>(x, out uint libmLanes);
        if (!IsGlibc) libmLanes = (1u << TOps.Width) - 1;
        return libmLanes == 0 ? h : PowLanes<TOps, TV>(h, x, libmLanes);
    }

    /// <summary>
    /// <c>x·x</c> per lane, equal to glibc's <c>pow(x, 2)</c> on every lane except those set in
    /// <paramref name="libmLanes"/> (see the class remarks), whose results must be replaced by
    /// <see cref="Math.Pow(double, double)"/>. Valid only when <see cref="IsGlibc"/>; elsewhere every lane needs libm.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SquareFast<TOps, TV>(TV x, out uint libmLanes) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var h = TOps.Multiply(x, x);
        var zero = TOps.Splat(0.0);
        var l = TOps.MultiplyAdd(x, x, TOps.Negate(h));
        // ulp(h) = 2^(e−52): h's exponent bits alone are 2^e, scaled exactly; valid for 2^-900 ≤ h < 2^1000.
        var ulp = TOps.Multiply(TOps.And(h, TOps.SplatBits(0x7FF0000000000000UL)), TOps.SplatBits(TwoToMinus52Bits));
        var inRange = TOps.And(TOps.GreaterThanOrEqual(h, TOps.SplatBits(SmallestSquareBits)), TOps.LessThan(h, TOps.SplatBits(LargestSquareBits)));
        var exactSquare = TOps.And(TOps.Equal(l, zero), TOps.Or(inRange, TOps.Equal(x, zero)));
        var notPowerOfTwo = TOps.AnyBitSet(h, 0x000FFFFFFFFFFFFFUL);
        var nearH = TOps.And(TOps.And(TOps.LessThanOrEqual(TOps.Abs(l), TOps.Multiply(ulp, TOps.Splat(0.45))), inRange), notPowerOfTwo);
        libmLanes = TOps.LaneBits(TOps.Or(exactSquare, nearH)) ^ ((1u << TOps.Width) - 1);
        return h;
    }

    /// <summary>Replaces the given lanes of <paramref name="r"/> by C's <c>fmod(t, m)</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe TV RemainderLanes<TOps, TV>(TV r, TV t, double m, uint lanes) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        double* result = (double*)&r, input = (double*)&t; // lanes in memory: cheaper than element extracts and inserts
        while (lanes != 0)
        {
            int k = BitOperations.TrailingZeroCount(lanes);
            result[k] = input[k] % m;
            lanes &= lanes - 1;
        }
        return r;
    }

    /// <summary>Replaces the given lanes of <paramref name="h"/> by libm's <c>pow(x, 2)</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe TV PowLanes<TOps, TV>(TV h, TV x, uint lanes) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        double* result = (double*)&h, input = (double*)&x; // lanes in memory: cheaper than element extracts and inserts
        while (lanes != 0)
        {
            int k = BitOperations.TrailingZeroCount(lanes);
            result[k] = Math.Pow(input[k], 2);
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
