using Ascent.Algorithms;
using Ascent.Environments.Lectures;
using Ascent.Environments.Spaces;
using Ascent.Estimators;
using Ascent.Mdp;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Policies.Features;
using Ascent.Tests.Mdp;

namespace Ascent.Tests.Algorithms;

/// <summary>The REINFORCE learners do exactly what their pseudocode says, and reject bad settings.</summary>
public class ReinforceTests
{
    /// <summary>Samples one corridor episode with a copy of the policy and the same generator state the learner will use.</summary>
    private static EpisodeBatch SameEpisode(double[] theta, ulong seed)
    {
        var copy = new LinearSoftmaxPolicy(new Discrete(1), PerActionFeatures.ShortCorridor());
        copy.SetTheta(theta);
        var batch = new EpisodeBatch(1, 1);
        using var env = new ShortCorridor();
        new EpisodeSampler(env, copy).RunEpisode(batch, new Rng(seed));
        return batch;
    }

    /// <summary>π(right), π(left) of the corridor's softmax in double precision.</summary>
    private static (double Right, double Left) Pi(double[] theta)
    {
        double right = 1 / (1 + Math.Exp(theta[1] - theta[0]));
        return (right, 1 - right);
    }

    [Fact]
    public void Reinforce_AppliesTheBoxUpdate_StepByStep()
    {
        double[] theta = [-0.3, 0.4];
        const double alpha = 0.01, gamma = 0.9;
        var episode = SameEpisode(theta, 5);
        var policy = new LinearSoftmaxPolicy(new Discrete(1), PerActionFeatures.ShortCorridor());
        policy.SetTheta(theta);
        using var env = new ShortCorridor();
        var result = new EpisodicReinforce(policy, env, alpha, gamma).RunEpisode(new Rng(5));
        Assert.Equal(episode.StepCount, result.Length);
        Assert.Equal(-episode.StepCount, result.Return);

        // By hand: G_t = Σ_{k≥t} γ^{k−t} r_k; θ ← θ + α γᵗ G_t (x(a_t) − Σ_b π(b) x(b)) with π at the current θ.
        var expected = (double[])theta.Clone();
        int steps = episode.StepCount;
        for (int t = 0; t < steps; t++)
        {
            double g = 0;
            for (int k = steps - 1; k >= t; k--) g = episode.Rewards[k] + gamma * g;
            var (right, left) = Pi(expected);
            int a = (int)episode.Action(t)[0];
            double scale = alpha * Math.Pow(gamma, t) * g;
            expected[0] += scale * ((a == 0 ? 1 : 0) - right);
            expected[1] += scale * ((a == 1 ? 1 : 0) - left);
        }
        var actual = policy.ThetaToArray();
        Assert.Equal(expected[0], actual[0], 4);
        Assert.Equal(expected[1], actual[1], 4);
    }

    [Fact]
    public void ReinforceWithBaseline_AppliesTheBoxUpdates_StepByStep()
    {
        double[] theta = [0.2, -0.1];
        const double alphaTheta = 0.01, alphaW = 0.05, gamma = 0.95;
        var episode = SameEpisode(theta, 6);
        var policy = new LinearSoftmaxPolicy(new Discrete(1), PerActionFeatures.ShortCorridor());
        policy.SetTheta(theta);
        var value = new LinearValueFunction(new OneHotFeatures(1));
        value.Weights.Value[0] = -3f;
        using var env = new ShortCorridor();
        new ReinforceWithBaseline(policy, value, env, alphaTheta, alphaW, gamma).RunEpisode(new Rng(6));

        var expected = (double[])theta.Clone();
        double w = -3;
        int steps = episode.StepCount;
        for (int t = 0; t < steps; t++)
        {
            double g = 0;
            for (int k = steps - 1; k >= t; k--) g = episode.Rewards[k] + gamma * g;
            double delta = g - w;                                   // δ ← G − v̂(S_t, w)
            w += alphaW * delta;                                    // w ← w + α_w δ ∇v̂ (∇v̂ = 1)
            var (right, left) = Pi(expected);
            int a = (int)episode.Action(t)[0];
            double scale = alphaTheta * Math.Pow(gamma, t) * delta; // θ ← θ + α_θ γᵗ δ ∇ln π
            expected[0] += scale * ((a == 0 ? 1 : 0) - right);
            expected[1] += scale * ((a == 1 ? 1 : 0) - left);
        }
        Assert.Equal(w, value.Weights.Value[0], 3);
        var actual = policy.ThetaToArray();
        Assert.Equal(expected[0], actual[0], 4);
        Assert.Equal(expected[1], actual[1], 4);
    }

    [Theory]
    [InlineData("sgd", "none")]
    [InlineData("sgd", "mean")]
    public void BatchReinforce_StepsAlongTheEstimatorsGradient(string optimizer, string baseline)
    {
        // One SGD update moves θ by exactly α·ĝ, ĝ the estimator's mean over the same N episodes.
        var rng = new Rng(31);
        var mdp = RandomMdp.Create(rng, states: 4, actions: 3, gamma: 1.0, terminalStates: 1);
        var theta = RandomMdp.RandomTable(rng, 4, 3, 0.5);
        var options = new BatchReinforceOptions
        {
            EpisodesPerBatch = 12, Gamma = 1.0, Estimator = "reward-to-go", Baseline = baseline, NormalizeAdvantage = false,
            Optimizer = optimizer, LearningRate = 0.05,
        };
        var policy = new TabularSoftmaxPolicy(theta);
        using var env = new MdpEnv(mdp);
        env.Seed(3);
        var learner = new BatchReinforce(policy, env, options);
        learner.Update(new Rng(8));

        var reference = new TabularSoftmaxPolicy(theta);
        using var referenceEnv = new MdpEnv(mdp);
        referenceEnv.Seed(3);
        var batch = new EpisodeBatch(1, 1);
        new EpisodeSampler(referenceEnv, reference).CollectEpisodes(batch, 12, new Rng(8));
        var gradient = new double[reference.Parameters.Size];
        EstimatorNames.Create("reward-to-go", baseline, 1.0).Estimate(reference, batch, gradient);
        var before = reference.Theta.Value.Span;
        var after = policy.Theta.Value.Span;
        for (int k = 0; k < gradient.Length; k++) Assert.Equal(before[k] + 0.05 * gradient[k], after[k], 4);
    }

    [Fact]
    public void BadSettings_AreClearErrors()
    {
        var policy = new LinearSoftmaxPolicy(new Discrete(1), PerActionFeatures.ShortCorridor());
        using var env = new ShortCorridor();
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new EpisodicReinforce(policy, env, 0));
        Assert.Contains("stepSize = 0", zero.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EpisodicReinforce(policy, env, -1e-3));
        var gamma = Assert.Throws<ArgumentOutOfRangeException>(() => new EpisodicReinforce(policy, env, 0.1, gamma: 1.5));
        Assert.Contains("[0, 1]", gamma.Message);
        var value = new LinearValueFunction(new OneHotFeatures(1));
        var w = Assert.Throws<ArgumentOutOfRangeException>(() => new ReinforceWithBaseline(policy, value, env, 0.1, 0));
        Assert.Contains("valueStepSize = 0", w.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReinforceWithBaseline(policy, value, env, double.NaN, 0.1));

        var lr = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchReinforce(policy, env, new BatchReinforceOptions { LearningRate = 0, Baseline = "none" }));
        Assert.Contains("learning_rate = 0", lr.Message);
        var episodes = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchReinforce(policy, env, new BatchReinforceOptions { EpisodesPerBatch = 0, Baseline = "none" }));
        Assert.Contains("episodes_per_batch = 0", episodes.Message);
        var learned = Assert.Throws<ArgumentException>(() => new BatchReinforce(policy, env, new BatchReinforceOptions { Baseline = "learned" }));
        Assert.Contains("needs a value function", learned.Message);
        var unknown = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchReinforce(policy, env, new BatchReinforceOptions { Baseline = "median" }));
        Assert.Contains("choose one of none, mean, learned, optimal", unknown.Message);
    }

    [Fact]
    public void TheExplorationFloor_KeepsBothCorridorActionsAboveEpsilon()
    {
        var policy = new LinearSoftmaxPolicy(new Discrete(1), PerActionFeatures.ShortCorridor()) { MinimumProbability = 0.05 };
        policy.SetTheta([5, -5]);
        Span<double> p = stackalloc double[2];
        policy.Probabilities([0f], p);
        Assert.Equal(0.95, p[0], 12);
        Assert.Equal(0.05, p[1], 12);
        Assert.Equal(Math.Log(0.05), policy.LogProb([0f], [1f]), 12);
        var tape = new global::Ascent.Autodiff.Tape();
        Assert.Throws<InvalidOperationException>(() => policy.Forward(tape, tape.Input(new Tensor(1, 1))));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.MinimumProbability = 0.5);
    }
}
