using Ascent.Environments.Lectures;
using Ascent.Estimators;
using Ascent.Mdp;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Tests.Mdp;

namespace Ascent.Tests.Estimators;

public class EpisodeBatchTests
{
    [Fact]
    public void Episodes_KeepTheirStepsReturnsAndEnds()
    {
        var batch = new EpisodeBatch(2, 1);
        batch.Add([1f, 2f], [0f], 1.0, -0.5);
        batch.Add([3f, 4f], [1f], 2.0, -0.7);
        batch.EndEpisode(truncated: false, [5f, 6f]);
        for (int t = 0; t < 300; t++) batch.Add([t, t], [0f], -1.0);   // grows past the initial capacity
        batch.EndEpisode(truncated: true, [9f, 9f]);
        Assert.Equal(2, batch.EpisodeCount);
        Assert.Equal(302, batch.StepCount);
        Assert.Equal(new Episode(0, 2, false), batch[0]);
        Assert.Equal(new Episode(2, 300, true), batch[1]);
        Assert.Equal(1 + 0.5 * 2, batch.Return(0, 0.5));
        Assert.Equal(-300, batch.Return(1));
        Assert.Equal([3f, 4f], batch.Observation(1).ToArray());
        Assert.Equal([9f, 9f], batch.FinalObservation(1).ToArray());
        Assert.Equal(-0.7, batch.LogProbs[1]);
        Assert.Equal([299f, 299f], batch.Observation(301).ToArray());
        batch.Clear();
        Assert.Equal(0, batch.StepCount);
        Assert.Throws<InvalidOperationException>(() => batch.EndEpisode(false));
        Assert.Throws<ArgumentException>(() => batch.Add([1f], [0f], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Add([1f, 1f], [0f], double.NaN));
    }

    [Fact]
    public void TheSampler_TruncatesAtTheStepLimit_AndRecordsLogProbs()
    {
        var policy = new TabularSoftmaxPolicy(new double[,] { { 3, -3 } });   // almost always "right", the corridor's endless bounce in S1
        using var env = new ShortCorridor();
        var batch = new EpisodeBatch(1, 1);
        var sampler = new EpisodeSampler(env, policy, maxEpisodeSteps: 7);
        sampler.CollectEpisodes(batch, 20, new Rng(3));
        Assert.All(Enumerable.Range(0, 20), i => Assert.True(batch[i].Length <= 7));
        Assert.Contains(Enumerable.Range(0, 20), i => batch[i].Truncated && batch[i].Length == 7);
        for (int t = 0; t < batch.StepCount; t++) Assert.Equal(policy.LogProb(batch.Observation(t), batch.Action(t)), batch.LogProbs[t], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.CollectEpisodes(batch, 0, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EpisodeSampler(env, policy, maxEpisodeSteps: 0));
    }

    [Fact]
    public void DiscountAsTermination_EndsEpisodesAfterOneOverOneMinusGammaSteps()
    {
        // No terminal states, γ = 0.8: episode lengths are geometric with mean 1/(1 − γ) = 5, and the mean undiscounted
        // return is the discounted J.
        var rng = new Rng(21);
        var mdp = RandomMdp.Create(rng, states: 3, actions: 2, gamma: 0.8);
        var policy = new TabularSoftmaxPolicy(3, 2);
        using var env = new MdpEnv(mdp);
        env.Seed(5);
        var batch = new EpisodeBatch(1, 1);
        const int n = 40_000;
        new EpisodeSampler(env, policy).CollectEpisodes(batch, n, rng);
        double meanLength = batch.StepCount / (double)n;
        Assert.True(Math.Abs(meanLength - 5) < 5 * Math.Sqrt(20.0 / n), $"mean length {meanLength}");   // Var = γ/(1−γ)² = 20
        var returns = Enumerable.Range(0, n).Select(i => batch.Return(i)).ToArray();
        double mean = returns.Average(), se = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (n - 1) / n);
        double j = MdpOracle.Evaluate(mdp, policy.ToTable()).J;
        Assert.True(Math.Abs(mean - j) < 4.5 * se, $"mean return {mean} ± {se}, J = {j}");
    }
}
