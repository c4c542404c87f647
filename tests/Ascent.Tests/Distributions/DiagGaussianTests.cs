using Ascent.Autodiff;
using Ascent.Distributions;
using Ascent.Numerics;
using Ascent.Tests.Autodiff;

namespace Ascent.Tests.Distributions;

public class DiagGaussianTests
{
    private static readonly Rng R = new(41);

    [Theory]
    [InlineData(true)] [InlineData(false)]
    public void LogProbEntropyKl_MatchClosedForms(bool shared)
    {
        var mean = Tensor.Matrix(new float[,] { { 0.5f, -1f }, { 2f, 0f }, { 0f, 0f } });
        var logStd = shared ? Tensor.Vector(-0.3f, 0.4f) : Tensor.Matrix(new float[,] { { -0.3f, 0.4f }, { 0f, 1f }, { -1f, 0.2f } });
        var mean2 = Tensor.Matrix(new float[,] { { 0f, 1f }, { 1.5f, 0.5f }, { -1f, 2f } });
        var logStd2 = Tensor.Vector(0.1f, -0.2f);
        var actions = Tensor.Matrix(new float[,] { { 1f, 0f }, { 2.5f, -1f }, { 0f, 0f } });
        var tape = new Tape();
        var p = new DiagGaussian(tape.Input(mean), tape.Input(logStd));
        var q = new DiagGaussian(tape.Input(mean2), tape.Input(logStd2));
        var logp = p.LogProb(actions).Value; var h = p.Entropy().Value; var kl = p.Kl(q).Value; var klSelf = p.Kl(p).Value;
        for (int r = 0; r < 3; r++)
        {
            double lp = 0, ent = 0, k = 0;
            for (int i = 0; i < 2; i++)
            {
                double s = Math.Exp(shared ? logStd[i] : logStd[r, i]), s2 = Math.Exp(logStd2[i]);
                double z = (actions[r, i] - mean[r, i]) / s;
                lp += -0.5 * z * z - Math.Log(s) - 0.5 * Math.Log(2 * Math.PI);
                ent += 0.5 * Math.Log(2 * Math.PI * Math.E * s * s);
                // KL(N(μ1, σ1²) ‖ N(μ2, σ2²)) = log(σ2/σ1) + (σ1² + (μ1 − μ2)²)/(2σ2²) − ½
                k += Math.Log(s2 / s) + (s * s + Math.Pow(mean[r, i] - mean2[r, i], 2)) / (2 * s2 * s2) - 0.5;
            }
            Assert.Equal(lp, logp[r], 5);
            Assert.Equal(ent, h[r], 5);
            Assert.Equal(k, kl[r], 5);
            Assert.Equal(0, klSelf[r], 6);
        }
    }

    [Fact]
    public void Sample_HasTheRightMeanAndVariance_AndMeanLogProbIsMinusEntropy()
    {
        const int n = 20_000;
        var mean = Tensor.Matrix(new float[,] { { 1.5f, -2f } });
        var logStd = Tensor.Vector(-0.5f, 0.7f);
        var tape = new Tape();
        var d = new DiagGaussian(tape.Input(mean), tape.Input(logStd));
        double h = d.Entropy().Value[0];
        var rng = new Rng(3);
        var a = new float[2];
        var sum = new double[2]; var sum2 = new double[2];
        double sumLp = 0, sumLp2 = 0;
        var at = new Tensor(1, 2);
        for (int i = 0; i < n; i++)
        {
            d.Sample(rng, a);
            for (int j = 0; j < 2; j++) { sum[j] += a[j]; sum2[j] += a[j] * a[j]; }
            a.CopyTo(at.Data, 0);
            tape.Reset();
            double lp = new DiagGaussian(tape.Input(mean), tape.Input(logStd)).LogProb(at).Value[0];
            sumLp += lp; sumLp2 += lp * lp;
        }
        for (int j = 0; j < 2; j++)
        {
            double sigma = Math.Exp(logStd[j]);
            double m = sum[j] / n, v = sum2[j] / n - m * m;
            Assert.InRange(m, mean[0, j] - 4 * sigma / Math.Sqrt(n), mean[0, j] + 4 * sigma / Math.Sqrt(n));
            // The sample variance of n normals has standard error σ²·√(2/n).
            Assert.InRange(v, sigma * sigma * (1 - 4 * Math.Sqrt(2.0 / n)), sigma * sigma * (1 + 4 * Math.Sqrt(2.0 / n)));
        }
        double lpMean = sumLp / n, lpSd = Math.Sqrt(sumLp2 / n - lpMean * lpMean);
        Assert.InRange(lpMean, -h - 4 * lpSd / Math.Sqrt(n), -h + 4 * lpSd / Math.Sqrt(n));
    }

    [Fact]
    public void Mode_IsTheMean()
    {
        var tape = new Tape();
        var mean = Tensor.Matrix(new float[,] { { 1f, 2f }, { 3f, 4f } });
        var d = new DiagGaussian(tape.Input(mean), tape.Input(Tensor.Vector(0f, 0f)));
        var mode = new float[4];
        d.Mode(mode);
        Assert.Equal(mean.Data, mode);
    }

    [Theory]
    [InlineData(true)] [InlineData(false)]
    public void LogProbEntropyKl_GradientsMatchFiniteDifferences(bool shared)
    {
        Tensor LogStd() => shared ? GradCheck.Random(R, 0.3f, 0, 2) : GradCheck.Random(R, 0.3f, 0, 3, 2);
        var actions = GradCheck.Random(R, 1, 0, 3, 2);
        GradCheck.Check((t, v) => new DiagGaussian(v[0], v[1]).LogProb(actions), [GradCheck.Random(R, 1, 0, 3, 2), LogStd()]);
        GradCheck.Check((t, v) => new DiagGaussian(v[0], v[1]).Entropy(), [GradCheck.Random(R, 1, 0, 3, 2), LogStd()]);
        GradCheck.Check((t, v) => new DiagGaussian(v[0], v[1]).Kl(new DiagGaussian(v[2], v[3])),
            [GradCheck.Random(R, 1, 0, 3, 2), LogStd(), GradCheck.Random(R, 1, 0, 3, 2), GradCheck.Random(R, 0.3f, 0, 2)]);
    }

    [Fact]
    public void BadInput_NamesShapes()
    {
        var tape = new Tape();
        var ex = Assert.Throws<ShapeMismatchException>(() => new DiagGaussian(tape.Input(new Tensor(4, 2)), tape.Input(new Tensor(3))));
        Assert.Contains("[4, 2]", ex.Message); Assert.Contains("[3]", ex.Message);
        var d = new DiagGaussian(tape.Input(new Tensor(4, 2)), tape.Input(new Tensor(2)));
        var ex2 = Assert.Throws<ShapeMismatchException>(() => d.LogProb(new Tensor(4)));
        Assert.Contains("DiagGaussian.LogProb", ex2.Message);
    }
}
