using Ascent.Environments.Normalization;
using Ascent.Numerics;

namespace Ascent.Tests.Environments;

public class RunningMeanStdTests
{
    private static float[] Data(int rows, int size, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[rows * size];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.Normal(i % size, 1 + i % size);
        return x;
    }

    [Fact]
    public void Update_EqualsTheClosedFormWithThePseudoCount()
    {
        const int rows = 500, size = 3;
        var x = Data(rows, size, 1);
        var rms = new RunningMeanStd(size, epsilon: 1e-4);
        for (int r = 0; r < rows; r += 50) rms.Update(x.AsSpan(r * size, 50 * size));
        for (int j = 0; j < size; j++)
        {
            double sum = 0, sq = 0;
            for (int r = 0; r < rows; r++) sum += x[r * size + j];
            double m = sum / rows;
            for (int r = 0; r < rows; r++) sq += Math.Pow(x[r * size + j] - m, 2);
            double v = sq / rows, n = rows, eps = 1e-4;
            // Combining (0, 1, ε) with (m, v, n): mean m·n/(n+ε), var (ε + v·n + m²·ε·n/(n+ε))/(n+ε).
            Assert.Equal(m * n / (n + eps), rms.Mean[j], 1e-10);
            Assert.Equal((eps + v * n + m * m * eps * n / (n + eps)) / (n + eps), rms.Variance[j], 1e-10);
        }
        Assert.Equal(rows + 1e-4, rms.Count, 1e-9);
    }

    [Fact]
    public void Merge_EqualsUpdatingWithTheConcatenation()
    {
        var a = Data(300, 2, 2);
        var b = Data(170, 2, 3);
        var left = new RunningMeanStd(2); left.Update(a);
        var right = new RunningMeanStd(2); right.Update(b);
        var both = new RunningMeanStd(2); both.Update(a); both.Update(b);
        left.Merge(right);
        for (int j = 0; j < 2; j++)
        {
            // The merged statistic carries two pseudo-counts; the difference is of order ε/n.
            Assert.Equal(both.Mean[j], left.Mean[j], 1e-5);
            Assert.Equal(both.Variance[j], left.Variance[j], 1e-5);
        }
    }

    [Fact]
    public void State_RoundTrips_AndBadStatesAreRejected()
    {
        var rms = new RunningMeanStd(2);
        rms.Update(Data(10, 2, 4));
        var state = rms.GetState();
        var copy = new RunningMeanStd(2);
        copy.SetState(state);
        Assert.Equal(rms.Mean.ToArray(), copy.Mean.ToArray());
        Assert.Equal(rms.Variance.ToArray(), copy.Variance.ToArray());
        Assert.Equal(rms.Count, copy.Count);
        Assert.Throws<ArgumentException>(() => new RunningMeanStd(3).SetState(state));
        Assert.Throws<ArgumentOutOfRangeException>(() => copy.SetState(state with { Variance = [-1, 1] }));
        Assert.Throws<ArgumentException>(() => copy.Update(new float[3]));
    }
}
