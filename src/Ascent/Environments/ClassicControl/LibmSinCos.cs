using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ascent.Numerics.Kernels;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// sin and cos on SIMD lanes, bit-identical to <see cref="Math.Sin"/> and <see cref="Math.Cos"/> on this platform, so
/// batched environments can leave libm without leaving Gymnasium's trajectories.
/// </summary>
/// <remarks>
/// <para><b>Why this can be exact.</b> On Linux, .NET's Math.Sin/Math.Cos call glibc. On CPUs with FMA and AVX2, glibc
/// 2.36 runs an FMA-compiled build of its <c>s_sin.c</c> (chosen once by an ifunc resolver). Its result is a fixed
/// sequence of IEEE double operations — adds, multiplies, fused multiply-adds, loads from a 110-row table, sign
/// copies — chosen by range. Performing the same operations in the same order on SIMD lanes gives the same bits: each
/// operation is correctly rounded, so equal inputs give equal outputs. The sequence below was read from the machine code
/// of <c>libm.so.6</c> (which products the compiler fused is visible only there), and branches became lane masks:
/// every lane evaluates the candidate paths and keeps its own.</para>
/// <para><b>Ranges</b> (by |x|): below 2^-26, sin x = x (cos x = 1 below 2^-27); below 0.85546875, a Taylor polynomial
/// (sin, |x| &lt; 0.126) or the table at the nearest k/128 plus a short correction; below 2.426265, the same kernels
/// applied to π/2 − |x| (π/2 as a double-double); below 105414350, a Cody–Waite reduction by π/2 with a 136-bit π/2
/// into a double-double remainder and quadrant. Beyond that (and for NaN and ±∞) a lane is reported as a fallback
/// lane and the caller takes <see cref="Math.Sin"/>/<see cref="Math.Cos"/> for it.</para>
/// <para><b>Never silently wrong.</b> The vector paths are used only if the C library is glibc, the CPU has FMA and
/// AVX2 (so glibc runs its FMA build) and a self-check at first use agrees bit for bit with Math.Sin, Math.Cos and
/// Math.SinCos on 4,400 inputs covering every path and boundary (<see cref="SelfCheck"/>); otherwise
/// <see cref="BestPath"/> is <see cref="SimdPath.Scalar"/> and callers use libm. A different libm (musl, Windows,
/// macOS), glibc's non-FMA builds or a future rewrite of s_sin.c fail the check.</para>
/// </remarks>
internal static unsafe partial class LibmSinCos
{
    // The constants of glibc's s_sin.c / usncs.h, as the doubles libm holds.
    private const double Big = 52776558133248.0;                 // 1.5·2^45: adding it rounds |x| to a multiple of 1/128
    private const double Sn3 = -0.16666666666666488, Sn5 = 0.008333332142857223;           // sin r ≈ r + r³(sn3 + r²·sn5)
    private const double Cs2 = 0.5, Cs4 = -0.04166666666666644, Cs6 = 0.001388888740079376; // 1 − cos r ≈ r²(cs2 + …)
    private const double S1 = -0.16666666666666666, S2 = 0.008333333333332329, S3 = -0.00019841269834414642,
        S4 = 2.755729806860771e-06, S5 = -2.5022014848318398e-08;                            // Taylor series of sin
    private const double Hp0 = 1.5707963267948966, Hp1 = 6.123233995736766e-17;     // π/2 = hp0 + hp1
    private const double ToInt = 6755399441055744.0, HpInv = 0.6366197723675814;    // 1.5·2^52, 2/π
    private const double Mp1 = 1.5707963407039642, Mp2 = -1.3909067564377153e-08,   // π/2 in four pieces
        Pp3 = -4.97899623147991e-17, Pp4 = -1.9034889620193266e-25;

    /// <summary>|x| limits of the ranges, as doubles (glibc compares the high word of x with 0x3e500000 etc.).</summary>
    private const ulong SinTinyBits = 0x3E50000000000000, CosTinyBits = 0x3E40000000000000,
        TableLimitBits = 0x3FEB600000000000, ShiftedLimitBits = 0x400368FD00000000, ReducedLimitBits = 0x419921FB00000000;

    /// <summary>|x| below which sin/cos use the table directly (0.85546875); CartPole's angles stay far inside it.</summary>
    internal static double TableLimit => BitConverter.UInt64BitsToDouble(TableLimitBits);

    /// <summary>|x| below which the vector kernels are exact (105414350.0…); larger, NaN and ±∞ lanes fall back to libm.</summary>
    internal static double ReducedLimit => BitConverter.UInt64BitsToDouble(ReducedLimitBits);

    /// <summary>The table, 128 rows of 4 doubles (rows 110–127 are zero padding, never used by an in-range lane), pinned.</summary>
    private static readonly double* Table = CreateTable();

    /// <summary>Rows 0–31 of <see cref="Table"/> column by column (4 × 32 doubles), for <see cref="SinCosSmall"/>.</summary>
    private static readonly double* SmallColumns = CreateSmallColumns();

    /// <summary>|x| below which <see cref="SinCosSmall"/> works: 31.5/128, so the nearest row k/128 is one of the first 32.</summary>
    internal const double SmallLimit = 31.5 / 128;

    /// <summary>
    /// Runs the static initialisers of this class and <see cref="LibmExact"/> (the table, glibc detection). Callers
    /// do it before their stepping loops are first compiled: the JIT, compiling a method fully optimised on its first
    /// call (as the CLI's settings make it), then reads the table address and the glibc flag as constants instead of
    /// checking in every iteration whether the class is initialised (a check with a helper call on its slow path, which
    /// forces every live vector onto the stack).
    /// </summary>
    internal static void InitializeBeforeKernelsCompile()
    {
        RuntimeHelpers.RunClassConstructor(typeof(LibmSinCos).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(LibmExact).TypeHandle);
    }

    /// <summary>The fastest path that passed the self-check on this machine (<see cref="SimdPath.Scalar"/> = use libm).</summary>
    public static SimdPath BestPath => IsExact(SimdPath.Vector512) ? SimdPath.Vector512 : IsExact(SimdPath.Vector256) ? SimdPath.Vector256 : SimdPath.Scalar;

    /// <summary>
    /// Whether the vector kernels on <paramref name="path"/> are verified bit-identical to libm on this machine (each
    /// path is self-checked once, when first asked about).
    /// </summary>
    public static bool IsExact(SimdPath path) => path switch
    {
        SimdPath.Vector512 => Verified512.Value,
        SimdPath.Vector256 => Verified256.Value,
        _ => false,
    };

    private static class Verified512 { public static readonly bool Value = Verify(SimdPath.Vector512); }

    private static class Verified256 { public static readonly bool Value = Verify(SimdPath.Vector256); }

    /// <summary>Whether <paramref name="path"/> runs on this CPU (the scalar path always does).</summary>
    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Auto or SimdPath.Scalar => true,
        SimdPath.Vector256 => SimdDouble256.IsSupported,
        SimdPath.Vector512 => SimdDouble512.IsSupported,
        _ => false,
    };

    /// <summary>
    /// sin and cos of every lane with |x| &lt; <see cref="ReducedLimit"/>; the bits of <paramref name="fallback"/> mark
    /// the other lanes (NaN, ±∞, huge), whose results are meaningless: the caller takes <see cref="Math.SinCos"/> for them (the scalar environments call it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos<TOps, TV>(TV x, out TV sin, out TV cos, out uint fallback)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var absX = TOps.Abs(x);
        var inTable = TOps.LessThan(absX, TOps.SplatBits(TableLimitBits));
        var inShifted = TOps.AndNot(TOps.LessThan(absX, TOps.SplatBits(ShiftedLimitBits)), inTable);
        var reduced = TOps.GreaterThanOrEqual(absX, TOps.SplatBits(ShiftedLimitBits));
        fallback = TOps.LaneBits(TOps.LessThan(absX, TOps.SplatBits(ReducedLimitBits))) ^ AllLanes<TOps, TV>();

        // 0.855 ≤ |x| < 2.426: y = π/2 − |x|; sin uses cos(y + hp1), cos uses sin of the renormalised y + hp1.
        var y = TOps.Subtract(TOps.Splat(Hp0), absX);
        var yHi = TOps.Add(y, TOps.Splat(Hp1));
        var yLo = TOps.Add(TOps.Subtract(y, yHi), TOps.Splat(Hp1));

        // |x| ≥ 2.426: x = n·π/2 + (a + da).
        var (a, da, quadrant) = Reduce<TOps, TV>(x);

        // The argument of the "sine" kernel and of the "cosine" kernel, per range.
        var zero = TOps.Splat(0.0);
        var sinArg = TOps.Select(inTable, x, TOps.Select(inShifted, yHi, a));
        var sinArgLo = TOps.Select(inTable, zero, TOps.Select(inShifted, yLo, da));
        var cosArg = TOps.Select(inTable, x, TOps.Select(inShifted, y, a));
        var cosArgLo = TOps.Select(inTable, zero, TOps.Select(inShifted, TOps.Splat(Hp1), da));

        var cosU = TOps.Add(TOps.Abs(cosArg), TOps.Splat(Big));
        var sinU = TOps.Add(TOps.Abs(sinArg), TOps.Splat(Big));
        TOps.GatherRows4(Table, cosU, out var sn, out var ssn, out var cs, out var ccs);
        TV sinSn = sn, sinSsn = ssn, sinCs = cs, sinCcs = ccs;
        if (TOps.LaneBits(TOps.Equal(sinU, cosU)) != AllLanes<TOps, TV>()) // only where y + hp1 rounds to another row
            TOps.GatherRows4(Table, sinU, out sinSn, out sinSsn, out sinCs, out sinCcs);
        var sinKernel = SinKernel<TOps, TV>(sinArg, sinArgLo, sinU, sinSn, sinSsn, sinCs, sinCcs);
        var cosKernel = CosKernel<TOps, TV>(cosArg, cosArgLo, cosU, sn, ssn, cs, ccs);

        // Odd quadrants swap the kernels, and so does the shifted range (sin x = cos(π/2 − |x|) with x's sign).
        var odd = TOps.AnyBitSet(quadrant, 1);
        var half = TOps.AnyBitSet(quadrant, 2);
        var swap = TOps.Or(inShifted, TOps.And(reduced, odd));
        var s = TOps.Select(swap, cosKernel, sinKernel);
        var c = TOps.Select(swap, sinKernel, cosKernel);
        var sign = TOps.Splat(-0.0);
        s = TOps.Select(inShifted, CopySign<TOps, TV>(s, x), TOps.Xor(s, TOps.And(TOps.And(reduced, half), sign)));
        c = TOps.Xor(c, TOps.And(TOps.And(reduced, TOps.Xor(odd, half)), sign)); // cos negates in quadrants 1 and 2

        sin = TOps.Select(TOps.LessThan(absX, TOps.SplatBits(SinTinyBits)), x, s);
        cos = TOps.Select(TOps.LessThan(absX, TOps.SplatBits(CosTinyBits)), TOps.Splat(1.0), c);
    }

    /// <summary>
    /// <see cref="SinCos{TOps, TV}(TV, out TV, out TV, out uint)"/> for |x| &lt; <see cref="SmallLimit"/> only (0.246:
    /// one lookup among the first 32 table rows, no reduction), cheaper for small angles such as CartPole's (|θ| ≤ 0.21
    /// before every step); other lanes are reported in <paramref name="fallback"/>.
    /// </summary>
    /// <remarks>
    /// With the argument's low part 0, glibc's <c>do_sin(x, 0)</c> and <c>do_cos(x, 0)</c> share their remainder
    /// polynomials: the ±0 low part drops out of every operation it enters (a product plus ±0 rounds like the product, and
    /// r + ±0 = r because the remainder r = |x| − k/128 is never −0), so both are computed from one r, r², r³ and one
    /// set of polynomials, bit for bit as glibc computes each.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosSmall<TOps, TV>(TV x, out TV sin, out TV cos, out uint fallback)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var absX = TOps.Abs(x);
        fallback = TOps.LaneBits(TOps.LessThan(absX, TOps.Splat(SmallLimit))) ^ AllLanes<TOps, TV>();
        var u = TOps.Add(absX, TOps.Splat(Big));
        TOps.GatherRows4Below32(Table, SmallColumns, u, out var sn, out var ssn, out var cs, out var ccs);
        var r = TOps.Subtract(absX, TOps.Subtract(u, TOps.Splat(Big)));
        var rr = TOps.Multiply(r, r);
        var rrr = TOps.Multiply(r, rr);
        var sinPolynomial = TOps.MultiplyAdd(rr, TOps.Splat(Sn5), TOps.Splat(Sn3));
        var c = TOps.Multiply(rr, CosPolynomial<TOps, TV>(rr));

        var sinS = TOps.Add(r, TOps.Multiply(rrr, sinPolynomial));
        var sinCor = TOps.MultiplyAdd(sinS, cs, TOps.MultiplyAdd(TOps.Negate(c), sn, TOps.MultiplyAdd(sinS, ccs, ssn)));
        var sinTable = CopySign<TOps, TV>(TOps.Add(sn, sinCor), x);
        var s = TOps.Select(TOps.LessThan(absX, TOps.Splat(0.126)), TaylorSin<TOps, TV>(x, TOps.Splat(0.0)), sinTable);

        var cosS = TOps.MultiplyAdd(rrr, sinPolynomial, r);
        var cosCor = TOps.MultiplyAdd(TOps.Negate(cosS), sn, TOps.MultiplyAdd(TOps.Negate(c), cs, TOps.MultiplyAdd(TOps.Negate(cosS), ssn, ccs)));
        var co = TOps.Add(cs, cosCor);

        sin = TOps.Select(TOps.LessThan(absX, TOps.SplatBits(SinTinyBits)), x, s);
        cos = TOps.Select(TOps.LessThan(absX, TOps.SplatBits(CosTinyBits)), TOps.Splat(1.0), co);
    }

    /// <summary>
    /// sin and cos of every element of <paramref name="x"/> on <paramref name="path"/>, bit-identical to
    /// <see cref="Math.Sin"/> and <see cref="Math.Cos"/> when the path passed the self-check (<see cref="BestPath"/>).
    /// <paramref name="smallOnly"/> uses the small-angle kernel (other lanes fall back to libm).
    /// </summary>
    internal static void SinCosOn(SimdPath path, ReadOnlySpan<double> x, Span<double> sin, Span<double> cos, bool smallOnly = false)
    {
        if (sin.Length < x.Length || cos.Length < x.Length)
            throw new ArgumentException($"LibmSinCos: destinations ({sin.Length}, {cos.Length}) are shorter than the input ({x.Length}).");
        if (path == SimdPath.Auto) path = BestPath;
        else if (!IsSupported(path)) throw new PlatformNotSupportedException($"LibmSinCos: path {path} is not supported by this CPU.");
        fixed (double* px = x)
        fixed (double* ps = sin)
        fixed (double* pc = cos)
        {
            int done = path switch
            {
                SimdPath.Vector512 => Run<SimdDouble512, Vector512<double>>(px, ps, pc, x.Length, smallOnly),
                SimdPath.Vector256 => Run<SimdDouble256, Vector256<double>>(px, ps, pc, x.Length, smallOnly),
                _ => 0,
            };
            for (int i = done; i < x.Length; i++) (ps[i], pc[i]) = Math.SinCos(px[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // compiled once, optimised: the start-up self-check runs it
    private static int Run<TOps, TV>(double* x, double* sin, double* cos, int n, bool smallOnly)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        // No call inside the vector loop (it would force the live vectors onto the stack): fallback lanes are only
        // noted, and patched with libm in a second pass that finds them by the same range test.
        int w = TOps.Width, i = 0;
        uint anyFallback = 0;
        for (; i + w <= n; i += w)
        {
            var v = TOps.Load(x + i);
            TV s, c;
            uint fallback;
            if (smallOnly) SinCosSmall<TOps, TV>(v, out s, out c, out fallback);
            else SinCos<TOps, TV>(v, out s, out c, out fallback);
            anyFallback |= fallback;
            TOps.Store(sin + i, s);
            TOps.Store(cos + i, c);
        }
        if (anyFallback != 0)
        {
            double limit = smallOnly ? SmallLimit : ReducedLimit;
            for (int k = 0; k < i; k++)
                if (!(Math.Abs(x[k]) < limit)) (sin[k], cos[k]) = Math.SinCos(x[k]);
        }
        return i;
    }

    /// <summary>
    /// glibc's <c>reduce_sincos</c>: x − n·π/2 as <c>a + da</c> (π/2 in four pieces, the products fused as glibc's
    /// build fuses them) and the quadrant n mod 4 in the low bits of the returned <c>quadrant</c> lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV A, TV Da, TV Quadrant) Reduce<TOps, TV>(TV x)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var t = TOps.MultiplyAdd(x, TOps.Splat(HpInv), TOps.Splat(ToInt));   // n in the low mantissa bits
        var minusN = TOps.Negate(TOps.Subtract(t, TOps.Splat(ToInt)));
        var y = TOps.MultiplyAdd(minusN, TOps.Splat(Mp1), x);
        y = TOps.MultiplyAdd(minusN, TOps.Splat(Mp2), y);
        var t2 = TOps.MultiplyAdd(minusN, TOps.Splat(Pp3), y);
        var db = TOps.MultiplyAdd(minusN, TOps.Splat(Pp3), TOps.Subtract(y, t2));
        var b = TOps.MultiplyAdd(minusN, TOps.Splat(Pp4), t2);
        db = TOps.Add(db, TOps.MultiplyAdd(minusN, TOps.Splat(Pp4), TOps.Subtract(t2, b)));
        return (b, db, t);
    }

    /// <summary>
    /// glibc's <c>do_sin(a, da)</c>: the Taylor polynomial for |a| &lt; 0.126, else the table row of <paramref name="u"/>
    /// (= |a| + Big) with sin(r) and cos(r) of the remainder r.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SinKernel<TOps, TV>(TV a, TV da, TV u, TV sn, TV ssn, TV cs, TV ccs)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        // Table: sin(X + r) = sn + (ssn + s·ccs − sn·c + cs·s) with s ≈ sin r, c ≈ 1 − cos r; da's sign follows a.
        var d = TOps.Select(TOps.LessThanOrEqual(a, TOps.Splat(0.0)), TOps.Negate(da), da);
        var r = TOps.Subtract(TOps.Abs(a), TOps.Subtract(u, TOps.Splat(Big)));
        var rr = TOps.Multiply(r, r);
        var s = TOps.Add(r, TOps.MultiplyAdd(TOps.Multiply(r, rr), TOps.MultiplyAdd(rr, TOps.Splat(Sn5), TOps.Splat(Sn3)), d));
        var c = TOps.MultiplyAdd(r, d, TOps.Multiply(rr, CosPolynomial<TOps, TV>(rr)));
        var cor = TOps.MultiplyAdd(s, cs, TOps.MultiplyAdd(TOps.Negate(c), sn, TOps.MultiplyAdd(s, ccs, ssn)));
        var table = CopySign<TOps, TV>(TOps.Add(sn, cor), a);

        return TOps.Select(TOps.LessThan(TOps.Abs(a), TOps.Splat(0.126)), TaylorSin<TOps, TV>(a, da), table);
    }

    /// <summary>glibc's <c>TAYLOR_SIN</c>: a + ((((((s5·xx + s4)·xx + s3)·xx + s2)·xx + s1)·a − da/2)·xx + da), xx = a².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TaylorSin<TOps, TV>(TV a, TV da) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var xx = TOps.Multiply(a, a);
        var p = TOps.MultiplyAdd(xx, TOps.Splat(S5), TOps.Splat(S4));
        p = TOps.MultiplyAdd(xx, p, TOps.Splat(S3));
        p = TOps.MultiplyAdd(xx, p, TOps.Splat(S2));
        p = TOps.MultiplyAdd(xx, p, TOps.Splat(S1));
        var t = TOps.MultiplyAdd(p, a, TOps.Negate(TOps.Multiply(TOps.Splat(0.5), da)));
        return TOps.Add(a, TOps.MultiplyAdd(xx, t, da));
    }

    /// <summary>
    /// glibc's <c>do_cos(a, da)</c>: cos(X + r) = cs − (sn·s + cs·c + ssn·s − ccs) from the table row of
    /// <paramref name="u"/> (= |a| + Big); da's sign follows a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CosKernel<TOps, TV>(TV a, TV da, TV u, TV sn, TV ssn, TV cs, TV ccs)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var d = TOps.Select(TOps.LessThan(a, TOps.Splat(0.0)), TOps.Negate(da), da);
        var r = TOps.Add(TOps.Subtract(TOps.Abs(a), TOps.Subtract(u, TOps.Splat(Big))), d);
        var rr = TOps.Multiply(r, r);
        var s = TOps.MultiplyAdd(TOps.Multiply(r, rr), TOps.MultiplyAdd(rr, TOps.Splat(Sn5), TOps.Splat(Sn3)), r);
        var c = TOps.Multiply(rr, CosPolynomial<TOps, TV>(rr));
        var cor = TOps.MultiplyAdd(TOps.Negate(s), sn, TOps.MultiplyAdd(TOps.Negate(c), cs, TOps.MultiplyAdd(TOps.Negate(s), ssn, ccs)));
        return TOps.Add(cs, cor);
    }

    /// <summary>cs2 + xx·(cs4 + xx·cs6), fused as glibc's build fuses it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CosPolynomial<TOps, TV>(TV xx) where TOps : ISimdDouble<TV> where TV : unmanaged =>
        TOps.MultiplyAdd(xx, TOps.MultiplyAdd(xx, TOps.Splat(Cs6), TOps.Splat(Cs4)), TOps.Splat(Cs2));

    /// <summary>|magnitude| with the sign bit of <paramref name="sign"/> (C's copysign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CopySign<TOps, TV>(TV magnitude, TV sign) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var signBit = TOps.Splat(-0.0);
        return TOps.Or(TOps.AndNot(magnitude, signBit), TOps.And(sign, signBit));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AllLanes<TOps, TV>() where TOps : ISimdDouble<TV> where TV : unmanaged => (1u << TOps.Width) - 1;

    private static double* CreateSmallColumns()
    {
        var columns = (double*)NativeMemory.AlignedAlloc(4 * 32 * sizeof(double), 64); // lives as long as the process
        for (int row = 0; row < 32; row++)
            for (int j = 0; j < 4; j++) columns[32 * j + row] = Table[4 * row + j];
        return columns;
    }

    private static double* CreateTable()
    {
        var table = (double*)NativeMemory.AlignedAlloc(128 * 4 * sizeof(double), 64); // lives as long as the process
        new Span<double>(table, 128 * 4).Clear();
        var bits = TableBits;
        for (int i = 0; i < bits.Length; i++) table[i] = BitConverter.UInt64BitsToDouble(bits[i]);
        return table;
    }
}
