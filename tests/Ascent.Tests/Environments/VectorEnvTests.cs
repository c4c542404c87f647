using Ascent.Environments;
using Ascent.Environments.ClassicControl;
using Ascent.Environments.Normalization;
using Ascent.Environments.Vector;
using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Tests.Environments;

public class VectorEnvTests
{
    private static void RandomActions(VectorEnv vec, Rng rng, float[] actions, bool outOfBounds)
    {
        vec.SampleActions(rng, actions);
        if (outOfBounds && vec.SingleActionSpace is Ascent.Environments.Spaces.Box && rng.NextDouble() < 0.3)
            actions[rng.Integer(vec.NumEnvs)] *= 3; // exercise the env's own clipping
    }

    private static void AssertSameStep(VectorEnv expected, VectorEnv actual, string at)
    {
        Assert.True(expected.Observations.AsSpan().SequenceEqual(actual.Observations), $"{at}: observations");
        Assert.True(expected.Rewards.AsSpan().SequenceEqual(actual.Rewards), $"{at}: rewards");
        Assert.True(expected.Terminated.AsSpan().SequenceEqual(actual.Terminated), $"{at}: terminated");
        Assert.True(expected.Truncated.AsSpan().SequenceEqual(actual.Truncated), $"{at}: truncated");
        Assert.Equal(expected.EpisodeLengths, actual.EpisodeLengths);
        for (int i = 0; i < expected.NumEnvs; i++)
        {
            if (!expected.IsDone(i)) continue;
            Assert.True(expected.FinalObservation(i).SequenceEqual(actual.FinalObservation(i)), $"{at}: final observation of env {i}");
            Assert.Equal(expected.FinalEpisodes[i].Return, actual.FinalEpisodes[i].Return);
            Assert.Equal(expected.FinalEpisodes[i].Length, actual.FinalEpisodes[i].Length);
        }
    }

    /// <summary>The batched environments' instruction sets this CPU runs (each is forced in turn).</summary>
    public static TheoryData<string, int, string> BatchedCases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var path in new[] { SimdPath.Scalar, SimdPath.Vector256, SimdPath.Vector512 })
        {
            if (!LibmSinCos.IsSupported(path)) continue;
            data.Add("CartPole-v1", 3000, path.ToString());
            data.Add("Pendulum-v1", 900, path.ToString());
        }
        return data;
    }

    /// <summary>Forces a batched environment onto an instruction set.</summary>
    internal static void UsePath(VectorEnv vec, SimdPath path)
    {
        switch (vec)
        {
            case CartPoleVectorEnv cartPole: cartPole.Path = path; break;
            case PendulumVectorEnv pendulum: pendulum.Path = path; break;
            default: throw new ArgumentException($"{vec.Name} has no batched implementation.");
        }
    }

    [Theory]
    [InlineData("CartPole-v1", 600)]   // Discrete(2), more envs than one block of raw draws
    [InlineData("Acrobot-v1", 37)]     // Discrete(3)
    [InlineData("Pendulum-v1", 300)]   // Box [-2, 2]
    [InlineData("MountainCarContinuous-v0", 5)]
    public void SampleActions_DrawsWhatEachSpaceSampleWouldDraw_AndLeavesTheGeneratorInStep(string id, int n)
    {
        using var vec = Envs.MakeVector(id, n);
        var batch = new Rng(5);
        var perEnv = new Rng(5);
        var actions = new float[n * vec.ActionSize];
        var expected = new float[n * vec.ActionSize];
        for (int round = 0; round < 3; round++)
        {
            vec.SampleActions(batch, actions);
            for (int i = 0; i < n; i++) vec.SingleActionSpace.Sample(perEnv, expected.AsSpan(i * vec.ActionSize, vec.ActionSize));
            Assert.Equal(expected, actions);
            Assert.Equal(perEnv.GetState(), batch.GetState());
        }
    }

    [Theory]
    [MemberData(nameof(BatchedCases))]
    public void BatchedImplementation_IsBitIdenticalToSeparateEnvs(string id, int steps, string pathName)
    {
        const int n = 13; // one or more whole vectors and a scalar remainder
        using var batched = Envs.MakeVector(id, n);
        UsePath(batched, Enum.Parse<SimdPath>(pathName));
        using var separate = Envs.MakeVector(id, n, batched: false);
        Assert.IsNotType<SyncVectorEnv>(batched);
        Assert.IsType<SyncVectorEnv>(separate);
        batched.Reset(100); separate.Reset(100);
        AssertSameStep(separate, batched, "reset");
        var rng = new Rng(1);
        var actions = new float[n * batched.ActionSize];
        int episodes = 0;
        for (int t = 0; t < steps; t++)
        {
            RandomActions(batched, rng, actions, outOfBounds: true);
            batched.Step(actions); separate.Step(actions);
            AssertSameStep(separate, batched, $"step {t}");
            for (int i = 0; i < n; i++) if (batched.IsDone(i)) episodes++;
        }
        Assert.True(episodes > 2 * n, $"only {episodes} episodes ended: autoreset not exercised");
    }

    /// <summary>The batched environments' vector instruction sets this CPU runs.</summary>
    public static TheoryData<string> VectorPaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in new[] { SimdPath.Vector256, SimdPath.Vector512 })
            if (LibmSinCos.IsSupported(path)) data.Add(path.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorPaths))]
    public void BatchedPendulum_LanesLeftToLibm_MatchTheScalarEnvironment(string pathName)
    {
        // States that make the vector loop leave lanes to libm: angles where the fused fmod shortcut cannot prove its
        // quotient (θ + π just below or above a multiple of 2π), speeds and torques whose squares need pow, and angles
        // beyond the sin/cos kernels' range. The batched env recomputes them afterwards; every bit must still match.
        var angles = new List<double> { 2e8, -3e8, 1.5e9, 105414350.5, 1e18, -7e250 }; // sin/cos beyond the kernels' range
        for (int k = -40; k <= 40 && angles.Count < 18; k++)
        {
            double t = k * (2 * Math.PI);
            for (int d = -3; d <= 3; d++)
            {
                double theta = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(t) + d) - Math.PI;
                LibmExact.RemainderFast<SimdDouble256, System.Runtime.Intrinsics.Vector256<double>>(
                    System.Runtime.Intrinsics.Vector256.Create(theta + Math.PI), 2 * Math.PI, out uint libmLanes);
                if (libmLanes != 0) angles.Add(theta);
            }
        }
        Assert.True(angles.Count >= 10, $"only {angles.Count - 6} angles need libm's fmod");
        int n = angles.Count + 3;
        using var batched = (PendulumVectorEnv)Envs.MakeVector("Pendulum-v1", n);
        UsePath(batched, Enum.Parse<SimdPath>(pathName));
        using var separate = (SyncVectorEnv)Envs.MakeVector("Pendulum-v1", n, batched: false);
        batched.Reset(7); separate.Reset(7);
        var rng = new Rng(11);
        for (int i = 0; i < n; i++)
        {
            double[] state = [i < angles.Count ? angles[i] : rng.Uniform(-3, 3), rng.Uniform(-8, 8)];
            batched.SetState(i, state);
            ((IStatefulEnv)separate.Envs[i].Unwrapped).SetState(state);
        }
        var actions = new float[n];
        int powLanes = 0;
        for (int t = 0; t < 40; t++)
        {
            RandomActions(batched, rng, actions, outOfBounds: true);
            for (int i = 0; i < n; i++)
            {
                double speed = batched.GetState(i)[1];
                if (Math.Pow(speed, 2) != speed * speed) powLanes++; // a lane the shortcut must leave to pow
            }
            batched.Step(actions); separate.Step(actions);
            for (int i = 0; i < n; i++)
                Assert.Equal(((IStatefulEnv)separate.Envs[i].Unwrapped).GetState(), batched.GetState(i));
            AssertSameStep(separate, batched, $"step {t}");
        }
        Assert.True(powLanes > 0, "no speed needed pow");
    }

    [Theory]
    [InlineData("CartPole-v1", true)]
    [InlineData("Acrobot-v1", false)]
    [InlineData("Pendulum-v1", true)]
    public void AutoReset_SameStep_MatchesASingleEnvResetByHand(string id, bool batched)
    {
        const int n = 3, seed = 20;
        using var vec = Envs.MakeVector(id, n, maxEpisodeSteps: 60, batched: batched);
        var singles = Enumerable.Range(0, n).Select(_ => Envs.Make(id, maxEpisodeSteps: 60)).ToArray();
        vec.Reset(seed);
        for (int i = 0; i < n; i++) Assert.Equal(singles[i].Reset(seed + i).Observation, vec.Observation(i).ToArray());
        var rng = new Rng(3);
        var actions = new float[n * vec.ActionSize];
        var returns = new double[n];
        var lengths = new int[n];
        int finished = 0;
        for (int t = 0; t < 400; t++)
        {
            vec.SampleActions(rng, actions);
            vec.Step(actions);
            for (int i = 0; i < n; i++)
            {
                var r = singles[i].Step(actions.AsSpan(i * vec.ActionSize, vec.ActionSize));
                returns[i] += r.Reward; lengths[i]++;
                Assert.Equal(r.Reward, vec.Rewards[i]);
                Assert.Equal(r.Terminated, vec.Terminated[i]);
                Assert.Equal(r.Truncated, vec.Truncated[i]);
                if (r.Terminated || r.Truncated)
                {
                    // The finished episode's last observation is kept; the row already holds the next episode's first.
                    Assert.Equal(r.Observation, vec.FinalObservation(i).ToArray());
                    Assert.Equal(returns[i], vec.FinalEpisodes[i].Return);
                    Assert.Equal(lengths[i], vec.FinalEpisodes[i].Length);
                    Assert.Equal(singles[i].Reset().Observation, vec.Observation(i).ToArray());
                    returns[i] = 0; lengths[i] = 0;
                    finished++;
                }
                else Assert.Equal(r.Observation, vec.Observation(i).ToArray());
            }
        }
        Assert.True(finished >= n, $"only {finished} episodes finished");
        foreach (var s in singles) s.Dispose();
    }

    [Theory]
    [InlineData("CartPole-v1", true)]
    [InlineData("Pendulum-v1", true)]
    [InlineData("MountainCarContinuous-v0", false)]
    public void Threaded_GivesIdenticalResultsToSerial(string id, bool batched)
    {
        const int n = 37;
        using var serial = Envs.MakeVector(id, n, batched: batched, maxEpisodeSteps: 50);
        using var threaded = Envs.MakeVector(id, n, threads: 3, batched: batched, maxEpisodeSteps: 50);
        Assert.Equal(3, threaded.Threads);
        serial.Reset(7); threaded.Reset(7);
        var rng = new Rng(2);
        var actions = new float[n * serial.ActionSize];
        for (int t = 0; t < 300; t++)
        {
            RandomActions(serial, rng, actions, outOfBounds: true);
            serial.Step(actions); threaded.Step(actions);
            AssertSameStep(serial, threaded, $"step {t}");
            if (t == 150) threaded.Threads = 2; // can change between steps
        }
    }

    [Fact]
    public void Threaded_RethrowsAWorkersException()
    {
        using var vec = new SyncVectorEnv(8, () => new FailingEnv()) { Threads = 2 };
        vec.Reset(0);
        var actions = new float[8];
        actions[7] = 1; // env 7 lives in the worker's half and throws
        var e = Assert.Throws<InvalidOperationException>(() => vec.Step(actions));
        Assert.Equal("failure requested", e.Message);
        actions[7] = 0;
        vec.Step(actions); // the workers survive
    }

    [Fact]
    public void BadAction_LeavesEveryEnvUnchanged()
    {
        using var vec = Envs.MakeVector("CartPole-v1", 8, threads: 2);
        vec.Reset(0);
        var before = vec.Observations.ToArray();
        var actions = new float[8];
        actions[6] = 2;
        var e = Assert.Throws<ArgumentException>(() => vec.Step(actions));
        Assert.Contains("CartPole-v1 env 6 of 8", e.Message);
        Assert.Contains("Discrete(2)", e.Message);
        Assert.Equal(before, vec.Observations);
        Assert.All(vec.EpisodeLengths, l => Assert.Equal(0, l));
    }

    /// <summary>A one-state environment whose step throws when the action is 1.</summary>
    private sealed class FailingEnv : Env
    {
        public override Ascent.Environments.Spaces.Space ObservationSpace { get; } = new Ascent.Environments.Spaces.Discrete(1);
        public override Ascent.Environments.Spaces.Space ActionSpace { get; } = new Ascent.Environments.Spaces.Discrete(2);
        protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation) => observation[0] = 0;
        protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation) =>
            action[0] == 1 ? throw new InvalidOperationException("failure requested") : (0.0, false, false);
    }

    [Theory]
    [InlineData("CartPole-v1", true)]
    [InlineData("Pendulum-v1", true)]
    [InlineData("CartPole-v1", false)]
    [InlineData("Acrobot-v1", false)]
    public void Step_AllocatesNothing(string id, bool batched)
    {
        using var vec = Envs.MakeVector(id, 16, batched: batched, maxEpisodeSteps: 20);
        using var normalized = new VectorNormalizeReward(new VectorNormalizeObservation(Envs.MakeVector(id, 16, batched: batched, maxEpisodeSteps: 20)));
        var rng = new Rng(1);
        var actions = new float[16 * vec.ActionSize];
        foreach (VectorEnv v in new VectorEnv[] { vec, normalized })
        {
            v.Reset(0);
            for (int t = 0; t < 50; t++) { v.SampleActions(rng, actions); v.Step(actions); } // warm up (JIT, lazily created generators)
            Assert.Equal(0, AllocationProbe.Steady(() => { for (int t = 0; t < 200; t++) { v.SampleActions(rng, actions); v.Step(actions); } }));
        }
    }

    [Fact]
    public void SingleEnvStep_AllocatesNothing()
    {
        using var env = new Ascent.Environments.Wrappers.RecordEpisodeStatistics(Envs.Make("Pendulum-v1"));
        var action = new float[1];
        env.Reset(0);
        for (int t = 0; t < 300; t++) { if (env.Step(action).Truncated) env.Reset(); }
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int t = 0; t < 1000; t++) { if (env.Step(action).Truncated) env.Reset(); } }));
    }

    [Fact]
    public void BadInput_IsRejectedWithClearMessages()
    {
        using var vec = Envs.MakeVector("Pendulum-v1", 4);
        Assert.Contains("before Reset", Assert.Throws<InvalidOperationException>(() => vec.Step(new float[4])).Message);
        vec.Reset(0);
        Assert.Contains("4×1 = 4", Assert.Throws<ArgumentException>(() => vec.Step(new float[3])).Message);
        var e = Assert.Throws<ArgumentException>(() => vec.Step([0, 0, float.NaN, 0]));
        Assert.Contains("env 2 of 4", e.Message);
        using var sync = Envs.MakeVector("MountainCar-v0", 2);
        sync.Reset(0);
        var e2 = Assert.Throws<ArgumentException>(() => sync.Step([1, 3]));
        Assert.Contains("env 1 of 2", e2.Message);
        Assert.Contains("Discrete(3)", e2.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Envs.MakeVector("CartPole-v1", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Envs.MakeVector("CartPole-v1", 2, threads: 3));
    }

    [Fact]
    public void VectorNormalizeObservation_SharesOneStatisticAcrossEnvs()
    {
        const int n = 5;
        using var raw = Envs.MakeVector("Acrobot-v1", n, maxEpisodeSteps: 30);
        using var norm = new VectorNormalizeObservation(Envs.MakeVector("Acrobot-v1", n, maxEpisodeSteps: 30));
        var reference = new ObservationNormalizer(6);
        var expected = new float[raw.Observations.Length];
        var expectedFinal = new float[6];
        raw.Reset(1); norm.Reset(1);
        reference.Update(raw.Observations);
        reference.Normalize(raw.Observations, expected);
        Assert.Equal(expected, norm.Observations);
        var rng = new Rng(4);
        var actions = new float[n];
        for (int t = 0; t < 100; t++)
        {
            raw.SampleActions(rng, actions);
            raw.Step(actions); norm.Step(actions);
            reference.Update(raw.Observations);
            reference.Normalize(raw.Observations, expected);
            Assert.Equal(expected, norm.Observations);
            Assert.Equal(raw.Rewards, norm.Rewards);
            for (int i = 0; i < n; i++)
            {
                if (!raw.IsDone(i)) continue;
                reference.Normalize(raw.FinalObservation(i), expectedFinal);
                Assert.Equal(expectedFinal, norm.FinalObservation(i).ToArray());
                Assert.Equal(raw.FinalEpisodes[i].Return, norm.FinalEpisodes[i].Return);
            }
        }
        Assert.Equal(101 * n + 1e-4, norm.Normalizer.Statistics.Count, 1e-6);
    }

    [Fact]
    public void VectorNormalizeReward_ResetsEachReturnWhenItsEpisodeEnds()
    {
        const int n = 4;
        using var raw = Envs.MakeVector("CartPole-v1", n);
        using var norm = new VectorNormalizeReward(Envs.MakeVector("CartPole-v1", n), gamma: 0.5);
        var stats = new RunningMeanStd(1);
        var g = new double[n];
        raw.Reset(3); norm.Reset(3);
        var rng = new Rng(5);
        var actions = new float[n];
        for (int t = 0; t < 200; t++)
        {
            raw.SampleActions(rng, actions);
            raw.Step(actions); norm.Step(actions);
            for (int i = 0; i < n; i++) g[i] = g[i] * 0.5 + raw.Rewards[i];
            stats.Update(g);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(Math.Clamp(raw.Rewards[i] / Math.Sqrt(stats.Variance[0] + 1e-8), -10, 10), norm.Rewards[i]);
                if (raw.IsDone(i)) g[i] = 0;
            }
        }
    }
}
