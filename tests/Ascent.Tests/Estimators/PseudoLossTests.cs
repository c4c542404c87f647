using Ascent.Autodiff;
using Ascent.Environments.Lectures;
using Ascent.Estimators;
using Ascent.Mdp;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Policies.Features;
using Ascent.Tests.Mdp;

namespace Ascent.Tests.Estimators;

/// <summary>Seed 002's pseudo-loss (a weighted log-likelihood on the tape) gives the same gradient as the analytic score form.</summary>
public class PseudoLossTests
{
    private static (IScoreFunctionPolicy Policy, EpisodeBatch Batch)[] Cases()
    {
        var rng = new Rng(17);
        var mdp = RandomMdp.Create(rng, states: 5, actions: 3, gamma: 1.0, terminalStates: 1);
        var tabular = new TabularSoftmaxPolicy(RandomMdp.RandomTable(rng, 5, 3, 0.7));
        var tabularBatch = new EpisodeBatch(1, 1);
        using (var env = new MdpEnv(mdp)) { env.Seed(1); new EpisodeSampler(env, tabular).CollectEpisodes(tabularBatch, 30, rng); }

        var walls = new LinearSoftmaxPolicy(new AliasedGridworld().ObservationSpace, new ObservationTimesActionFeatures(4, 4));
        Policies.PolicyCases.Randomise(walls, rng);
        var wallBatch = new EpisodeBatch(4, 1);
        using (var env = new AliasedGridworld()) { env.Seed(2); new EpisodeSampler(env, walls, maxEpisodeSteps: 50).CollectEpisodes(wallBatch, 30, rng); }
        return [(tabular, tabularBatch), (walls, wallBatch)];
    }

    [Theory]
    [InlineData("total", "none")]
    [InlineData("reward-to-go", "mean")]
    [InlineData("reward-to-go", "optimal")]
    public void PerEpisodeEstimates_AreTheSame_AnalyticallyAndThroughThePseudoLoss(string estimator, string baseline)
    {
        foreach (var (policy, batch) in Cases())
        {
            int size = batch.EpisodeCount * policy.Parameters.Size;
            var analytic = new double[size];
            var autodiff = new double[size];
            EstimatorNames.Create(estimator, baseline, 0.95).EstimatePerEpisode(policy, batch, analytic);
            new ScoreFunctionEstimator(EstimatorNames.CreateReturns(estimator, 0.95), EstimatorNames.CreateBaseline(baseline), usePseudoLoss: true)
                .EstimatePerEpisode(policy, batch, autodiff);
            for (int k = 0; k < size; k++)
                Assert.True(Math.Abs(analytic[k] - autodiff[k]) <= 1e-4 * (1 + Math.Abs(analytic[k])), $"{policy.GetType().Name} [{k}]: analytic {analytic[k]}, pseudo-loss {autodiff[k]}");
        }
    }

    [Fact]
    public void OneBackwardPassOverTheBatch_IsMinusTheMeanEstimate()
    {
        foreach (var (policy, batch) in Cases())
        {
            var estimator = new ScoreFunctionEstimator(new RewardToGo(0.9), new MeanReturnBaseline());
            var gradient = new double[policy.Parameters.Size];
            estimator.Estimate(policy, batch, gradient);

            var weights = new double[batch.StepCount];
            estimator.StepWeights(policy, batch, weights);
            Tensor? observations = null, actions = null;
            PseudoLoss.CopySteps(batch, 0, batch.StepCount, ref observations, ref actions);
            var w = new Tensor(batch.StepCount);
            for (int t = 0; t < weights.Length; t++) w[t] = (float)weights[t];
            var tape = new Tape();
            policy.Parameters.ZeroGrad();
            tape.Backward(PseudoLoss.Record(tape, policy, observations!, actions!, w, 1f / batch.EpisodeCount));
            var grad = new float[policy.Parameters.Size];
            policy.Parameters.CopyGradientsTo(grad);
            for (int k = 0; k < grad.Length; k++) Assert.Equal(-gradient[k], grad[k], 3);
        }
    }

    [Fact]
    public void APerComponentBaseline_HasNoPerStepWeights()
    {
        var (policy, batch) = Cases()[0];
        var estimator = new ScoreFunctionEstimator(new RewardToGo(), new OptimalConstantBaseline(perComponent: true));
        var e = Assert.Throws<InvalidOperationException>(() => estimator.StepWeights(policy, batch, new double[batch.StepCount]));
        Assert.Contains("per-component", e.Message);
    }
}
