using Ascent.Io.Plotting;

namespace Ascent.Tests.Io.Plotting;

public class NiceTicksTests
{
    private static bool IsNice(double step)
    {
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-12));
        return new[] { 1.0, 2.0, 5.0, 10.0 }.Any(m => Math.Abs(mantissa - m) < 1e-9);
    }

    [Fact]
    public void Ticks_AreMultiplesOfOneTwoOrFiveTimesAPowerOfTen_InsideTheRange()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 2000; trial++)
        {
            double scale = Math.Pow(10, random.Next(-6, 8));
            double a = (random.NextDouble() - 0.5) * scale, b = a + random.NextDouble() * scale + 1e-9 * scale;
            int target = random.Next(2, 10);
            var ticks = NiceTicks.Linear(a, b, target);
            Assert.True(ticks.Length >= 1, $"no ticks in [{a:R}, {b:R}] for target {target}");
            Assert.InRange(ticks.Length, 2, Math.Max(target + 1, 5)); // a finer step may be needed for two ticks to fit
            Assert.All(ticks, t => Assert.InRange(t, a - 1e-9 * scale, b + 1e-9 * scale));
            for (int i = 1; i < ticks.Length; i++)
            {
                double step = ticks[i] - ticks[i - 1];
                Assert.True(IsNice(step), $"step {step} between {ticks[i - 1]} and {ticks[i]} is not 1, 2 or 5 × 10^k");
            }
            Assert.True(ticks.Length >= 2, $"fewer than two ticks in [{a:R}, {b:R}]");
            double step0 = ticks[1] - ticks[0];
            Assert.True(step0 <= NiceTicks.Step(b - a, target) * (1 + 1e-9));
            Assert.All(ticks, t => Assert.True(Math.Abs(t / step0 - Math.Round(t / step0)) < 1e-6, $"{t} is not a multiple of {step0}"));
        }
    }

    [Fact]
    public void Ticks_CarryNoFloatingPointNoise()
    {
        Assert.Equal([0, 0.1, 0.2, 0.3], NiceTicks.Linear(0, 0.3, 3));
        Assert.Equal([0, 0.2, 0.4, 0.6000, 0.8, 1], NiceTicks.Linear(0, 1, 5));
        Assert.Equal([-0.6, -0.4, -0.2, 0, 0.2], NiceTicks.Linear(-0.7, 0.3, 5));
    }

    [Fact]
    public void ExtendToTicks_WidensToNiceBounds()
    {
        Assert.Equal((0, 600), NiceTicks.ExtendToTicks(9.5, 512, 6));
        Assert.Equal((-1, 1), NiceTicks.ExtendToTicks(0, 0, 4));
        Assert.Equal((-200, 0), NiceTicks.ExtendToTicks(-200, 0, 4));
    }

    [Fact]
    public void LogTicks_AreDecades_WithTwoAndFiveOnShortRanges()
    {
        Assert.Equal([1, 10, 100, 1000], NiceTicks.Log(1, 1000));
        Assert.Equal([1, 2, 5, 10, 20, 50, 100], NiceTicks.Log(1, 100));
        Assert.Equal([0.001, 0.01, 0.1, 1], NiceTicks.Log(0.001, 1));
        Assert.Equal((0.01, 1000), NiceTicks.ExtendToDecades(0.05, 512));
    }

    [Theory]
    [InlineData(20000, 100000, 40000, "40k")]
    [InlineData(20000, 100000, 0, "0")]
    [InlineData(500000, 3000000, 1500000, "1.5M")]
    [InlineData(0.5, 3, 1.5, "1.5")]
    [InlineData(0.05, 0.3, 0.15, "0.15")]
    [InlineData(0.1, 1, 0.30000000000000004, "0.3")]
    [InlineData(100, 1000, -300, "\u2212300")]
    [InlineData(0.0002, 0.001, 0.0006, "6e\u22124")]
    [InlineData(200, 12000, 10400, "10400")]
    public void TickLabels_UseJustEnoughDigits(double step, double largest, double value, string expected) =>
        Assert.Equal(expected, NiceTicks.LinearFormatter(step, largest)(value));

    [Theory]
    [InlineData(0.01, "0.01")]
    [InlineData(1e-5, "1e\u22125")]
    [InlineData(100000, "100k")]
    [InlineData(2000000, "2M")]
    [InlineData(250, "250")]
    public void CompactLabels_AreShort(double value, string expected) => Assert.Equal(expected, NiceTicks.Compact(value));

    [Fact]
    public void BadRanges_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => NiceTicks.Linear(1, 0));
        Assert.Throws<ArgumentException>(() => NiceTicks.Linear(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceTicks.Log(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceTicks.Step(0, 5));
    }
}
