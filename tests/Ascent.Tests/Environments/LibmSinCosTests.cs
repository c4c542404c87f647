using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Ascent.Environments.ClassicControl;
using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Tests.Environments;

/// <summary>
/// The SIMD sin/cos are bit-identical to libm's <see cref="Math.Sin"/>/<see cref="Math.Cos"/> on every vector path and
/// kernel, on a million inputs per case here and on 10^8 per case in the long run
/// (<c>ASCENT_LONG_TESTS=1 dotnet test -c Release --filter "FullyQualifiedName~LibmSinCosTests"</c>).
/// </summary>
public class LibmSinCosTests
{
    /// <summary>The vector paths this CPU runs, each with the full and the small-angle kernel.</summary>
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var path in new[] { SimdPath.Vector512, SimdPath.Vector256 })
            if (LibmSinCos.IsSupported(path) && ExactnessExpected)
            {
                data.Add(path.ToString(), false);
                data.Add(path.ToString(), true);
            }
        if (data.Count == 0) data.Add(nameof(SimdPath.Scalar), false); // no vector path here: the scalar path is libm itself
        return data;
    }

    /// <summary>Where the derivation holds (glibc with its FMA build), the vector paths must pass; elsewhere they must not be used.</summary>
    private static bool ExactnessExpected => LibmExact.IsGlibc && Fma.IsSupported && Avx2.IsSupported;

    [Theory]
    [MemberData(nameof(Cases))]
    public void SinCos_IsBitIdenticalToLibm_OnAMillionInputsOverEveryRange(string pathName, bool smallOnly)
    {
        var path = Enum.Parse<SimdPath>(pathName);
        var rng = new Rng(17);
        var x = new double[1 << 20];
        Fill(rng, x);
        Assert.Equal(0, Mismatches(path, x, smallOnly));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SinCos_IsBitIdenticalToLibm_OnBoundariesSpecialValuesAndEveryTableRow(string pathName, bool smallOnly)
    {
        var path = Enum.Parse<SimdPath>(pathName);
        var x = LibmSinCos.SelfCheckInputs();
        Assert.Equal(4400, x.Length);
        Assert.Contains(x, double.IsNaN);
        Assert.Contains(x, v => double.IsSubnormal(v));
        Assert.Equal(0, Mismatches(path, x, smallOnly));
    }

    [LongTheory]
    [MemberData(nameof(Cases))]
    public void SinCos_IsBitIdenticalToLibm_OnAHundredMillionInputs(string pathName, bool smallOnly)
    {
        var path = Enum.Parse<SimdPath>(pathName);
        var rng = new Rng(2024);
        var x = new double[1 << 20];
        long total = 0;
        for (int chunk = 0; chunk < 96; chunk++) // 96 · 2^20 ≈ 1.007e8
        {
            Fill(rng, x);
            Assert.Equal(0, Mismatches(path, x, smallOnly));
            total += x.Length;
        }
        Assert.True(total >= 100_000_000, $"{total} inputs");
    }

    [Fact]
    public void BestPath_IsAVectorPath_WhereGlibcRunsItsFmaBuild_AndTheSelfCheckPasses()
    {
        if (!ExactnessExpected)
        {
            Assert.Equal(SimdPath.Scalar, LibmSinCos.BestPath);
            return;
        }
        var expected = LibmSinCos.IsSupported(SimdPath.Vector512) ? SimdPath.Vector512 : LibmSinCos.IsSupported(SimdPath.Vector256) ? SimdPath.Vector256 : SimdPath.Scalar;
        Assert.Equal(expected, LibmSinCos.BestPath);
        foreach (var path in new[] { SimdPath.Vector512, SimdPath.Vector256 })
            if (LibmSinCos.IsSupported(path)) Assert.Equal(0, LibmSinCos.SelfCheck(path));
    }

    [Fact]
    public void SelfCheck_WouldRejectTheSameKernelWithoutGlibcsFusedMultiplyAdds()
    {
        // glibc's SSE2/AVX builds run the same C source without fusing products and differ from the FMA build in the
        // last bit on some inputs; the self-check inputs contain such inputs. Here: the table sine evaluated unfused.
        if (!LibmSinCos.IsSupported(SimdPath.Vector256)) return; // no vector kernel to compare with
        var x = LibmSinCos.SelfCheckInputs().Where(v => Math.Abs(v) >= 0.126 && Math.Abs(v) < LibmSinCos.TableLimit).ToArray();
        var sin = new double[x.Length];
        LibmSinCos.SinCosOn(SimdPath.Vector256, x, sin, new double[x.Length]);
        int differing = Enumerable.Range(0, x.Length).Count(i => UnfusedTableSin(x[i]) != sin[i]);
        Assert.True(differing >= 5, $"only {differing} of {x.Length} self-check inputs in the table range tell the unfused sequence from the fused one");
    }

    [Fact]
    public void Table_RowsAreSinAndCosOfKOver128_AsDoubleDoubles()
    {
        // Row k is (sin, cos)(k/128), each as a high double plus a low correction, accurate to 2^-100 (checked against a
        // 256-bit fixed-point Taylor series).
        var rows = LibmSinCos.TableRows();
        Assert.Equal(110, rows.Length / 4);
        for (int k = 0; k < 110; k++)
        {
            var (sin, cos) = FixedPointSinCos(k);
            AssertDoubleDouble(sin, rows[4 * k], rows[4 * k + 1], $"sin({k}/128)");
            AssertDoubleDouble(cos, rows[4 * k + 2], rows[4 * k + 3], $"cos({k}/128)");
        }
    }

    [Fact]
    public void SinCosOn_RejectsShortDestinations_AndUnsupportedPaths()
    {
        var ex = Assert.Throws<ArgumentException>(() => LibmSinCos.SinCosOn(SimdPath.Auto, new double[8], new double[7], new double[8]));
        Assert.Contains("shorter", ex.Message);
        if (!LibmSinCos.IsSupported(SimdPath.Vector512))
            Assert.Throws<PlatformNotSupportedException>(() => LibmSinCos.SinCosOn(SimdPath.Vector512, new double[8], new double[8], new double[8]));
    }

    /// <summary>
    /// Fills <paramref name="x"/> with inputs from nine families in turn: uniform in each of glibc's ranges (tiny, Taylor,
    /// table, shifted, reduced up to 100, up to 10^4, up to 105414350), log-uniform over all finite doubles (subnormals and
    /// beyond-range fallback lanes included) and within a few hundred ulps of large multiples of π/2; random signs.
    /// </summary>
    private static void Fill(Rng rng, double[] x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = (i % 9) switch
            {
                0 => rng.Uniform(0, Math.ScaleB(1, -25)),
                1 => rng.Uniform(0, 0.126),
                2 => rng.Uniform(0.126, LibmSinCos.TableLimit),
                3 => rng.Uniform(LibmSinCos.TableLimit, 2.426265),
                4 => rng.Uniform(2.426265, 100),
                5 => rng.Uniform(100, 1e4),
                6 => rng.Uniform(1e4, LibmSinCos.ReducedLimit),
                7 => BitConverter.Int64BitsToDouble((long)(rng.NextUInt64() % 0x7FEFFFFFFFFFFFFFUL)),
                _ => NearMultipleOfHalfPi(rng),
            };
            x[i] = rng.NextUInt64() % 2 == 0 ? v : -v;
        }
    }

    private static double NearMultipleOfHalfPi(Rng rng)
    {
        double m = Math.Floor(rng.Uniform(1, 6.7e7)) * (Math.PI / 2);
        long offset = (long)rng.Integer(600) - 300;
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(m) + offset);
    }

    private static int Mismatches(SimdPath path, double[] x, bool smallOnly)
    {
        var sin = new double[x.Length];
        var cos = new double[x.Length];
        LibmSinCos.SinCosOn(path, x, sin, cos, smallOnly);
        int bad = 0;
        string? first = null;
        for (int i = 0; i < x.Length; i++)
        {
            double s = Math.Sin(x[i]), c = Math.Cos(x[i]);
            if (BitConverter.DoubleToInt64Bits(s) != BitConverter.DoubleToInt64Bits(sin[i]) || BitConverter.DoubleToInt64Bits(c) != BitConverter.DoubleToInt64Bits(cos[i]))
            {
                bad++;
                first ??= $"x = {x[i]:R}: sin {sin[i]:R} (libm {s:R}), cos {cos[i]:R} (libm {c:R})";
            }
        }
        Assert.True(bad == 0, $"{bad} of {x.Length} differ on {path} (small only: {smallOnly}); first: {first}");
        return bad;
    }

    /// <summary>glibc's table sine for 0.126 ≤ |x| &lt; 0.855 evaluated as plain C would without fused multiply-adds.</summary>
    private static double UnfusedTableSin(double x)
    {
        var rows = LibmSinCos.TableRows();
        double big = 52776558133248.0, ax = Math.Abs(x), u = ax + big;
        int k = 4 * (int)(BitConverter.DoubleToInt64Bits(u) & 127);
        double r = ax - (u - big), rr = r * r;
        double s = r + r * rr * (-0.16666666666666488 + rr * 0.008333332142857223);
        double c = rr * (0.5 + rr * (-0.04166666666666644 + rr * 0.001388888740079376));
        double cor = rows[k + 1] + s * rows[k + 3] - rows[k] * c + rows[k + 2] * s;
        return Math.CopySign(rows[k] + cor, x);
    }

    private const int FractionBits = 256;

    /// <summary>sin and cos of k/128 as fixed-point integers scaled by 2^256 (Taylor series, truncation error &lt; 2^-250).</summary>
    private static (BigInteger Sin, BigInteger Cos) FixedPointSinCos(int k)
    {
        var one = BigInteger.One << FractionBits;
        var x = (new BigInteger(k) << FractionBits) / 128;
        BigInteger sin = 0, cos = 0, term = one;
        for (int n = 0; n < 120; n++)
        {
            if (n > 0) term = term * x / one / n;
            switch (n % 4)
            {
                case 0: cos += term; break;
                case 1: sin += term; break;
                case 2: cos -= term; break;
                default: sin -= term; break;
            }
        }
        return (sin, cos);
    }

    private static void AssertDoubleDouble(BigInteger exact, double high, double low, string what)
    {
        var sum = ToFixed(high) + ToFixed(low);
        var error = BigInteger.Abs(sum - exact);
        Assert.True(error <= BigInteger.One << (FractionBits - 100), $"{what}: table {high:R} + {low:R} is off by 2^{BigInteger.Log(error, 2) - FractionBits:F1}");
        Assert.True(Math.Abs(low) <= Math.ScaleB(Math.Abs(high), -52), $"{what}: the correction {low:R} is not below an ulp of {high:R}");
    }

    /// <summary>An exact double as a fixed-point integer scaled by 2^256.</summary>
    private static BigInteger ToFixed(double v)
    {
        if (v == 0) return 0;
        long bits = BitConverter.DoubleToInt64Bits(v);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = (bits & 0xFFFFFFFFFFFFFL) | (exponent == 0 ? 0 : 1L << 52);
        int shift = (exponent == 0 ? 1 : exponent) - 1075 + FractionBits;
        var value = shift >= 0 ? new BigInteger(mantissa) << shift : new BigInteger(mantissa) >> -shift;
        return v < 0 ? -value : value;
    }
}

/// <summary>A theory run only when <c>ASCENT_LONG_TESTS=1</c> (minutes-long checks, reported as skipped otherwise).</summary>
internal sealed class LongTheoryAttribute : TheoryAttribute
{
    public LongTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("ASCENT_LONG_TESTS") != "1") Skip = "long run: set ASCENT_LONG_TESTS=1";
    }
}
