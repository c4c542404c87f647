using Ascent.Autodiff;
using Ascent.Distributions;
using Ascent.Numerics;
using Ascent.Tests.Autodiff;

namespace Ascent.Tests.Distributions;

public class CategoricalTests
{
    private static readonly Rng R = new(31);

    [Fact]
    public void Entropy_OfUniformLogits_IsLogC()
    {
        var tape = new Tape();
        var d = new Categorical(tape.Input(Tensor.Full(0.7f, 3, 5)));
        var h = d.Entropy().Value;
        Assert.Equal([3], h.Shape.ToArray());
        Assert.All(h.Data, v => Assert.Equal(MathF.Log(5), v, 5));
    }

    [Fact]
    public void LogProbEntropyKl_MatchClosedForms()
    {
        var logits = Tensor.Matrix(new float[,] { { 1f, -0.5f, 2f }, { 0f, 3f, -1f } });
        var other = Tensor.Matrix(new float[,] { { -1f, 0.5f, 0f }, { 2f, 1f, 1f } });
        var tape = new Tape();
        var p = new Categorical(tape.Input(logits));
        var q = new Categorical(tape.Input(other));
        var logp = p.LogProb(Tensor.Vector(2, 1)).Value;
        var h = p.Entropy().Value;
        var kl = p.Kl(q).Value;
        var klSelf = p.Kl(p).Value;
        for (int r = 0; r < 2; r++)
        {
            double[] P = Softmax(logits.Row(r)), Q = Softmax(other.Row(r));
            Assert.Equal(Math.Log(P[r == 0 ? 2 : 1]), logp[r], 5);
            Assert.Equal(-P.Select(x => x * Math.Log(x)).Sum(), h[r], 5);
            Assert.Equal(P.Select((x, j) => x * Math.Log(x / Q[j])).Sum(), kl[r], 5);
            Assert.Equal(0f, klSelf[r], 6);
        }
    }

    internal static double[] Softmax(ReadOnlySpan<float> z)
    {
        double max = double.NegativeInfinity;
        foreach (var v in z) max = Math.Max(max, v);
        var e = new double[z.Length];
        for (int i = 0; i < z.Length; i++) e[i] = Math.Exp(z[i] - max);
        double s = e.Sum();
        return e.Select(x => x / s).ToArray();
    }

    [Fact]
    public void Sample_FrequenciesMatchProbabilities_AndMeanLogProbIsMinusEntropy()
    {
        // 20 000 draws from each of two rows. Frequencies are within 4 standard errors; E[log π(a)] = −H within 4 SE.
        const int n = 20_000;
        var logits = Tensor.Matrix(new float[,] { { 0.2f, -1f, 1.1f, 0f }, { 3f, 0f, 0f, -2f } });
        var tape = new Tape();
        var d = new Categorical(tape.Input(logits));
        var h = d.Entropy().Value.Clone();
        var counts = new int[2, 4];
        var sumLogp = new double[2]; var sumLogp2 = new double[2];
        var actions = new float[2];
        var rng = new Rng(5);
        var logProbs = d.LogProbabilities.Value;
        for (int i = 0; i < n; i++)
        {
            d.Sample(rng, actions);
            for (int r = 0; r < 2; r++)
            {
                int a = (int)actions[r];
                counts[r, a]++;
                double lp = logProbs[r, a];
                sumLogp[r] += lp; sumLogp2[r] += lp * lp;
            }
        }
        for (int r = 0; r < 2; r++)
        {
            var p = Softmax(logits.Row(r));
            for (int a = 0; a < 4; a++)
            {
                double se = Math.Sqrt(p[a] * (1 - p[a]) / n);
                Assert.InRange(counts[r, a] / (double)n, p[a] - 4 * se - 1e-9, p[a] + 4 * se + 1e-9);
            }
            double mean = sumLogp[r] / n, sd = Math.Sqrt(sumLogp2[r] / n - mean * mean);
            Assert.InRange(mean, -h[r] - 4 * sd / Math.Sqrt(n), -h[r] + 4 * sd / Math.Sqrt(n));
        }
    }

    [Fact]
    public void Sample_IsReproducible_NeverPicksZeroProbability_AndAllocatesNothing()
    {
        var tape = new Tape();
        var d = new Categorical(tape.Input(Tensor.Matrix(new float[,] { { 0f, float.NegativeInfinity, 0f } })));
        var a = new float[1]; var b = new float[1];
        var r1 = new Rng(9); var r2 = new Rng(9);
        d.Sample(r1, a);
        int picked1 = 0;
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 1000; i++) { d.Sample(r1, a); if (a[0] == 1f) picked1++; } }));
        Assert.Equal(0, picked1);
        d.Sample(r2, b);
        Assert.Equal(new Rng(9).NextDouble() < 0.5 ? 0f : 2f, b[0]);
    }

    [Fact]
    public void Mode_IsTheArgmax()
    {
        var tape = new Tape();
        var d = new Categorical(tape.Input(Tensor.Matrix(new float[,] { { 0f, 2f, 1f }, { 5f, -1f, 4.9f } })));
        var mode = new float[2];
        d.Mode(mode);
        Assert.Equal(new[] { 1f, 0f }, mode);
        Assert.Throws<ArgumentException>(() => d.Mode(new float[3]));
    }

    [Fact]
    public void LogProbEntropyKl_GradientsMatchFiniteDifferences()
    {
        var actions = Tensor.Vector(1, 0, 2, 2);
        GradCheck.Check((t, v) => new Categorical(v[0]).LogProb(actions), [GradCheck.Random(R, 1, 0, 4, 3)]);
        GradCheck.Check((t, v) => new Categorical(v[0]).Entropy(), [GradCheck.Random(R, 1, 0, 4, 3)]);
        GradCheck.Check((t, v) => new Categorical(v[0]).Kl(new Categorical(v[1])), [GradCheck.Random(R, 1, 0, 4, 3), GradCheck.Random(R, 1, 0, 4, 3)]);
    }

    [Fact]
    public void BadInput_NamesShapes()
    {
        var tape = new Tape();
        Assert.Throws<ArgumentException>(() => new Categorical(tape.Input(new Tensor(3))));
        var d = new Categorical(tape.Input(new Tensor(2, 3)));
        var ex = Assert.Throws<ShapeMismatchException>(() => d.Kl(new Categorical(tape.Input(new Tensor(2, 4)))));
        Assert.Contains("[2, 3]", ex.Message); Assert.Contains("[2, 4]", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.LogProb(Tensor.Vector(0, 3)));
    }
}
