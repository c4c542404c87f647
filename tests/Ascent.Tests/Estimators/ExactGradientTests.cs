using Ascent.Environments.Lectures;
using Ascent.Estimators;
using Ascent.Mdp;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Policies.Features;
using Ascent.Tests.Mdp;

namespace Ascent.Tests.Estimators;

/// <summary>
/// Every unbiased estimator's mean converges to the oracle's exact ∇J on finite MDPs. With 4.5 standard errors per
/// component and at most 8 components, a correct estimator fails with probability below 1e-4 per check; a wrong
/// one (like the dropped γᵗ factor below) misses by tens of standard errors.
/// </summary>
public class ExactGradientTests
{
    private const double Tolerance = 4.5;

    private static (FiniteMdp Mdp, double[,] Theta, double[,] Behavior) EpisodicCase()
    {
        var rng = new Rng(2024);
        var mdp = RandomMdp.Create(rng, states: 4, actions: 2, gamma: 1.0, terminalStates: 1);
        var theta = RandomMdp.RandomTable(rng, 4, 2, 0.8);
        var behavior = (double[,])theta.Clone();
        for (int s = 0; s < 4; s++) for (int a = 0; a < 2; a++) behavior[s, a] += 0.4 * rng.Normal();
        return (mdp, theta, behavior);
    }

    [Theory]
    [InlineData("total", "none")]
    [InlineData("total", "mean")]
    [InlineData("total", "optimal")]
    [InlineData("reward-to-go", "none")]
    [InlineData("reward-to-go", "mean")]
    [InlineData("reward-to-go", "optimal")]
    [InlineData("reward-to-go", "optimal-per-component")]
    [InlineData("pseudo-loss", "mean")]
    [InlineData("is-trajectory", "none")]
    [InlineData("is-per-decision", "none")]
    [InlineData("is-per-decision", "mean")]
    public void Estimator_IsUnbiased_OnAnEpisodicMdp(string estimator, string baseline)
    {
        var (mdp, theta, behavior) = EpisodicCase();
        var result = MdpEstimate.Run(mdp, theta, estimator, baseline, EstimatorNames.IsOffPolicy(estimator) ? behavior : null, 20_000, seed: 7);
        Assert.True(result.LargestStandardizedError() < Tolerance, Describe(result));
    }

    [Theory]
    [InlineData("total", "mean")]
    [InlineData("reward-to-go", "optimal")]
    [InlineData("is-per-decision", "none")]
    public void Estimator_IsUnbiased_ForADiscountedMdpWithoutTerminalStates(string estimator, string baseline)
    {
        // γ = 0.8 and no terminal state: episodes end with probability 1 − γ per step (MdpEnv.DiscountAsTermination).
        var rng = new Rng(99);
        var mdp = RandomMdp.Create(rng, states: 3, actions: 2, gamma: 0.8);
        var theta = RandomMdp.RandomTable(rng, 3, 2, 0.7);
        var behavior = RandomMdp.RandomTable(rng, 3, 2, 0.3);
        var result = MdpEstimate.Run(mdp, theta, estimator, baseline, EstimatorNames.IsOffPolicy(estimator) ? behavior : null, 20_000, seed: 8);
        Assert.True(result.LargestStandardizedError() < Tolerance, Describe(result));
    }

    [Fact]
    public void AStateDependentBaseline_AddsNoBias()
    {
        var (mdp, theta, _) = EpisodicCase();
        var value = new LinearValueFunction(new OneHotFeatures(mdp.StateCount));
        float[] arbitrary = [3f, -5f, 8f, 100f];   // far from V^π on purpose: unbiased for any b(s)
        arbitrary.CopyTo(value.Weights.Value.Span);
        var result = MdpEstimate.Run(mdp, theta, gamma => new ScoreFunctionEstimator(new RewardToGo(gamma), new StateValueBaseline(value)), null, 20_000, seed: 9);
        Assert.True(result.LargestStandardizedError() < Tolerance, Describe(result));
    }

    [Fact]
    public void TheGammaToTheTFactor_IsNeededForTheDiscountedGradient()
    {
        // Episodes that end only in terminal states, with γ = 0.7 applied by the estimator: Sutton & Barto's γᵗ G_t is
        // unbiased for ∇J; CS285's G_t without γᵗ is not.
        var rng = new Rng(5);
        var mdp = RandomMdp.Create(rng, states: 4, actions: 2, gamma: 0.7, terminalStates: 1);
        var theta = RandomMdp.RandomTable(rng, 4, 2, 0.8);
        var exact = Flatten(MdpOracle.EvaluateTabularSoftmax(mdp, theta).TabularSoftmaxGradient());
        var (withFactor, withError) = Sample(mdp, theta, new ScoreFunctionEstimator(new RewardToGo(0.7, discountFactor: true)), 30_000);
        var (without, withoutError) = Sample(mdp, theta, new ScoreFunctionEstimator(new RewardToGo(0.7, discountFactor: false)), 30_000);
        var (total, totalError) = Sample(mdp, theta, new ScoreFunctionEstimator(new TotalReturn(0.7)), 30_000);
        Assert.True(Worst(withFactor, withError, exact) < Tolerance);
        Assert.True(Worst(total, totalError, exact) < Tolerance);
        Assert.True(Worst(without, withoutError, exact) > 10, $"without the factor: {Worst(without, withoutError, exact)} standard errors");
    }

    [Fact]
    public void SeedTwosCausalImportanceWeights_CountTheRatioOfStepTTwice_AndAreBiased()
    {
        var (mdp, theta, behavior) = EpisodicCase();
        var result = MdpEstimate.Run(mdp, theta, gamma => new ScoreFunctionEstimator(new DoubleCountedRatios()), behavior, 20_000, seed: 10);
        Assert.True(result.LargestStandardizedError() > 10, Describe(result));
    }

    [Fact]
    public void TheExpectedScoreIsZero()
    {
        // E_{a~π}[∇θ log π(a|s)] = 0 (the expected grad-log-prob lemma), for a softmax and a Gaussian.
        var rng = new Rng(11);
        foreach (var c in Ascent.Tests.Policies.PolicyCases.Analytic(rng))
        {
            var policy = (IScoreFunctionPolicy)c.Policy;
            var obs = c.Observation(rng);
            var statistics = new GradientStatistics(policy.Parameters.Size);
            var action = new float[policy.ActionSpace.FlatSize];
            var grad = new float[policy.Parameters.Size];
            var score = new double[grad.Length];
            for (int i = 0; i < 20_000; i++)
            {
                policy.Act(obs, 1, action, default, rng);
                policy.Parameters.ZeroGrad();
                policy.AddScore(obs, action, 1f);
                policy.Parameters.CopyGradientsTo(grad);
                for (int k = 0; k < grad.Length; k++) score[k] = grad[k];
                statistics.Add(score);
            }
            for (int k = 0; k < grad.Length; k++)
            {
                double se = statistics.StandardError(k);
                Assert.True(se == 0 ? Math.Abs(statistics.Mean[k]) < 1e-6 : Math.Abs(statistics.Mean[k]) < Tolerance * se, $"{c.Name}: component {k} mean {statistics.Mean[k]} (se {se})");
            }
        }
    }

    [Fact]
    public void VarianceOrders_AsTheLecturesClaim_OnTheShortCorridor()
    {
        // The book's initial policy, p(right) ≈ 0.05 (θ = [−1.47, 1.47] in every state): long, noisy episodes.
        var mdp = new ShortCorridor().Model;
        var theta = new double[4, 2];
        for (int s = 0; s < 4; s++) { theta[s, 0] = -1.47; theta[s, 1] = 1.47; }
        double Variance(string estimator, string baseline) => MdpEstimate.Run(mdp, theta, estimator, baseline, null, 4_000, seed: 12).TotalVariance;
        double total = Variance("total", "none"), rewardToGo = Variance("reward-to-go", "none");
        double mean = Variance("reward-to-go", "mean"), optimal = Variance("reward-to-go", "optimal");
        double totalMean = Variance("total", "mean");
        Assert.True(rewardToGo < total, $"reward-to-go {rewardToGo} vs total {total}");
        Assert.True(totalMean < total, $"total with mean baseline {totalMean} vs none {total}");
        Assert.True(mean < rewardToGo, $"mean baseline {mean} vs none {rewardToGo}");
        Assert.True(optimal <= mean * 1.02, $"optimal baseline {optimal} vs mean {mean}");
    }

    private static (double[] Mean, double[] Error) Sample(FiniteMdp mdp, double[,] theta, ScoreFunctionEstimator estimator, int episodes)
    {
        var policy = new TabularSoftmaxPolicy(theta);
        using var env = new MdpEnv(mdp, discountAsTermination: false);
        env.Seed(3);
        var rng = new Rng(4);
        var batch = new EpisodeBatch(1, 1);
        new EpisodeSampler(env, policy).CollectEpisodes(batch, episodes, rng);
        var perEpisode = new double[episodes * policy.Parameters.Size];
        estimator.EstimatePerEpisode(policy, batch, perEpisode);
        var statistics = new GradientStatistics(policy.Parameters.Size);
        statistics.AddRows(perEpisode);
        return (statistics.Mean.ToArray(), Enumerable.Range(0, statistics.Size).Select(statistics.StandardError).ToArray());
    }

    private static double Worst(double[] mean, double[] error, double[] exact) =>
        Enumerable.Range(0, mean.Length).Max(k => error[k] > 0 ? Math.Abs(mean[k] - exact[k]) / error[k] : Math.Abs(mean[k] - exact[k]) < 1e-9 ? 0 : double.PositiveInfinity);

    private static double[] Flatten(double[,] table) => table.Cast<double>().ToArray();

    private static string Describe(MdpGradientEstimate r) =>
        $"largest error {r.LargestStandardizedError():F2} standard errors; mean [{string.Join(", ", r.Mean.Cast<double>().Select(x => x.ToString("G4")))}] " +
        $"exact [{string.Join(", ", r.Exact.Cast<double>().Select(x => x.ToString("G4")))}] se [{string.Join(", ", r.StandardError.Cast<double>().Select(x => x.ToString("G3")))}]";

    /// <summary>Seed 002's causal off-policy weights as written: Σ_{t'≥t} r_{t'} Π_{t''=t}^{t'} ρ_{t''} times ρ_{0:t} — ρ_t counted twice.</summary>
    private sealed class DoubleCountedRatios : ReturnWeights
    {
        public DoubleCountedRatios() : base(1.0, "DoubleCountedRatios") { }
        public override string Name => "seed 002 as written";
        public override bool NeedsTargetLogProbs => true;
        public override bool EpisodeLevelReturn => false;
        public override bool Unbiased => false;

        public override void Compute(ReadOnlySpan<double> rewards, ReadOnlySpan<double> behaviorLogProbs, ReadOnlySpan<double> targetLogProbs,
            Span<double> signal, Span<double> coefficient, Span<double> returns)
        {
            int steps = rewards.Length;
            var rho = new double[steps];
            ImportanceRatios.Compute(behaviorLogProbs, targetLogProbs, null, rho);
            double prefix = 1;
            for (int t = 0; t < steps; t++)
            {
                prefix *= rho[t];
                double inner = 0, product = 1;
                for (int u = t; u < steps; u++) { product *= rho[u]; inner += rewards[u] * product; }
                signal[t] = prefix * inner;
                coefficient[t] = prefix;
                returns[t] = 0;
            }
        }
    }
}
