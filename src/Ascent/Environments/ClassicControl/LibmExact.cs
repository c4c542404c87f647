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
/// Python's <c>x**2</c> calls and which is not always <c>x·x</c>. glibc documents pow's worst-case error as 0.54 ulp
/// (<c>e_pow.c</c>). With <c>x² = h + l</c> exactly (<c>h = x·x</c>, <c>l = fma(x, x, −h)</c>), when |l| ≤ 0.45 ulp(h)
/// every double other than h is more than 0.55 ulp from x², so pow must return h. Other lanes (about one in ten,
/// plus zero, tiny, huge and power-of-two squares) call <see cref="Math.Pow(double, double)"/>. The shortcut is
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
        if (bad != 0) r = FixLanes(r, t, bad, static (x, mm) => x % mm, m);
        return r;
    }

    /// <summary><c>pow(x, 2)</c> per lane, bit-identical to <see cref="Math.Pow(double, double)"/><c>(x, 2)</c> (see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Square(Vector256<double> x)
    {
        var h = x * x;
        if (!IsGlibc) return FixLanes(h, x, 0xF, static (v, _) => Math.Pow(v, 2), 0);
        var l = Vector256.FusedMultiplyAdd(x, x, -h);
        var bits = h.AsUInt64();
        var exponent = bits & Vector256.Create(0x7FF0000000000000UL);
        // ulp(h) = 2^(e−52), built from the exponent bits; valid for 2^-900 ≤ h < 2^1000.
        var ulp = (exponent - Vector256.Create(52UL << 52)).AsDouble();
        var ok = Vector256.LessThanOrEqual(Vector256.Abs(l), ulp * 0.45)
                 & Vector256.GreaterThanOrEqual(h, Vector256.Create(SmallestSquare))
                 & Vector256.LessThan(h, Vector256.Create(LargestSquare))
                 & ~Vector256.Equals(bits & Vector256.Create(0x000FFFFFFFFFFFFFUL), Vector256<ulong>.Zero).AsDouble();
        uint bad = (~ok).ExtractMostSignificantBits() & 0xF;
        if (bad != 0) h = FixLanes(h, x, bad, static (v, _) => Math.Pow(v, 2), 0);
        return h;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> FixLanes(Vector256<double> result, Vector256<double> input, uint lanes, Func<double, double, double> exact, double arg)
    {
        Span<double> r = stackalloc double[4];
        result.CopyTo(r);
        for (int k = 0; k < 4; k++)
            if ((lanes & (1u << k)) != 0) r[k] = exact(input.GetElement(k), arg);
        return Vector256.Create<double>(r);
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
