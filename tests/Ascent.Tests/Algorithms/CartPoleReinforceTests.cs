using Ascent.Experiments;

namespace Ascent.Tests.Algorithms;

/// <summary>
/// Batch REINFORCE learns CartPole-v1 (a cheaper version of the benchmark in docs/benchmarks.md, which reaches 475 within
/// 1M steps in 5 of 5 seeds): with 2000-step batches, both seeds pass CartPole-v0's threshold of 195 (100-episode mean)
/// within 150k steps; in trials they passed it by about 40k.
/// </summary>
public class CartPoleReinforceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BatchReinforce_LearnsCartPole(int seed)
    {
        var options = CartPoleReinforce.Options with { StepsPerBatch = 2000, LearningRate = 1e-2, ValueLearningRate = 1e-2 };
        var (_, means, solvedAt) = CartPoleReinforce.Train(seed, new global::Ascent.Numerics.Rng((ulong)seed), options, 150_000, stopWhenSolved: true, threshold: 195);
        Assert.True(solvedAt is not null, $"seed {seed}: the 100-episode mean reached only {means.Max():F1} in 150k steps");
    }
}
