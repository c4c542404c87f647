using Ascent.Algorithms.TrustRegion;
using Ascent.Autodiff;
using Ascent.Environments.Lectures;
using Ascent.Io.Config;
using Ascent.Mdp;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Tests.Mdp;
using MathNet.Numerics.LinearAlgebra;

namespace Ascent.Tests.Algorithms.TrustRegion;

public class TrustRegionUpdateTests
{
    /// <summary>The policy's distribution parameters on <paramref name="observations"/>, copied out (a frozen π).</summary>
    private static Tensor[] Snapshot(IPolicy policy, Tensor observations)
    {
        var tape = new Tape();
        var d = policy.Forward(tape, tape.Input(observations));
        return Enumerable.Range(0, d.ParameterBlocks).Select(k => d.ParameterBlock(k).Value.Clone()).ToArray();
    }

    /// <summary>The mean KL(π_old ‖ π) and the surrogate L at the policy's current parameters, measured independently of the update.</summary>
    private static (double Kl, double Surrogate) Measure(IPolicy policy, Tensor[] old, TrustRegionBatch batch)
    {
        var tape = new Tape();
        var d = policy.Forward(tape, tape.Input(batch.Observations));
        var frozen = d.IsCategorical ? ActionDistribution.FromLogits(tape.Input(old[0])) : ActionDistribution.FromGaussian(tape.Input(old[0]), tape.Input(old[1]));
        double kl = tape.Mean(frozen.Kl(d)).Value[0];
        var logp = d.LogProb(batch.Actions).Value.Span;
        double surrogate = 0;
        for (int i = 0; i < batch.Count; i++) surrogate += Math.Exp(logp[i] - batch.OldLogProbs[i]) * batch.Advantages[i];
        return (kl, surrogate / batch.Count);
    }

    [Theory]
    [InlineData(false, 0.01)] [InlineData(true, 0.01)] [InlineData(false, 0.001)] [InlineData(true, 0.05)]
    public void TrpoStep_RespectsTheMeasuredKlLimit_AndImprovesTheSurrogate(bool gaussian, double delta)
    {
        var rng = new Rng(gaussian ? 21UL : 22UL);
        var policy = new MlpTestPolicy(rng, observations: 4, hidden: 16, actions: gaussian ? 2 : 3, gaussian);
        var (observations, actions, advantages, oldLogProbs) = policy.RandomBatch(rng, 64);
        var batch = new TrustRegionBatch(observations, actions, advantages, oldLogProbs);
        var old = Snapshot(policy, observations);
        var update = new TrustRegionUpdate(policy, new TrustRegionOptions { TargetKl = delta });
        var (_, surrogateBefore) = Measure(policy, old, batch);

        var stats = update.Step(batch);

        Assert.Equal(TrustRegionOutcome.Accepted, stats.Outcome);
        var (kl, surrogateAfter) = Measure(policy, old, batch);
        Assert.True(kl <= delta, $"measured mean KL {kl:G4} > δ = {delta}");
        Assert.True(kl >= 0.05 * delta, $"measured mean KL {kl:G4}: the step should use the trust region, not stay at θ_old");
        Assert.Equal(kl, stats.Kl, 6);
        Assert.True(surrogateAfter > surrogateBefore, $"L fell from {surrogateBefore} to {surrogateAfter}");
        Assert.Equal(surrogateBefore, stats.SurrogateBefore, 5);
        Assert.Equal(surrogateAfter, stats.SurrogateAfter, 5);
        Assert.InRange(stats.StepFraction, 1e-3, 1);
        Assert.True(stats.ConjugateGradientIterations is >= 1 and <= 15);
        Assert.True(stats.ExpectedImprovement > 0 && stats.GradientNorm > 0 && stats.StepSize > 0);
        // The first-order model predicts the gain of a small step well.
        if (delta <= 0.001) Assert.InRange((surrogateAfter - surrogateBefore) / (stats.StepFraction * stats.ExpectedImprovement), 0.7, 1.3);
    }

    [Fact]
    public void AFisherSubSample_ChangesOnlyTheMetric_ConjugateGradientSolvesTheSubSampledSystem()
    {
        var rng = new Rng(31UL);
        var policy = new MlpTestPolicy(rng, observations: 4, hidden: 16, actions: 3, gaussian: false);
        var (observations, actions, advantages, oldLogProbs) = policy.RandomBatch(rng, 80);
        var start = new float[policy.Parameters.Size];
        policy.Parameters.CopyValuesTo(start);
        var options = new TrustRegionOptions { CgMaxSteps = 60, CgTolerance = 1e-7 };

        // The whole batch given as the Fisher states is the same step as none, bit for bit.
        var update = new TrustRegionUpdate(policy, options);
        update.Step(new TrustRegionBatch(observations, actions, advantages, oldLogProbs));
        var full = new float[start.Length];
        policy.Parameters.CopyValuesTo(full);
        policy.Parameters.CopyValuesFrom(start);
        update.Step(new TrustRegionBatch(observations, actions, advantages, oldLogProbs, observations.Clone()));
        var same = new float[start.Length];
        policy.Parameters.CopyValuesTo(same);
        Assert.Equal(full, same);

        // A quarter of the states: g is still the whole batch's, x solves (F_sub + λI) x = g with F on those states.
        policy.Parameters.CopyValuesFrom(start);
        var quarter = new Tensor(observations.Span[..(20 * 4)].ToArray(), 20, 4);
        var stats = update.Step(new TrustRegionBatch(observations, actions, advantages, oldLogProbs, quarter));
        policy.Parameters.CopyValuesFrom(start);                                                   // F at θ_old
        var fisher = Ascent.Distributions.FisherVectorProduct.Create(policy.Parameters, t => policy.Forward(t, t.Input(quarter)), (float)options.CgDamping);
        var fx = new float[start.Length];
        fisher.Apply(update.NaturalGradient, fx);
        var g = update.Gradient.ToArray();
        double residual = Math.Sqrt(fx.Zip(g, (a, b) => (double)(a - b) * (a - b)).Sum()), norm = Math.Sqrt(g.Sum(v => (double)v * v));
        Assert.True(residual <= 1e-4 * norm, $"‖(F_sub + λI)x − g‖ / ‖g‖ = {residual / norm:G3}");
        Assert.Equal(TrustRegionOutcome.Accepted, stats.Outcome);
        Assert.Throws<ShapeMismatchException>(() => new TrustRegionBatch(observations, actions, advantages, oldLogProbs, new Tensor(20, 3)));
    }

    [Fact]
    public void LineSearch_RejectsEveryCandidate_KeepsTheOldParameters_AndBacktracksToAnImprovementWhenAllowed()
    {
        // Logits [θ − 2θ², 0], action 0 good: the surrogate rises only until θ = ¼. With δ = 1 the natural step is
        // θ = 2√2, where it has fallen; the step must be shrunk by 0.8⁸ before it improves.
        var policy = new OvershootingTestPolicy(1f, 2f);
        const int n = 8;
        var observations = new Tensor(n, 2);
        for (int i = 0; i < n; i++) observations[i, 0] = 1;
        var batch = new TrustRegionBatch(observations, new Tensor(n), Tensor.Full(1f, n), Tensor.Full(MathF.Log(0.5f), n));

        var once = new TrustRegionUpdate(policy, new TrustRegionOptions { TargetKl = 1, CgDamping = 0, LineSearchMaxIter = 1 });
        var rejected = once.Step(batch);
        Assert.Equal(TrustRegionOutcome.LineSearchRejected, rejected.Outcome);
        Assert.False(rejected.Accepted);
        Assert.Equal(0f, policy.Theta);                     // exactly the old parameters
        Assert.Equal(rejected.SurrogateBefore, rejected.SurrogateAfter);
        Assert.Equal(0, rejected.StepFraction);
        Assert.Equal(0, rejected.Kl);
        Assert.Equal(2, once.NaturalGradient[0], 4);         // x = g/F = 0.5/0.25
        Assert.Equal(Math.Sqrt(2), rejected.StepSize, 4);    // β = √(2δ / xᵀFx) = √(2/1)

        var patient = new TrustRegionUpdate(policy, new TrustRegionOptions { TargetKl = 1, CgDamping = 0, LineSearchMaxIter = 20 });
        var accepted = patient.Step(batch);
        Assert.Equal(TrustRegionOutcome.Accepted, accepted.Outcome);
        Assert.Equal(8, accepted.Backtracks);
        Assert.Equal(Math.Pow(0.8, 8), accepted.StepFraction, 12);
        Assert.Equal(2 * Math.Sqrt(2) * Math.Pow(0.8, 8), policy.Theta, 5);
        Assert.True(accepted.SurrogateAfter > accepted.SurrogateBefore && accepted.Kl <= 1);
    }

    [Fact]
    public void BacktrackingLineSearch_AcceptsTheFirstImprovingFeasibleCandidate_OrReturnsTheStart()
    {
        var search = new BacktrackingLineSearch(2, maxBacktracks: 5, shrinkFactor: 0.5);
        float[] start = [0, 0], step = [4, 0], result = new float[2];
        // Objective −(x − 1)²: improves on 0 for x ∈ (0, 2); constraint |x| ≤ 1.5.
        LineSearchTrial Evaluate(ReadOnlySpan<float> c) => new(-(c[0] - 1) * (c[0] - 1), Math.Abs(c[0]));
        var r = search.Search(start, step, -1, 1.5, Evaluate, result);
        Assert.True(r.Accepted);
        Assert.Equal(2, r.Backtracks);                      // 4 (worse), 2 (equal: not strictly better), 1 (best)
        Assert.Equal(0.25, r.StepFraction);
        Assert.Equal([1f, 0f], result);

        var tight = search.Search(start, step, -1, 0.01, Evaluate, result);   // the constraint rejects everything down to 4/32
        Assert.False(tight.Accepted);
        Assert.Equal(0, tight.StepFraction);
        Assert.Equal(start, result);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BacktrackingLineSearch(2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BacktrackingLineSearch(2, 3, 1.0));
        Assert.Throws<ArgumentException>(() => search.Search(start, new float[3], 0, 1, Evaluate, result));
    }

    [Fact]
    public void NaturalGradientStep_WithAFixedLearningRate_MovesByEtaTimesTheNaturalGradient()
    {
        var rng = new Rng(5);
        var policy = new MlpTestPolicy(rng, 3, 8, 2, gaussian: true);
        var (o, a, adv, lp) = policy.RandomBatch(rng, 32);
        var update = new TrustRegionUpdate(policy, new TrustRegionOptions { LineSearch = false, NpgLearningRate = 0.05 });
        var before = new float[policy.Parameters.Size];
        policy.Parameters.CopyValuesTo(before);
        var stats = update.Step(new TrustRegionBatch(o, a, adv, lp));
        var after = new float[before.Length];
        policy.Parameters.CopyValuesTo(after);
        Assert.Equal(TrustRegionOutcome.Accepted, stats.Outcome);
        Assert.Equal(0.05, stats.StepSize);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i] + 0.05f * update.NaturalGradient[i], after[i], 6);
    }

    /// <summary>
    /// A batch whose sample averages are exact expectations for a tabular softmax: one row per (s, a) over the states
    /// the policy visits, with advantage weight |A|·π(a|s)·A^π(s,a), so that the batch gradient is (1/S')Σ_s F_s A_s and
    /// the batch Fisher matrix (1/S')Σ_s F_s, F_s = diag(π_s) − π_sπ_sᵀ.
    /// </summary>
    private static TrustRegionBatch ExactBatch(FiniteMdp mdp, PolicyEvaluation e)
    {
        var states = Enumerable.Range(0, mdp.StateCount).Where(s => e.Visitation[s] > 0).ToArray();
        int actions = mdp.ActionCount, rows = states.Length * actions;
        var observations = new Tensor(rows, mdp.StateCount);
        var taken = new Tensor(rows);
        var advantages = new Tensor(rows);
        var logProbs = new Tensor(rows);
        int row = 0;
        foreach (int s in states)
            for (int a = 0; a < actions; a++, row++)
            {
                observations[row, s] = 1;
                taken[row] = a;
                advantages[row] = (float)(actions * e.Policy[s, a] * e.Advantage[s, a]);
                logProbs[row] = (float)Math.Log(e.Policy[s, a]);
            }
        return new TrustRegionBatch(observations, taken, advantages, logProbs);
    }

    private static double[,] ThetaOf(TabularSoftmaxTestPolicy policy, int states, int actions)
    {
        var theta = new double[states, actions];
        for (int s = 0; s < states; s++) for (int a = 0; a < actions; a++) theta[s, a] = policy.Theta.Value[s, a];
        return theta;
    }

    [Fact]
    public void NaturalGradientStep_OnAFiniteMdp_MovesAlongTheOraclesExactNaturalGradient()
    {
        var rng = new Rng(9);
        const int states = 5, actions = 3;
        var mdp = RandomMdp.Create(rng, states, actions, gamma: 0.9);
        var policy = new TabularSoftmaxTestPolicy(states, actions);
        var init = RandomMdp.RandomTable(rng, states, actions);
        for (int s = 0; s < states; s++) for (int a = 0; a < actions; a++) policy.Theta.Value[s, a] = (float)init[s, a];
        var e = MdpOracle.EvaluateTabularSoftmax(mdp, ThetaOf(policy, states, actions));

        // The exact natural gradient F⁺∇J with F = Σ_s d(s) F_s from the oracle's d and π, and its exact ∇J.
        int n = states * actions;
        var fisher = Matrix<double>.Build.Dense(n, n);
        for (int s = 0; s < states; s++)
            for (int a = 0; a < actions; a++)
                for (int b = 0; b < actions; b++)
                    fisher[s * actions + a, s * actions + b] = e.Visitation[s] * ((a == b ? e.Policy[s, a] : 0) - e.Policy[s, a] * e.Policy[s, b]);
        var gradient = e.TabularSoftmaxGradient();
        var exact = fisher.PseudoInverse() * Vector<double>.Build.Dense(n, i => gradient[i / actions, i % actions]);
        for (int s = 0; s < states; s++) // = A^π(s,·) minus its mean over actions (Kakade 2002)
        {
            double mean = Enumerable.Range(0, actions).Average(a => e.Advantage[s, a]);
            for (int a = 0; a < actions; a++) Assert.Equal(e.Advantage[s, a] - mean, exact[s * actions + a], 8);
        }

        const double delta = 1e-3;
        var update = new TrustRegionUpdate(policy, new TrustRegionOptions { LineSearch = false, TargetKl = delta, CgDamping = 1e-5, CgMaxSteps = 50, CgTolerance = 1e-7 });
        var before = ThetaOf(policy, states, actions);
        var stats = update.Step(ExactBatch(mdp, e));
        Assert.Equal(TrustRegionOutcome.Accepted, stats.Outcome);

        var x = update.NaturalGradient;
        double scale = exact.AbsoluteMaximum();
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(x[i] - exact[i]) <= 1e-3 * scale, $"natural gradient [{i / actions}][{i % actions}]: CG on the batch {x[i]:G6}, oracle {exact[i]:G6}");
        var after = ThetaOf(policy, states, actions);
        for (int i = 0; i < n; i++)
            Assert.Equal(stats.StepSize * x[i], after[i / actions, i % actions] - before[i / actions, i % actions], 5);
        // The step is scaled so that the quadratic model of the mean KL is δ; the measured KL agrees to second order.
        Assert.InRange(stats.Kl / delta, 0.9, 1.1);
        Assert.True(MdpOracle.EvaluateTabularSoftmax(mdp, after).J > e.J);
    }

    [Fact]
    public void NaturalGradientIteration_OnTheThreeStateChain_ImprovesMonotonicallyToTheOptimum()
    {
        var mdp = new ThreeStateChain().Model;
        var policy = new TabularSoftmaxTestPolicy(mdp.StateCount, mdp.ActionCount);
        var update = new TrustRegionUpdate(policy, new TrustRegionOptions { LineSearch = false, NpgLearningRate = 1.0, CgDamping = 1e-6, CgMaxSteps = 20, CgTolerance = 1e-7 });
        double previous = double.NegativeInfinity;
        for (int k = 0; k < 25; k++)
        {
            var e = MdpOracle.EvaluateTabularSoftmax(mdp, ThetaOf(policy, mdp.StateCount, mdp.ActionCount));
            Assert.True(e.J >= previous - 1e-6, $"step {k}: J fell from {previous} to {e.J}");
            previous = e.J;
            update.Step(ExactBatch(mdp, e));
        }
        Assert.True(previous > 8.9999, $"J = {previous}; the optimum is 9");
    }

    [Fact]
    public void Step_AllocatesNothingAfterTheFirstStepOnABatchOfTheSameSize()
    {
        var rng = new Rng(12);
        var policy = new MlpTestPolicy(rng, 4, 16, 3, gaussian: false);
        var (o, a, adv, lp) = policy.RandomBatch(rng, 64);
        var batch = new TrustRegionBatch(o, a, adv, lp);
        var update = new TrustRegionUpdate(policy);
        update.Step(batch);
        update.Step(batch);
        Assert.Equal(0, AllocationProbe.Steady(() => { update.Step(batch); }));
    }

    [Fact]
    public void BadOptionsAndBatches_AreRejectedNamingTheOptionAndTheAllowedRange()
    {
        var policy = new MlpTestPolicy(new Rng(1), 3, 4, 2, gaussian: false);
        string Message(TrustRegionOptions o) => Assert.Throws<ArgumentOutOfRangeException>(() => new TrustRegionUpdate(policy, o)).Message;
        Assert.Contains("TargetKl (target_kl) = 0 is outside the allowed range (0, ∞)", Message(new() { TargetKl = 0 }));
        Assert.Contains("target_kl", Message(new() { TargetKl = -0.01 }));
        Assert.Contains("CgMaxSteps (cg_max_steps) = 0 is outside the allowed range [1,", Message(new() { CgMaxSteps = 0 }));
        Assert.Contains("CgDamping (cg_damping) = -0.1 is outside the allowed range [0, ∞)", Message(new() { CgDamping = -0.1 }));
        Assert.Contains("line_search_shrinking_factor", Message(new() { LineSearchShrinkingFactor = 1 }));
        Assert.Contains("line_search_max_iter", Message(new() { LineSearchMaxIter = 0 }));
        Assert.Contains("npg_learning_rate", Message(new() { LineSearch = false, NpgLearningRate = -1 }));
        Assert.Contains("line_search", Assert.Throws<ArgumentException>(() => new TrustRegionUpdate(policy, new() { NpgLearningRate = 0.1 })).Message);

        var update = new TrustRegionUpdate(policy);
        Assert.Throws<ShapeMismatchException>(() => update.Step(new TrustRegionBatch(new Tensor(4, 5), new Tensor(4), new Tensor(4), new Tensor(4))));
        Assert.Throws<ShapeMismatchException>(() => new TrustRegionBatch(new Tensor(4, 3), new Tensor(4), new Tensor(3), new Tensor(4)));
        Assert.Throws<ArgumentException>(() => update.Step(default));
        var nan = new TrustRegionBatch(new Tensor(4, 3), new Tensor(4), Tensor.Full(float.NaN, 4), new Tensor(4));
        Assert.Throws<NonFiniteException>(() => update.Step(nan));
    }

    [Fact]
    public void Options_BindFromZooStyleKeys_WithTheirRangesChecked()
    {
        var defaults = OptionsBinder.Bind<TrustRegionOptions>();
        Assert.Equal(new TrustRegionOptions(), defaults);
        var npg = OptionsBinder.Bind<TrustRegionOptions>(null, ["target_kl=0.02", "line_search=false", "npg_learning_rate=0.5", "cg_max_steps=10"]);
        Assert.Equal(new TrustRegionOptions { TargetKl = 0.02, LineSearch = false, NpgLearningRate = 0.5, CgMaxSteps = 10 }, npg);
        Assert.Contains("target_kl", Assert.Throws<ConfigException>(() => OptionsBinder.Bind<TrustRegionOptions>(null, ["target_kl=0"])).Message);
        Assert.Contains("npg_learning_rate", Assert.Throws<ConfigException>(() => OptionsBinder.Bind<TrustRegionOptions>(null, ["npg_learning_rate=0.1"])).Message);
    }

    [Fact]
    public void Step_WithZeroAdvantages_FindsNoAscentDirection_AndLeavesTheParameters()
    {
        var rng = new Rng(3);
        var policy = new MlpTestPolicy(rng, 3, 4, 2, gaussian: false);
        var (o, a, _, lp) = policy.RandomBatch(rng, 16);
        var before = new float[policy.Parameters.Size];
        policy.Parameters.CopyValuesTo(before);
        var stats = new TrustRegionUpdate(policy).Step(new TrustRegionBatch(o, a, new Tensor(16), lp));
        Assert.Equal(TrustRegionOutcome.NoAscentDirection, stats.Outcome);
        var after = new float[before.Length];
        policy.Parameters.CopyValuesTo(after);
        Assert.Equal(before, after);
    }
}
