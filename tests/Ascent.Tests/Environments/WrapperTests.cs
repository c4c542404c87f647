using Ascent.Environments;
using Ascent.Environments.ClassicControl;
using Ascent.Environments.Normalization;
using Ascent.Environments.Spaces;
using Ascent.Environments.Wrappers;
using Ascent.Numerics;

namespace Ascent.Tests.Environments;

public class WrapperTests
{
    [Fact]
    public void TimeLimit_TruncatesOnTheNthStep_AndReportsTerminationOnTheSameStep()
    {
        using var env = new TimeLimit(new CartPoleEnv(), 10);
        env.Reset(0);
        for (int t = 1; t < 10; t++) Assert.False(env.Step(t % 2).Truncated);
        Assert.True(env.Step(0).Truncated);
        Assert.Equal(10, ((TimeLimit)env).ElapsedSteps);

        // A cart pushed right always falls within 10 steps of a start leaning right; with limit = that step both flags are set.
        using var probe = new CartPoleEnv();
        probe.Reset(0, new Dictionary<string, double> { ["low"] = 0.19, ["high"] = 0.2 });
        int fall = 1;
        while (!probe.Step(0).Terminated) fall++;
        using var both = new TimeLimit(new CartPoleEnv(), fall);
        both.Reset(0, new Dictionary<string, double> { ["low"] = 0.19, ["high"] = 0.2 });
        StepResult r = default;
        for (int t = 0; t < fall; t++) r = both.Step(0);
        Assert.True(r.Terminated);
        Assert.True(r.Truncated);
    }

    [Fact]
    public void RecordEpisodeStatistics_ReportsReturnAndLengthOnTheLastStep()
    {
        using var env = new RecordEpisodeStatistics(Envs.Make("Pendulum-v1", maxEpisodeSteps: 25), bufferLength: 2);
        var stats = (RecordEpisodeStatistics)env;
        var rng = new Rng(5);
        var expected = new List<(double, int)>();
        for (int episode = 0; episode < 3; episode++)
        {
            env.Reset(episode);
            double sum = 0;
            int length = 0;
            while (true)
            {
                var r = env.Step([(float)rng.Uniform(-2, 2)]);
                sum += r.Reward;
                length++;
                if (r.Terminated || r.Truncated)
                {
                    Assert.NotNull(r.Info.Episode);
                    Assert.Equal(sum, r.Info.Episode!.Value.Return);
                    Assert.Equal(length, r.Info.Episode!.Value.Length);
                    break;
                }
                Assert.Null(r.Info.Episode);
            }
            expected.Add((sum, length));
        }
        Assert.Equal(3, stats.EpisodeCount);
        Assert.Equal(expected.Skip(1).Select(e => e.Item1), stats.RecentEpisodes.Select(e => e.Return));
    }

    [Fact]
    public void ClipAction_ActsLikeTheClippedAction()
    {
        using var clipped = new ClipAction(Envs.Make("MountainCarContinuous-v0"));
        using var plain = Envs.Make("MountainCarContinuous-v0");
        Assert.Equal("Box(-Infinity, Infinity, (1,), float32)", clipped.ActionSpace.ToString());
        clipped.Reset(1); plain.Reset(1);
        foreach (var a in new[] { 3f, -7f, 0.25f, float.PositiveInfinity })
        {
            var rc = clipped.Step([a]);
            var rp = plain.Step([Math.Clamp(a, -1f, 1f)]);
            Assert.Equal(rp.Observation, rc.Observation);
            Assert.Equal(rp.Reward, rc.Reward); // the penalty is charged on the clipped action
        }
        Assert.Throws<ArgumentException>(() => clipped.Step([float.NaN]));
        Assert.Throws<ArgumentException>(() => new ClipAction(Envs.Make("CartPole-v1")));
    }

    [Fact]
    public void RescaleAction_MapsTheUnitBoxOntoTheTorqueRange()
    {
        using var rescaled = new RescaleAction(Envs.Make("Pendulum-v1"), -1f, 1f);
        using var plain = Envs.Make("Pendulum-v1");
        Assert.Equal("Box(-1, 1, (1,), float32)", rescaled.ActionSpace.ToString());
        rescaled.Reset(2); plain.Reset(2);
        foreach (var (a, torque) in new[] { (0.5f, 1f), (-1f, -2f), (1f, 2f), (0f, 0f), (3f, 2f) })
        {
            var rr = rescaled.Step([a]);
            var rp = plain.Step([torque]);
            Assert.Equal(rp.Observation, rr.Observation);
            Assert.Equal(rp.Reward, rr.Reward);
        }
    }

    [Fact]
    public void NormalizeObservation_MatchesRunningStatisticsOfTheRawObservations()
    {
        using var normalized = new NormalizeObservation(Envs.Make("CartPole-v1"), clip: 5.0);
        using var raw = Envs.Make("CartPole-v1");
        var reference = new RunningMeanStd(4);
        var rng = new Rng(9);
        Check(normalized.Reset(4).Observation, raw.Reset(4).Observation);
        for (int t = 0; t < 300; t++)
        {
            int a = rng.Integer(2);
            var rn = normalized.Step(a);
            var rr = raw.Step(a);
            Check(rn.Observation, rr.Observation);
            if (rr.Terminated || rr.Truncated) Check(normalized.Reset().Observation, raw.Reset().Observation);
        }

        void Check(float[] got, float[] rawObs)
        {
            reference.Update(rawObs);
            for (int j = 0; j < 4; j++)
            {
                double expected = Math.Clamp((rawObs[j] - reference.Mean[j]) / Math.Sqrt(reference.Variance[j] + 1e-8), -5, 5);
                Assert.Equal((float)expected, got[j]);
            }
        }
    }

    [Fact]
    public void NormalizeObservation_FrozenAndRestoredStatistics_GiveTheSameObservations()
    {
        using var train = new NormalizeObservation(Envs.Make("Acrobot-v1"));
        var norm = ((NormalizeObservation)train).Normalizer;
        train.Reset(0);
        for (int t = 0; t < 200; t++) train.Step(t % 3);
        var saved = norm.GetState();
        norm.Frozen = true;
        for (int t = 0; t < 50; t++) train.Step(t % 3);
        Assert.Equal(saved.Statistics.Mean, norm.Statistics.Mean.ToArray());
        Assert.Equal(saved.Statistics.Count, norm.Statistics.Count);

        var restored = new ObservationNormalizer(6);
        restored.SetState(saved);
        restored.Frozen = true;
        using var eval = new NormalizeObservation(Envs.Make("Acrobot-v1"), normalizer: restored);
        train.Reset(11);
        Assert.Equal(train.Reset(11).Observation, eval.Reset(11).Observation);
        for (int t = 0; t < 30; t++) Assert.Equal(train.Step(t % 3).Observation, eval.Step(t % 3).Observation);
        Assert.Throws<ArgumentException>(() => new ObservationNormalizer(6, clip: 5).SetState(saved));
    }

    [Fact]
    public void NormalizeReward_DividesByTheStdOfTheDiscountedReturn()
    {
        using var normalized = new NormalizeReward(Envs.Make("Pendulum-v1", maxEpisodeSteps: 40), gamma: 0.9, clip: 3.0);
        using var raw = Envs.Make("Pendulum-v1", maxEpisodeSteps: 40);
        var stats = new RunningMeanStd(1);
        double g = 0;
        normalized.Reset(1); raw.Reset(1);
        var rng = new Rng(2);
        for (int t = 0; t < 200; t++)
        {
            float a = (float)rng.Uniform(-2, 2);
            var rn = normalized.Step([a]);
            var rr = raw.Step([a]);
            g = g * 0.9 + rr.Reward;
            stats.Update([g]);
            Assert.Equal(Math.Clamp(rr.Reward / Math.Sqrt(stats.Variance[0] + 1e-8), -3, 3), rn.Reward);
            if (rr.Truncated)
            {
                g = 0;
                normalized.Reset(); raw.Reset();
            }
        }
    }

    [Fact]
    public void FrameStack_ObservesTheLastKObservationsOldestFirst()
    {
        using var stacked = new FrameStack(Envs.Make("MountainCar-v0"), 3);
        using var raw = Envs.Make("MountainCar-v0");
        Assert.Equal("Box([-1.2, -0.07, -1.2, -0.07, -1.2, -0.07], [0.6, 0.07, 0.6, 0.07, 0.6, 0.07], (3, 2), float32)", stacked.ObservationSpace.ToString());
        var history = new List<float[]>();
        var first = raw.Reset(5).Observation.ToArray();
        history.AddRange([first, first, first]);
        Assert.Equal(history.SelectMany(x => x), stacked.Reset(5).Observation);
        for (int t = 0; t < 6; t++)
        {
            history.Add(raw.Step(2).Observation.ToArray());
            Assert.Equal(history.Skip(history.Count - 3).SelectMany(x => x), stacked.Step(2).Observation);
        }
        using var zeros = new FrameStack(Envs.Make("MountainCar-v0"), 2, FramePadding.Zero);
        Assert.Equal(new float[] { 0, 0 }.Concat(first), zeros.Reset(5).Observation);
    }

    [Fact]
    public void FrameStack_StacksDiscreteObservationsAsMultiDiscrete()
    {
        var space = new FrameStack(new TransformObservation(Envs.Make("CartPole-v1"), (o, r) => r[0] = o[0] > 0 ? 1 : 0, new Discrete(2)), 4).ObservationSpace;
        Assert.Equal("MultiDiscrete([2, 2, 2, 2])", space.ToString());
    }

    [Fact]
    public void TransformObservationAndReward_ApplyTheirFunctions()
    {
        using var env = new TransformReward(new TransformObservation(Envs.Make("CartPole-v1"), (o, r) => { r[0] = o[0] + o[2]; }, new Box(float.NegativeInfinity, float.PositiveInfinity, 1)), r => 2 * r + 1);
        using var raw = Envs.Make("CartPole-v1");
        var o0 = raw.Reset(3).Observation;
        Assert.Equal(new[] { o0[0] + o0[2] }, env.Reset(3).Observation);
        var rr = raw.Step(1);
        var rt = env.Step(1);
        Assert.Equal(new[] { rr.Observation[0] + rr.Observation[2] }, rt.Observation);
        Assert.Equal(3.0, rt.Reward);
    }

    [Fact]
    public void Wrappers_ForwardSeedInfoAndUnwrapped()
    {
        using var env = new RecordEpisodeStatistics(new NormalizeReward(Envs.Make("CartPole-v1")));
        Assert.IsType<CartPoleEnv>(env.Unwrapped);
        Assert.Equal("CartPole-v1", env.Name);
        Assert.Same(env.Unwrapped.NpRandom, env.NpRandom);
        using var plain = Envs.Make("CartPole-v1");
        Assert.Equal(plain.Reset(8).Observation, env.Reset(8).Observation);
        Assert.Same(env.Unwrapped.Info, env.Info);
    }
}
