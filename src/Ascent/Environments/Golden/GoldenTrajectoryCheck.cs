using System.Globalization;
using Ascent.Environments.Spaces;

namespace Ascent.Environments.Golden;

/// <summary>
/// Replays a <see cref="GoldenTrajectoryFile"/> against Ascent's environment of the same id and compares everything
/// Gymnasium recorded: the registration, <c>Reset(seed, options)</c>'s initial state, and for every step (including
/// CartPole's steps after termination) the observation, state, reward, terminated and truncated flags.
/// </summary>
/// <remarks>
/// <para>Each episode: make the env with <see cref="Envs.Make"/> (TimeLimit included), reset it with the recorded
/// seed and options (its state must equal <c>initial_state</c>), set the state to <c>initial_state</c>, compare the
/// observation with <c>initial_obs</c>, then step with the recorded actions. When a state deviates the replay
/// continues from the recorded state, so one deviation does not compound.</para>
/// <para>Tolerance: values must be equal (bit for bit up to the sign of zero), except the documented case of
/// Acrobot's reset observation, whose first four entries Gymnasium computes with NumPy's float32 cos/sin (1 float32
/// ulp allowed). A relative tolerance can be given for platforms whose libm differs from glibc's.</para>
/// </remarks>
public static class GoldenTrajectoryCheck
{
    /// <summary>Float32 ulps allowed in the reset observation, per env id and entry (the data's README, "Acrobot's reset obs").</summary>
    public static int AllowedResetObservationUlps(string envId, int index) => envId == "Acrobot-v1" && index < 4 ? 1 : 0;

    /// <summary>Replays every episode of <paramref name="file"/>.</summary>
    /// <param name="file">The recorded episodes.</param>
    /// <param name="relativeTolerance">0 for bit-exact comparison; e.g. 1e-12 on a libm other than glibc's.</param>
    /// <param name="maxMessages">How many mismatch descriptions to keep (all are counted).</param>
    public static GoldenCheckResult Run(GoldenTrajectoryFile file, double relativeTolerance = 0, int maxMessages = 20)
    {
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "GoldenTrajectoryCheck: relativeTolerance must be ≥ 0.");
        var cmp = new Comparison(relativeTolerance, maxMessages);
        if (!Envs.Contains(file.EnvId))
        {
            cmp.Fail($"no environment is registered as '{file.EnvId}'");
            return cmp.Result(file, 0, 0);
        }
        CheckSpec(file, cmp);

        int steps = 0, resets = 0;
        using var env = Envs.Make(file.EnvId);
        if (env.Unwrapped is not IStatefulEnv stateful)
        {
            cmp.Fail($"{file.EnvId} does not expose its state (IStatefulEnv)");
            return cmp.Result(file, 0, 0);
        }
        var state = new double[stateful.StateSize];
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace.FlatSize];
        foreach (var ep in file.Episodes)
        {
            string at = $"episode {ep.Index} (seed {ep.Seed})";
            if (!cmp.Length(at + " initial_state", ep.InitialState.Length, state.Length) || !cmp.Length(at + " initial_obs", ep.InitialObs.Length, obs.Length))
                continue;

            env.Reset(ep.Seed, ep.ResetOptions);
            stateful.GetState(state);
            int before = cmp.MismatchCount;
            for (int j = 0; j < state.Length; j++) cmp.Float64($"{at} Reset(seed) state[{j}]", state[j], ep.InitialState[j]);
            if (cmp.MismatchCount == before) resets++;

            stateful.SetState(ep.InitialState);
            stateful.Observe(obs);
            for (int j = 0; j < obs.Length; j++)
                cmp.Float32($"{at} initial_obs[{j}]", obs[j], ep.InitialObs[j], AllowedResetObservationUlps(file.EnvId, j));

            for (int t = 0; t < ep.Steps.Count; t++)
            {
                var g = ep.Steps[t];
                string st = $"{at} step {t}";
                if (!cmp.Length(st + " action", g.Action.Length, action.Length) || !cmp.Length(st + " obs", g.Obs.Length, obs.Length) || !cmp.Length(st + " state", g.State.Length, state.Length))
                    break;
                for (int j = 0; j < action.Length; j++) action[j] = (float)g.Action[j];
                StepResult r;
                try { r = env.Step(action); }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    cmp.Fail($"{st}: Step threw {e.GetType().Name}: {e.Message}");
                    break;
                }
                steps++;
                for (int j = 0; j < obs.Length; j++) cmp.Float32($"{st} obs[{j}]", r.Observation[j], g.Obs[j], 0);
                stateful.GetState(state);
                bool stateExact = true;
                for (int j = 0; j < state.Length; j++) stateExact &= cmp.Float64($"{st} state[{j}]", state[j], g.State[j]);
                cmp.Float64($"{st} reward", r.Reward, g.Reward);
                cmp.Flag($"{st} terminated", r.Terminated, g.Terminated);
                cmp.Flag($"{st} truncated", r.Truncated, g.Truncated);
                if (!stateExact) stateful.SetState(g.State); // continue from the recorded state
            }
        }
        return cmp.Result(file, steps, resets);
    }

    /// <summary>Loads <paramref name="path"/> and replays it.</summary>
    public static GoldenCheckResult Run(string path, double relativeTolerance = 0, int maxMessages = 20) =>
        Run(GoldenTrajectoryFile.Load(path), relativeTolerance, maxMessages);

    private static void CheckSpec(GoldenTrajectoryFile file, Comparison cmp)
    {
        var spec = Envs.Spec(file.EnvId);
        if (spec.MaxEpisodeSteps != file.Spec.MaxEpisodeSteps)
            cmp.Fail($"spec max_episode_steps: ours {Show(spec.MaxEpisodeSteps)}, Gymnasium {Show(file.Spec.MaxEpisodeSteps)}");
        if (spec.RewardThreshold != file.Spec.RewardThreshold)
            cmp.Fail($"spec reward_threshold: ours {Show(spec.RewardThreshold)}, Gymnasium {Show(file.Spec.RewardThreshold)}");
        using var env = spec.EntryPoint();
        CheckSpace("observation_space", env.ObservationSpace, file.Spec.ObservationSpace, cmp);
        CheckSpace("action_space", env.ActionSpace, file.Spec.ActionSpace, cmp);
    }

    private static void CheckSpace(string what, Space ours, GoldenSpace golden, Comparison cmp)
    {
        switch (ours)
        {
            case Discrete d when golden.Type == "Discrete":
                if (d.N != golden.N) cmp.Fail($"spec {what}: ours {d}, Gymnasium Discrete({golden.N})");
                break;
            case Box b when golden.Type == "Box":
                if (!b.Shape.SequenceEqual(golden.Shape) || golden.Low is null || golden.High is null
                    || golden.Low.Length != b.FlatSize || golden.High.Length != b.FlatSize
                    || !golden.Low.Select(v => (float)v).SequenceEqual(b.Low.ToArray())
                    || !golden.High.Select(v => (float)v).SequenceEqual(b.High.ToArray()))
                    cmp.Fail($"spec {what}: ours {b}, Gymnasium Box(low=[{Join(golden.Low)}], high=[{Join(golden.High)}], shape=({string.Join(", ", golden.Shape)}))");
                break;
            default:
                cmp.Fail($"spec {what}: ours {ours}, Gymnasium {golden.Type}");
                break;
        }
    }

    private static string Show<T>(T? v) where T : struct => v is { } x ? Convert.ToString(x, CultureInfo.InvariantCulture)! : "none";

    private static string Join(double[]? v) => v is null ? "" : string.Join(", ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>Accumulates comparisons: counts, largest deviation, mismatch messages.</summary>
    private sealed class Comparison(double relativeTolerance, int maxMessages)
    {
        private readonly List<string> _messages = [];
        private double _maxAbs;
        private long _maxUlps;
        private long _values;

        public int MismatchCount { get; private set; }

        public void Fail(string message)
        {
            MismatchCount++;
            if (_messages.Count < maxMessages) _messages.Add(message);
        }

        public bool Length(string what, int golden, int ours)
        {
            if (golden == ours) return true;
            Fail($"{what}: the file has {golden} values, the environment {ours}");
            return false;
        }

        public bool Float32(string what, float ours, double golden, int allowedUlps)
        {
            _values++;
            float g = (float)golden;
            if (ours == g) return true;
            long ulps = Math.Abs((long)Ordered(ours) - Ordered(g));
            return Deviation(what, ours, golden, ulps, ulps <= allowedUlps);
        }

        public bool Float64(string what, double ours, double golden)
        {
            _values++;
            if (ours == golden) return true;
            long ulps = (long)Math.Min((double)Int128.Abs((Int128)Ordered(ours) - Ordered(golden)), long.MaxValue);
            return Deviation(what, ours, golden, ulps, false);
        }

        public void Flag(string what, bool ours, bool golden)
        {
            _values++;
            if (ours != golden) Fail($"{what}: ours {ours}, Gymnasium {golden}");
        }

        private bool Deviation(string what, double ours, double golden, long ulps, bool allowed)
        {
            double abs = Math.Abs(ours - golden);
            if (!(abs <= _maxAbs)) _maxAbs = double.IsNaN(abs) ? double.PositiveInfinity : abs;
            _maxUlps = Math.Max(_maxUlps, ulps);
            bool within = allowed || abs <= relativeTolerance * Math.Max(Math.Abs(ours), Math.Abs(golden));
            if (!within)
                Fail($"{what}: ours {ours.ToString("R", CultureInfo.InvariantCulture)}, Gymnasium {golden.ToString("R", CultureInfo.InvariantCulture)} ({ulps} ulp)");
            return false;
        }

        public GoldenCheckResult Result(GoldenTrajectoryFile file, int steps, int resets) =>
            new(file.EnvId, file.Set, file.Episodes.Count, steps, resets, _values, _maxAbs, _maxUlps, MismatchCount, _messages);

        private static int Ordered(float f)
        {
            int b = BitConverter.SingleToInt32Bits(f);
            return b < 0 ? int.MinValue - b : b;
        }

        private static long Ordered(double d)
        {
            long b = BitConverter.DoubleToInt64Bits(d);
            return b < 0 ? long.MinValue - b : b;
        }
    }
}

/// <summary>The outcome of replaying a golden file.</summary>
/// <param name="EnvId">The environment id.</param>
/// <param name="Set">The file's set (<c>public</c>, <c>edge</c>, …).</param>
/// <param name="Episodes">Episodes in the file.</param>
/// <param name="StepsChecked">Steps replayed and compared.</param>
/// <param name="ResetsReproduced">Episodes whose <c>Reset(seed, options)</c> gave exactly the recorded initial state.</param>
/// <param name="ValuesCompared">Numbers and flags compared.</param>
/// <param name="MaxAbsoluteDeviation">The largest |ours − Gymnasium| over all compared numbers (0 when bit-exact).</param>
/// <param name="MaxUlpDeviation">The largest deviation in units in the last place (float32 ulps for observations, float64 for state and reward).</param>
/// <param name="MismatchCount">Comparisons outside the tolerance, plus structural failures.</param>
/// <param name="Mismatches">The first mismatch descriptions.</param>
public sealed record GoldenCheckResult(string EnvId, string Set, int Episodes, int StepsChecked, int ResetsReproduced, long ValuesCompared,
    double MaxAbsoluteDeviation, long MaxUlpDeviation, int MismatchCount, IReadOnlyList<string> Mismatches)
{
    /// <summary>Whether every comparison was within the tolerance.</summary>
    public bool Passed => MismatchCount == 0;
}
