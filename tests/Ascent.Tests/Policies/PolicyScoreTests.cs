using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Environments.Spaces;
using Ascent.Policies.Features;
using Ascent.Tests.Nn;

namespace Ascent.Tests.Policies;

/// <summary>The lectures' analytic scores ∇θ log π(a|s) against autodiff through each policy's <see cref="IPolicy.Forward"/>.</summary>
public class PolicyScoreTests
{
    /// <summary>∇θ log π(a|s) by autodiff: record the policy on a tape and back-propagate log π of one action.</summary>
    private static float[] AutodiffScore(IPolicy policy, float[] observation, float[] action)
    {
        var tape = new Tape();
        policy.Parameters.ZeroGrad();
        var obs = new Tensor((float[])observation.Clone(), 1, observation.Length);
        var act = new Tensor((float[])action.Clone(), 1, action.Length);
        tape.Backward(tape.Sum(policy.Forward(tape, tape.Input(obs)).LogProb(act)));
        var grad = new float[policy.Parameters.Size];
        policy.Parameters.CopyGradientsTo(grad);
        return grad;
    }

    private static float[] Sample(IPolicy policy, float[] observation, Rng rng, out float logProb)
    {
        var action = new float[policy.ActionSpace.FlatSize];
        var lp = new float[1];
        policy.Act(observation, 1, action, lp, rng);
        logProb = lp[0];
        return action;
    }

    [Fact]
    public void AnalyticScores_EqualAutodiffScores_ForEveryScoreFunctionPolicy()
    {
        var rng = new Rng(41);
        foreach (var c in PolicyCases.Analytic(rng))
        {
            var policy = (IScoreFunctionPolicy)c.Policy;
            for (int trial = 0; trial < 6; trial++)
            {
                var obs = c.Observation(rng);
                var action = Sample(policy, obs, rng, out _);
                var expected = AutodiffScore(policy, obs, action);
                policy.Parameters.ZeroGrad();
                policy.AddScore(obs, action, 1f);
                var analytic = new float[policy.Parameters.Size];
                policy.Parameters.CopyGradientsTo(analytic);
                for (int k = 0; k < analytic.Length; k++)
                    Assert.True(Math.Abs(analytic[k] - expected[k]) <= 1e-4 + 1e-4 * Math.Abs(expected[k]),
                        $"{c.Name}: component {k} analytic {analytic[k]} autodiff {expected[k]}");
            }
        }
    }

    [Fact]
    public void AddScore_ScalesAndAccumulates()
    {
        var rng = new Rng(42);
        foreach (var c in PolicyCases.Analytic(rng))
        {
            var policy = (IScoreFunctionPolicy)c.Policy;
            var obs = c.Observation(rng);
            var action = Sample(policy, obs, rng, out _);
            var single = AutodiffScore(policy, obs, action);
            policy.Parameters.ZeroGrad();
            policy.AddScore(obs, action, 2.5f);
            policy.AddScore(obs, action, -1f);
            var grad = new float[policy.Parameters.Size];
            policy.Parameters.CopyGradientsTo(grad);
            for (int k = 0; k < grad.Length; k++) Assert.Equal(1.5 * single[k], grad[k], 4);
        }
    }

    [Fact]
    public void LogProb_AgreesWithForwardAndWithAct()
    {
        var rng = new Rng(43);
        foreach (var c in PolicyCases.Analytic(rng).Concat(PolicyCases.Networks(rng)))
        {
            for (int trial = 0; trial < 5; trial++)
            {
                var obs = c.Observation(rng);
                var action = Sample(c.Policy, obs, rng, out float actLogProb);
                var tape = new Tape();
                float forward = tape.Sum(c.Policy.Forward(tape, tape.Input(new Tensor(obs, 1, obs.Length))).LogProb(new Tensor(action, 1, action.Length))).Value[0];
                Assert.True(Math.Abs(forward - actLogProb) < 1e-4, $"{c.Name}: Act log-prob {actLogProb}, Forward {forward}");
                if (c.Policy is IScoreFunctionPolicy analytic)
                    Assert.True(Math.Abs(analytic.LogProb(obs, action) - forward) < 1e-4, $"{c.Name}: LogProb {analytic.LogProb(obs, action)}, Forward {forward}");
            }
        }
    }

    [Fact]
    public void ForwardGradients_MatchFiniteDifferences()
    {
        var rng = new Rng(44);
        foreach (var c in PolicyCases.Analytic(rng).Concat(PolicyCases.Networks(rng)))
        {
            const int batch = 3;
            var obs = new List<float>();
            var actions = new List<float>();
            for (int r = 0; r < batch; r++)
            {
                var o = c.Observation(rng);
                obs.AddRange(o);
                actions.AddRange(Sample(c.Policy, o, rng, out _));
            }
            var obsTensor = new Tensor(obs.ToArray(), batch, obs.Count / batch);
            var actTensor = new Tensor(actions.ToArray(), batch, actions.Count / batch);
            // log-probabilities and entropies together, so both paths of each distribution are checked
            ParameterGradCheck.Check(c.Policy.Parameters, tape =>
            {
                var dist = c.Policy.Forward(tape, tape.Input(obsTensor));
                return tape.Add(tape.Sum(dist.LogProb(actTensor)), tape.Sum(dist.Entropy()));
            });
        }
    }

    [Fact]
    public void Act_SamplesTheTabularProbabilities_AndTheModeWithoutAGenerator()
    {
        var policy = new TabularSoftmaxPolicy(new double[,] { { 0.3, -0.4, 1.1 }, { 0, 0, 0 } });
        var rng = new Rng(45);
        const int n = 40_000;
        var counts = new int[3];
        var actions = new float[n];
        var observations = new float[n];
        policy.Act(observations, n, actions, default, rng);
        foreach (float a in actions) counts[(int)a]++;
        Span<double> p = stackalloc double[3];
        policy.Probabilities(0, p);
        for (int a = 0; a < 3; a++)
            Assert.True(Math.Abs(counts[a] / (double)n - p[a]) < 5 * Math.Sqrt(p[a] * (1 - p[a]) / n), $"action {a}: {counts[a] / (double)n} vs {p[a]}");
        var mode = new float[1];
        policy.Act([0f], 1, mode, default, null);
        Assert.Equal(2f, mode[0]);
    }

    [Fact]
    public void GaussianAct_HasTheMeanAndStandardDeviation()
    {
        var rng = new Rng(46);
        var policy = new LinearGaussianPolicy(new Box(-1f, 1f, 2), new RawObservationFeatures(2), new Box(-5f, 5f, 1), initialStd: 0.8);
        policy.Theta.Value.Span[0] = 0.5f; policy.Theta.Value.Span[1] = -1f; policy.Theta.Value.Span[2] = 0.25f;
        float[] obs = [0.4f, 0.2f];
        double mean = 0.5 * 0.4 - 1 * 0.2 + 0.25;
        const int n = 40_000;
        double sum = 0, sumSq = 0;
        var a = new float[1];
        for (int i = 0; i < n; i++) { policy.Act(obs, 1, a, default, rng); sum += a[0]; sumSq += a[0] * a[0]; }
        double m = sum / n, v = sumSq / n - m * m;
        Assert.True(Math.Abs(m - mean) < 5 * 0.8 / Math.Sqrt(n), $"mean {m} vs {mean}");
        Assert.True(Math.Abs(Math.Sqrt(v) - 0.8) < 0.02, $"std {Math.Sqrt(v)} vs 0.8");
        policy.Act(obs, 1, a, default, null);
        Assert.Equal(mean, a[0], 5);
    }

    [Fact]
    public void BadInput_IsNamed()
    {
        var tabular = new TabularSoftmaxPolicy(3, 2);
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => tabular.AddScore([3f], [0f], 1f));
        Assert.Contains("[0, 3)", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => tabular.LogProb([1f], [1.5f]));
        Assert.Contains("whole number in [0, 2)", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => tabular.Act(new float[2], 2, new float[1], default, new Rng(1)));
        Assert.Contains("action buffer", e3.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TabularSoftmaxPolicy(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearGaussianPolicy(new Box(-1f, 1f, 1), new RawObservationFeatures(1), new Box(-1f, 1f, 1), initialStd: 0));
        var mismatch = Assert.Throws<ArgumentException>(() => new LinearSoftmaxPolicy(new Discrete(3), new ObservationTimesActionFeatures(4, 2)));
        Assert.Contains("expect 4", mismatch.Message);
    }
}
