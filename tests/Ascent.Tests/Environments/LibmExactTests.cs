using System.Runtime.Intrinsics;
using Ascent.Environments.ClassicControl;
using Ascent.Numerics;

namespace Ascent.Tests.Environments;

public class LibmExactTests
{
    private static IEnumerable<double> Inputs(ulong seed)
    {
        var rng = new Rng(seed);
        foreach (double scale in new[] { 1e-3, 0.5, 3.5, 9.0, 120.0, 1e4, 1e9 })
            for (int i = 0; i < 40_000; i++) yield return rng.Uniform(-scale, scale);
        double m = 2 * Math.PI;
        for (int k = -40; k <= 40; k++)
        {
            double exact = k * m;
            yield return exact;
            yield return Math.BitIncrement(exact);
            yield return Math.BitDecrement(exact);
        }
        foreach (double v in new[] { 0.0, -0.0, Math.PI, -Math.PI, 1e-300, -1e-300, 1e200, double.Epsilon, 8.0, -8.0, 2.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            yield return v;
    }

    private static void CheckInBlocks(IEnumerable<double> inputs, Func<Vector256<double>, Vector256<double>> fast, Func<double, double> exact, int minimum = 280_000)
    {
        if (!LibmExact.VectorsSupported) return; // the vector paths are not used without AVX2 and FMA
        var x = inputs.ToArray();
        int checkedValues = 0;
        for (int i = 0; i + 4 <= x.Length; i += 4)
        {
            var got = fast(Vector256.Create<double>(x.AsSpan(i, 4)));
            for (int k = 0; k < 4; k++)
            {
                double want = exact(x[i + k]);
                Assert.True(BitConverter.DoubleToInt64Bits(want) == BitConverter.DoubleToInt64Bits(got.GetElement(k)) || (double.IsNaN(want) && double.IsNaN(got.GetElement(k))),
                    $"input {x[i + k]:R}: expected {want:R}, got {got.GetElement(k):R}");
                checkedValues++;
            }
        }
        Assert.True(checkedValues >= minimum, $"{checkedValues} values checked");
    }

    [Fact]
    public void Square_OfExactSquaresAndPowersOfTwo_IsBitIdenticalToPowTwo()
    {
        // Float-valued inputs (actions) and clipped speeds (±8) have exactly representable squares.
        var rng = new Rng(3);
        var inputs = new List<double>();
        for (int i = 0; i < 60_000; i++) inputs.Add((float)rng.Uniform(-6, 6));
        for (int e = -400; e <= 400; e++) { inputs.Add(Math.ScaleB(1, e)); inputs.Add(-Math.ScaleB(1.5, e)); }
        inputs.AddRange([8.0, -8.0, 2.0, -2.0, 0.0, -0.0]);
        CheckInBlocks(inputs, LibmExact.Square, x => Math.Pow(x, 2), minimum: inputs.Count - 4);
    }

    [Fact]
    public void Remainder_IsBitIdenticalToFmod() =>
        CheckInBlocks(Inputs(1), v => LibmExact.Remainder(v, 2 * Math.PI), x => x % (2 * Math.PI));

    [Fact]
    public void Square_IsBitIdenticalToPowTwo()
    {
        // Includes inputs where libm's pow(x, 2) differs from x*x (about 1 in 1300), which must take the slow path.
        var inputs = Inputs(2).ToList();
        int differing = inputs.Count(x => double.IsFinite(x) && Math.Pow(x, 2) != x * x);
        CheckInBlocks(inputs, LibmExact.Square, x => Math.Pow(x, 2));
        if (LibmExact.IsGlibc) Assert.True(differing > 50, $"only {differing} inputs with pow(x, 2) != x*x");
    }
}
