using Ascent.Environments;
using Ascent.Environments.Vector;
using Ascent.Numerics;

namespace Ascent.Tests.Environments;

/// <summary>
/// A vector environment restored from <see cref="VectorEnv.SaveState"/> steps exactly as the original: same
/// observations, rewards, flags, episode ends and statistics, through automatic resets, for the batched and the
/// synchronous implementations with and without normalisation wrappers.
/// </summary>
public class VectorEnvStateTests
{
    private const int N = 6;

    private static VectorEnv Make(string id, bool batched, bool normalize)
    {
        VectorEnv vec = Envs.MakeVector(id, N, batched: batched);
        if (!normalize) return vec;
        return new VectorNormalizeReward(new VectorNormalizeObservation(vec), gamma: 0.95);
    }

    private static void AssertSameStep(VectorEnv expected, VectorEnv actual, string at)
    {
        Assert.True(expected.Observations.AsSpan().SequenceEqual(actual.Observations), $"{at}: observations");
        Assert.True(expected.Rewards.AsSpan().SequenceEqual(actual.Rewards), $"{at}: rewards");
        Assert.True(expected.Terminated.AsSpan().SequenceEqual(actual.Terminated), $"{at}: terminated");
        Assert.True(expected.Truncated.AsSpan().SequenceEqual(actual.Truncated), $"{at}: truncated");
        Assert.Equal(expected.EpisodeLengths, actual.EpisodeLengths);
        Assert.Equal(expected.EpisodeReturns, actual.EpisodeReturns);
        for (int i = 0; i < N; i++)
        {
            if (!expected.IsDone(i)) continue;
            Assert.Equal(expected.FinalEpisodes[i].Return, actual.FinalEpisodes[i].Return);
            Assert.Equal(expected.FinalEpisodes[i].Length, actual.FinalEpisodes[i].Length);
        }
    }

    [Theory]
    [InlineData("CartPole-v1", true, false, 700)]
    [InlineData("CartPole-v1", false, true, 700)]
    [InlineData("Pendulum-v1", true, true, 500)]
    [InlineData("Acrobot-v1", false, false, 600)]
    [InlineData("MountainCar-v0", false, true, 500)]
    [InlineData("MountainCarContinuous-v0", false, false, 400)]
    public void ARestoredEnvironment_StepsExactlyAsTheOriginal(string id, bool batched, bool normalize, int steps)
    {
        using var original = Make(id, batched, normalize);
        Assert.True(original.SupportsState);
        var rng = new Rng(3);
        var actions = new float[N * original.ActionSize];
        original.Reset(seed: 11);
        for (int t = 0; t < steps; t++) { original.SampleActions(rng, actions); original.Step(actions); }

        var state = new VectorEnvState();
        original.SaveState(state);
        using var restored = Make(id, batched, normalize);
        restored.LoadState(state);                                    // no Reset: the state is the environment's
        if (normalize)                                               // the statistics travel with the model; copy them here
        {
            var (o, r) = (Observations(original), Observations(restored));
            r.Normalizer.SetState(o.Normalizer.GetState());
            var (ro, rr) = (Rewards(original), Rewards(restored));
            rr.Normalizer.SetState(ro.Normalizer.GetState());
        }
        Assert.True(original.Observations.AsSpan().SequenceEqual(restored.Observations));
        int ends = 0;
        for (int t = 0; t < 2 * steps; t++)
        {
            original.SampleActions(rng, actions);
            original.Step(actions);
            restored.Step(actions);
            AssertSameStep(original, restored, $"step {t}");
            for (int i = 0; i < N; i++) if (original.IsDone(i)) ends++;
        }
        Assert.True(ends > 0, "no episode ended: the automatic resets (the generators) were not exercised");
    }

    private static VectorNormalizeObservation Observations(VectorEnv env) => (VectorNormalizeObservation)((VectorNormalizeReward)env).Inner;

    private static VectorNormalizeReward Rewards(VectorEnv env) => (VectorNormalizeReward)env;

    [Fact]
    public void AnEnvironmentWithoutState_SaysSo_AndAStateForAnotherSizeIsRejected()
    {
        using var corridor = Envs.MakeVector("ShortCorridor-v0", 2);
        Assert.False(corridor.SupportsState);
        var e = Assert.Throws<NotSupportedException>(() => corridor.SaveState(new VectorEnvState()));
        Assert.Contains("ShortCorridor-v0", e.Message);

        using var six = Envs.MakeVector("CartPole-v1", 6);
        six.Reset(seed: 0);
        var state = new VectorEnvState();
        six.SaveState(state);
        using var three = Envs.MakeVector("CartPole-v1", 3);
        var m = Assert.Throws<InvalidDataException>(() => three.LoadState(state));
        Assert.Contains("has 6 values; this environment needs 3", m.Message);
    }

    [Fact]
    public void AStoredGenerator_IsRestoredWithItsSeedSpawnKeyAndPosition()
    {
        var original = new Rng(42, [3u, 1u]);
        original.NextUInt64();
        original.Normal();                                             // leaves a spare normal cached
        original.Spawn();
        var state = new VectorEnvState();
        state.SetRng("g", original);
        var restored = state.GetRng("g");
        Assert.Equal(original.Seed, restored.Seed);
        Assert.Equal(original.SpawnKey.ToArray(), restored.SpawnKey.ToArray());
        Assert.Equal(original.Normal(), restored.Normal());
        Assert.Equal(original.NextUInt64(), restored.NextUInt64());
        Assert.Equal(original.Spawn().NextUInt64(), restored.Spawn().NextUInt64());     // children too
    }
}
