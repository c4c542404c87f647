using Ascent.Autodiff;
using Ascent.Environments;
using Ascent.Environments.Spaces;
using Ascent.Environments.Vector;
using Ascent.Environments.Wrappers;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;

namespace Ascent.Tests.Rollouts;

/// <summary>The rollout engine: flags and bootstraps at episode boundaries, clipping, statistics, bad observations, no allocation.</summary>
public class RolloutCollectorTests
{
    /// <summary>Observation [steps into the episode, id]; reward = that step count; terminates after <c>terminateAfter</c> steps if set.</summary>
    private sealed class CountingEnv(int id, int? terminateAfter = null, int? nanAt = null) : Env
    {
        private int _t;

        public override Space ObservationSpace { get; } = new Box(-1000f, 1000f, 2);

        public override Space ActionSpace { get; } = new Discrete(2);

        protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
        {
            _t = 0;
            observation[0] = 0; observation[1] = id;
        }

        protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
        {
            _t++;
            observation[0] = _t == nanAt ? float.NaN : _t; observation[1] = id;
            return (_t, _t == terminateAfter, false);
        }
    }

    private static ActorCriticPolicy PolicyFor(VectorEnv env, ulong seed = 1, float logStd = 0f) =>
        new(env.SingleObservationSpace, env.SingleActionSpace, new ActorCriticArchitecture { PolicyHidden = [8], ValueHidden = [8], LogStdInit = logStd }, new Rng(seed));

    private static float Value(ActorCriticPolicy policy, float step, float id)
    {
        var v = new float[1];
        policy.ValueFunction.Predict([step, id], 1, v);
        return v[0];
    }

    [Fact]
    public void Segment_KeepsTerminatedAndTruncatedApart_AndBootstrapsOnlyTruncationsAndTheEnd()
    {
        // env 0 terminates after 3 steps, env 1 is truncated after 4 by a time limit, env 2 runs on.
        using var env = new SyncVectorEnv([new CountingEnv(0, terminateAfter: 3), new TimeLimit(new CountingEnv(1), 4), new CountingEnv(2)]);
        var policy = PolicyFor(env);
        var buffer = new RolloutBuffer(6, 3, 2, 1);
        var collector = new RolloutCollector(env, policy, new Rng(2));
        collector.Reset(0);
        Assert.True(collector.Collect(buffer));

        float[] Column(float[] data, int i) => [.. Enumerable.Range(0, 6).Select(t => data[t * 3 + i])];
        bool[] Flags(bool[] data, int i) => [.. Enumerable.Range(0, 6).Select(t => data[t * 3 + i])];
        float[] obsStep = [.. Enumerable.Range(0, 18).Select(k => buffer.Observations[k, 0])];

        Assert.Equal([0f, 1, 2, 0, 1, 2], Column(obsStep, 0));                  // same-step autoreset: row t+1 starts the next episode
        Assert.Equal([0f, 1, 2, 3, 0, 1], Column(obsStep, 1));
        Assert.Equal([1f, 2, 3, 1, 2, 3], Column(buffer.Rewards, 0));
        Assert.Equal([false, false, true, false, false, true], Flags(buffer.Terminated, 0));
        Assert.Equal([false, false, false, false, false, false], Flags(buffer.Truncated, 0));
        Assert.Equal([false, false, false, true, false, false], Flags(buffer.Truncated, 1));
        Assert.Equal([false, false, false, false, false, false], Flags(buffer.Terminated, 1));

        // Bootstraps: terminated → 0; truncated → V(final observation [4, 1]); segment end → V(s_6); inside → V(s_{t+1}).
        Assert.Equal(0f, buffer.NextValues[2 * 3 + 0]);
        Assert.Equal(0f, buffer.NextValues[5 * 3 + 0]);
        Assert.Equal(Value(policy, 4, 1), buffer.TruncationValues[3 * 3 + 1]);
        Assert.Equal(Value(policy, 4, 1), buffer.NextValues[3 * 3 + 1]);
        Assert.Equal(Value(policy, 2, 1), buffer.LastValues[1]);
        Assert.Equal(Value(policy, 6, 2), buffer.LastValues[2]);
        Assert.Equal(Value(policy, 6, 2), buffer.NextValues[5 * 3 + 2]);
        for (int t = 0; t < 5; t++) Assert.Equal(buffer.Values[(t + 1) * 3 + 2], buffer.NextValues[t * 3 + 2]);
        for (int k = 0; k < 18; k++) Assert.Equal(Value(policy, buffer.Observations[k, 0], buffer.Observations[k, 1]), buffer.Values[k]);

        // Finished episodes: env 0 twice (return 6), env 1 once (return 10).
        Assert.Equal(3, collector.Episodes.TotalEpisodes);
        Assert.Equal(22.0 / 3, collector.Episodes.MeanReturn, 12);
        Assert.Equal(18, collector.TotalSteps);
    }

    [Fact]
    public void WithoutTruncationBootstrap_ATruncatedStepLooksTerminal()
    {
        using var env = new SyncVectorEnv([new TimeLimit(new CountingEnv(1), 2)]);
        var buffer = new RolloutBuffer(3, 1, 2, 1);
        var collector = new RolloutCollector(env, PolicyFor(env), new Rng(2), bootstrapTruncated: false);
        collector.Collect(buffer);
        Assert.True(buffer.Truncated[1]);
        Assert.Equal(0f, buffer.NextValues[1]);
    }

    [Fact]
    public void Segments_ContinueTheEnvironment_AcrossCollects()
    {
        using var env = new SyncVectorEnv([new CountingEnv(0)]);
        var buffer = new RolloutBuffer(4, 1, 2, 1);
        var collector = new RolloutCollector(env, PolicyFor(env), new Rng(2));
        collector.Collect(buffer);
        collector.Collect(buffer);
        Assert.Equal(4f, buffer.Observations[0, 0]);
        Assert.Equal(8, collector.TotalSteps);
    }

    [Fact]
    public void GaussianActions_AreClippedForTheEnvironment_ButStoredAsSampled()
    {
        using var env = Envs.MakeVector("Pendulum-v1", 4);
        var policy = PolicyFor(env, logStd: 2f);                         // σ ≈ 7.4 on a [−2, 2] torque
        var buffer = new RolloutBuffer(50, 4, 3, 1);
        var collector = new RolloutCollector(env, policy, new Rng(3));
        collector.Reset(1);
        collector.Collect(buffer);                                       // the env rejects out-of-range actions, so clipping happened
        Assert.Contains(buffer.Actions.Data, a => Math.Abs(a) > 2f);
        var tape = new Tape();
        var logp = policy.Forward(tape, tape.Input(buffer.Observations)).LogProb(buffer.Actions).Value;
        for (int k = 0; k < buffer.Size; k++) Assert.Equal(logp[k], buffer.LogProbs[k], 1e-4);   // scored as sampled
    }

    [Fact]
    public void DiscreteActions_AreShiftedByTheSpacesStart()
    {
        using var env = new SyncVectorEnv([new ShiftedActionsEnv()]);
        var buffer = new RolloutBuffer(20, 1, 1, 1);
        new RolloutCollector(env, PolicyFor(env), new Rng(4)).Collect(buffer);   // ShiftedActionsEnv throws on 0
        Assert.All(buffer.Actions.Data, a => Assert.True(a is 0f or 1f));
        Assert.Equal(buffer.Actions.Data.Select(a => a + 5f), buffer.Rewards);
    }

    private sealed class ShiftedActionsEnv : Env
    {
        public override Space ObservationSpace { get; } = new Box(-1f, 1f, 1);

        public override Space ActionSpace { get; } = new Discrete(2, start: 5);

        protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation) => observation[0] = 0;

        protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
        {
            if (action[0] is not (5f or 6f)) throw new ArgumentException($"action {action[0]}");
            return (action[0], false, false);
        }
    }

    [Fact]
    public void ANonFiniteObservation_NamesTheEnvAndTheStep()
    {
        using var env = new SyncVectorEnv([new CountingEnv(0), new CountingEnv(1, nanAt: 3)]);
        var collector = new RolloutCollector(env, PolicyFor(env), new Rng(5));
        var e = Assert.Throws<NonFiniteException>(() => collector.Collect(new RolloutBuffer(5, 2, 2, 1)));
        Assert.Contains("env 1 (of 2)", e.Message);
        Assert.Contains("step 6", e.Message);
        Assert.Contains("NaN at component 0", e.Message);
    }

    [Fact]
    public void ACallbackReturningFalse_StopsTheSegment()
    {
        using var env = new SyncVectorEnv([new CountingEnv(0)]);
        var buffer = new RolloutBuffer(10, 1, 2, 1);
        int calls = 0;
        bool complete = new RolloutCollector(env, PolicyFor(env), new Rng(6)).Collect(buffer, () => ++calls < 3);
        Assert.False(complete);
        Assert.Equal(3, buffer.StepsCollected);
        Assert.False(buffer.IsComplete);
    }

    [Fact]
    public void Collecting_AllocatesNothing_AfterTheFirstSegment()
    {
        using var env = Envs.MakeVector("CartPole-v1", 8);
        var buffer = new RolloutBuffer(32, 8, 4, 1);
        var collector = new RolloutCollector(env, PolicyFor(env), new Rng(7));
        collector.Reset(0);
        for (int i = 0; i < 3; i++) collector.Collect(buffer);           // warm-up (lets episodes end and truncation paths run)
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 20; i++) { collector.Collect(buffer); buffer.ComputeAdvantages(0.99f, 0.95f); } }));
        Assert.True(collector.Episodes.TotalEpisodes > 0);
    }

    /// <summary>(first observation's step count, env id, length) of every episode of <paramref name="batch"/>, in order.</summary>
    private static (float Start, float Id, int Length)[] EpisodesOf(Ascent.Estimators.EpisodeBatch batch) =>
        [.. Enumerable.Range(0, batch.EpisodeCount).Select(i => (batch.Observation(batch[i].Start)[0], batch.Observation(batch[i].Start)[1], batch[i].Length))];

    [Fact]
    public void CompleteEpisodes_WithOneEnv_AreCS285sBatch_WholeEpisodesUntilTheBatchIsFull()
    {
        using var env = new SyncVectorEnv([new CountingEnv(0, terminateAfter: 3)]);
        var policy = PolicyFor(env);
        var collector = new RolloutCollector(env, policy, new Rng(3));
        var batch = new Ascent.Estimators.EpisodeBatch(2, 1);
        Assert.True(collector.CollectEpisodes(batch, episodes: 1, minSteps: 7));
        Assert.Equal([(0f, 0f, 3), (0f, 0f, 3), (0f, 0f, 3)], EpisodesOf(batch));      // 3 + 3 < 7, so a third episode starts
        Assert.Equal([1.0, 2, 3, 1, 2, 3, 1, 2, 3], batch.Rewards.ToArray());
        Assert.All(Enumerable.Range(0, 3), i => Assert.False(batch[i].Truncated));
        Assert.Equal([3f, 0f], batch.FinalObservation(0).ToArray());
        for (int t = 0; t < batch.StepCount; t++)                                        // log π(a_t|s_t) of the sampled action
        {
            var tape = new Tape();
            double logProb = policy.Forward(tape, tape.Input(new Tensor(batch.Observation(t).ToArray(), 1, 2))).LogProb(new Tensor(batch.Action(t).ToArray(), 1)).Value[0];
            Assert.Equal(logProb, batch.LogProbs[t], 5);
        }
        Assert.True(collector.CollectEpisodes(batch, episodes: 2, minSteps: 0));           // N episodes; the next batch starts where the last ended
        Assert.Equal([(0f, 0f, 3), (0f, 0f, 3)], EpisodesOf(batch));
        Assert.Equal(15, collector.TotalSteps);
        Assert.Equal(5, collector.Episodes.TotalEpisodes);
    }

    [Fact]
    public void CompleteEpisodes_WithSeveralEnvs_KeepEpisodesStartedWhileNeeded_IdleTheOthers_AndRestartThemNextTime()
    {
        // env 0 ends every 2 steps, env 1 every 5. With minSteps = 4: env 0's first two episodes start while the batch holds
        // fewer than 4 steps, its third starts at 7 steps (idle); env 1's first episode ends the batch after 5 vector steps.
        using var env = new SyncVectorEnv([new CountingEnv(0, terminateAfter: 2), new CountingEnv(1, terminateAfter: 5)]);
        var collector = new RolloutCollector(env, PolicyFor(env), new Rng(4));
        var batch = new Ascent.Estimators.EpisodeBatch(2, 1);
        Assert.True(collector.CollectEpisodes(batch, episodes: 1, minSteps: 4));
        Assert.Equal([(0f, 0f, 2), (0f, 0f, 2), (0f, 1f, 5)], EpisodesOf(batch));
        Assert.Equal(10, collector.TotalSteps);                                         // the idle step counts as an environment step
        Assert.Equal(3, collector.Episodes.TotalEpisodes);                              // only the batch's episodes are statistics
        Assert.Equal(1, env.EpisodeLengths[0]);                                          // env 0 is one step into an unused episode ...

        Assert.True(collector.CollectEpisodes(batch, episodes: 1, minSteps: 4));
        Assert.Equal([(0f, 0f, 2), (0f, 0f, 2), (0f, 1f, 5)], EpisodesOf(batch));      // ... so both restart on fresh episodes

        Assert.True(collector.CollectEpisodes(batch, episodes: 1, minSteps: 0));        // one episode: env 1 only idles
        Assert.Equal([(0f, 0f, 2)], EpisodesOf(batch));
    }

    [Fact]
    public void CompleteEpisodes_EndAtTimeLimits_AsTruncated()
    {
        using var env = new SyncVectorEnv([new TimeLimit(new CountingEnv(7), 4)]);
        var collector = new RolloutCollector(env, PolicyFor(env), new Rng(5));
        var batch = new Ascent.Estimators.EpisodeBatch(2, 1);
        collector.CollectEpisodes(batch, episodes: 2, minSteps: 0);
        Assert.Equal([(0f, 7f, 4), (0f, 7f, 4)], EpisodesOf(batch));
        Assert.True(batch[0].Truncated);
        Assert.Equal([4f, 7f], batch.FinalObservation(1).ToArray());
    }

    [Fact]
    public void CompleteEpisodes_StopWhenTheCallbackSaysSo_AndANonFiniteRewardNamesTheEnv()
    {
        using var env = new SyncVectorEnv([new CountingEnv(0, terminateAfter: 3)]);
        var collector = new RolloutCollector(env, PolicyFor(env), new Rng(6));
        var batch = new Ascent.Estimators.EpisodeBatch(2, 1);
        int calls = 0;
        Assert.False(collector.CollectEpisodes(batch, episodes: 3, minSteps: 0, () => ++calls < 4));
        Assert.Equal(1, batch.EpisodeCount);
        Assert.True(collector.CollectEpisodes(batch, episodes: 1, minSteps: 0));         // the interrupted episode is dropped
        Assert.Equal([(0f, 0f, 3)], EpisodesOf(batch));

        using var nan = new SyncVectorEnv([new Algorithms.NanRewardEnv(100), new Algorithms.NanRewardEnv(2)]);
        var e = Assert.Throws<NonFiniteException>(() => new RolloutCollector(nan, PolicyFor(nan), new Rng(6)).CollectEpisodes(batch, 2, 0));
        Assert.Contains("reward of env 1 (of 2)", e.Message);
        Assert.Contains("NaN", e.Message);
        var wrong = new Ascent.Estimators.EpisodeBatch(3, 1);
        Assert.Throws<ArgumentException>(() => collector.CollectEpisodes(wrong, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => collector.CollectEpisodes(batch, 0, 0));
    }

    [Fact]
    public void CollectingEpisodes_AllocatesNothing_AfterTheFirstBatches()
    {
        using var env = Envs.MakeVector("CartPole-v1", 4);
        var collector = new RolloutCollector(env, PolicyFor(env), new Rng(8));
        var batch = new Ascent.Estimators.EpisodeBatch(4, 1);
        collector.Reset(0);
        for (int i = 0; i < 5; i++) collector.CollectEpisodes(batch, 1, 600);         // warm-up: storage grows to its size
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 20; i++) collector.CollectEpisodes(batch, 1, 400); }));
    }

    [Fact]
    public void Minibatches_GatherTheRowsOfTheSegment()
    {
        using var env = Envs.MakeVector("Pendulum-v1", 2);
        var buffer = new RolloutBuffer(5, 2, 3, 1);
        new RolloutCollector(env, PolicyFor(env), new Rng(8)).Collect(buffer);
        buffer.ComputeAdvantages(0.9f, 0.95f);
        var minibatch = new Minibatch(3, 3, 1);
        buffer.GatherMinibatch([7, 0, 4], minibatch);
        int[] rows = [7, 0, 4];
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(buffer.Observations.Row(rows[r]).ToArray(), minibatch.Observations.Row(r).ToArray());
            Assert.Equal(buffer.Actions[rows[r], 0], minibatch.Actions[r, 0]);
            Assert.Equal(buffer.Advantages[rows[r]], minibatch.Advantages[r]);
            Assert.Equal(buffer.Returns[rows[r]], minibatch.Returns[r]);
            Assert.Equal(buffer.LogProbs[rows[r]], minibatch.LogProbs[r]);
            Assert.Equal(buffer.Values[rows[r]], minibatch.Values[r]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.GatherMinibatch([0, 1, 10], minibatch));
    }

    [Fact]
    public void CriticTargets_FollowTheChosenValueTarget_WhileAdvantagesStayGae()
    {
        using var env = Envs.MakeVector("CartPole-v1", 3, maxEpisodeSteps: 7);
        var buffer = new RolloutBuffer(12, 3, 4, 1);
        new RolloutCollector(env, PolicyFor(env), new Rng(9)).Collect(buffer);
        int n = buffer.Size;
        var gae = new float[n]; var tdLambda = new float[n]; var mc = new float[n]; var td0 = new float[n];
        Ascent.Estimators.Gae.Compute(buffer.Rewards, buffer.Values.Span, buffer.NextValues, buffer.EpisodeEnds, 3, 0.9f, 0.8f, gae, tdLambda);
        Ascent.Estimators.MonteCarloReturns.Compute(buffer.Rewards, buffer.NextValues, buffer.EpisodeEnds, 3, 0.9f, mc);
        Ascent.Estimators.NStepReturns.Compute(buffer.Rewards, buffer.NextValues, buffer.EpisodeEnds, 3, 0.9f, 1, td0);
        foreach (var (target, expected) in new[] { (ValueTarget.TdLambda, tdLambda), (ValueTarget.MonteCarlo, mc), (ValueTarget.TdZero, td0) })
        {
            buffer.ComputeAdvantages(0.9f, 0.8f, target);
            Assert.Equal(gae, buffer.Advantages.Data);
            Assert.Equal(expected, buffer.Returns.Data);
        }
        Assert.Contains(buffer.Truncated, t => t);
    }
}
