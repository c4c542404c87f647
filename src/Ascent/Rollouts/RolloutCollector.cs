using System.Diagnostics;
using Ascent.Autodiff;
using Ascent.Environments;
using Ascent.Environments.Spaces;
using Ascent.Environments.Vector;
using Ascent.Estimators;
using Ascent.Policies;
using Ascent.Numerics;

namespace Ascent.Rollouts;

/// <summary>
/// "Run the policy and observe trajectories": fills a <see cref="RolloutBuffer"/> with a fixed-length segment of M
/// steps of a <see cref="VectorEnv"/>'s N environments (vectorised fixed-length rollouts, <see cref="Collect"/>), or an
/// <see cref="EpisodeBatch"/> with complete episodes (REINFORCE, <see cref="CollectEpisodes"/>).
/// </summary>
/// <remarks>
/// <para>Each step: store <c>s_t</c>; sample <c>a_t ~ π(·|s_t)</c> with its log-probability and evaluate
/// <c>V(s_t)</c> in one pass; give the environment the action in its own coordinates (a Gaussian sample clipped to
/// the <see cref="Box"/>, a categorical index shifted by <see cref="Discrete.Start"/>) while the buffer keeps the
/// sample; store <c>r_t</c> and the terminated and truncated flags apart; for truncated (and not terminated)
/// environments evaluate <c>V</c> of the final observation, the bootstrap a time limit needs; record finished
/// episodes. After M steps: <c>V(s_M)</c> for the bootstrap at the segment end.</para>
/// <para>The vector environment resets finished environments within the same step (see <see cref="VectorEnv"/>), so
/// the environment state carries over from one segment to the next. The collector and its policy are used from one
/// thread; a collect allocates nothing once the policy has seen the batch sizes (a test checks this).</para>
/// <para>Observations are checked as they arrive: a NaN or infinity stops the run with a
/// <see cref="NonFiniteException"/> naming the environment index, the step and the component.</para>
/// </remarks>
public sealed class RolloutCollector
{
    private readonly VectorEnv _env;
    private readonly IActorCritic _policy;
    private readonly float[] _envActions;
    private readonly float[] _finalObservations, _finalValues;
    private readonly int[] _truncatedEnvs;
    private readonly Box? _box;
    private readonly float _discreteStart;
    private bool _started;
    private EpisodeBatch[]? _open;                                    // CollectEpisodes: each environment's episode in progress
    private float[]? _stepObservations, _stepActions, _stepLogProbs;
    private bool[]? _needed;                                          // CollectEpisodes: whether env i's current episode belongs to the batch

    /// <summary>Collects from <paramref name="env"/> with <paramref name="policy"/>, sampling with <paramref name="rng"/>.</summary>
    /// <param name="env">The vector environment (its spaces must match the policy's).</param>
    /// <param name="policy">The actor-critic that acts and evaluates states.</param>
    /// <param name="rng">The generator of the action samples.</param>
    /// <param name="bootstrapTruncated">Bootstrap <c>V(final observation)</c> on time-limit truncation (default on; off treats truncation as termination, as CleanRL).</param>
    /// <param name="sdeSampleFrequency">With gSDE: resample the exploration noise every this many steps (≤ 0: only at the start of each segment), as <c>sde_sample_freq</c>.</param>
    /// <param name="clipActions">Clip Gaussian actions to the action box for the environment (default on; off passes the samples through, as <c>clip_actions: false</c>).</param>
    public RolloutCollector(VectorEnv env, IActorCritic policy, Rng rng, bool bootstrapTruncated = true, int sdeSampleFrequency = -1, bool clipActions = true)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(rng);
        if (env.ObservationSize != policy.ObservationSpace.FlatSize)
            throw new ArgumentException($"RolloutCollector: {env.Name} observations have {env.ObservationSize} floats, the policy expects {policy.ObservationSpace.FlatSize} ({policy.ObservationSpace}).", nameof(policy));
        if (env.SingleActionSpace.ToString() != policy.ActionSpace.ToString())
            throw new ArgumentException($"RolloutCollector: {env.Name} has the action space {env.SingleActionSpace}, the policy {policy.ActionSpace}.", nameof(policy));
        _env = env;
        _policy = policy;
        Rng = rng;
        BootstrapTruncated = bootstrapTruncated;
        SdeSampleFrequency = sdeSampleFrequency;
        _box = clipActions ? env.SingleActionSpace as Box : null;
        _discreteStart = env.SingleActionSpace is Discrete d ? d.Start : 0f;
        _envActions = new float[env.NumEnvs * env.ActionSize];
        _finalObservations = new float[env.NumEnvs * env.ObservationSize];
        _finalValues = new float[env.NumEnvs];
        _truncatedEnvs = new int[env.NumEnvs];
        Episodes = new EpisodeWindow();
    }

    /// <summary>The vector environment.</summary>
    public VectorEnv Env => _env;

    /// <summary>The generator of the action samples (its state is part of a checkpoint).</summary>
    public Rng Rng { get; }

    /// <summary>Whether truncated episodes are bootstrapped from their final observation.</summary>
    public bool BootstrapTruncated { get; }

    /// <summary>With gSDE, steps between resamplings of the exploration noise (≤ 0: once per segment).</summary>
    public int SdeSampleFrequency { get; }

    /// <summary>The most recent finished training episodes (raw returns, before any reward normalisation).</summary>
    public EpisodeWindow Episodes { get; }

    /// <summary>Called with every finished episode's statistics (e.g. to merge the episodes of several collectors).</summary>
    public Action<EpisodeStatistics>? EpisodeFinished { get; set; }

    /// <summary>Environment steps taken so far, summed over the N environments.</summary>
    public long TotalSteps { get; private set; }

    /// <summary>When true, <see cref="ActSeconds"/> and <see cref="EnvSeconds"/> accumulate (two clock reads per step; for profiling).</summary>
    public bool TimePhases { get; set; }

    /// <summary>Seconds spent in the policy (acting and evaluating V) while <see cref="TimePhases"/> was on.</summary>
    public double ActSeconds { get; private set; }

    /// <summary>Seconds spent stepping the environments while <see cref="TimePhases"/> was on.</summary>
    public double EnvSeconds { get; private set; }

    /// <summary>Resets the environments (env i with <c>seed + i</c>); called by the first <see cref="Collect"/> if not before.</summary>
    public void Reset(int? seed)
    {
        _env.Reset(seed);
        CheckObservations(_env.Observations, "the reset observation");
        _started = true;
    }

    /// <summary>
    /// Continues from the environments' current state — restored from a checkpoint with <see cref="VectorEnv.LoadState"/> —
    /// instead of resetting them before the first <see cref="Collect"/>; <paramref name="totalSteps"/> restores
    /// <see cref="TotalSteps"/>.
    /// </summary>
    public void ContinueFromEnvironmentState(long totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalSteps);
        TotalSteps = totalSteps;
        CheckObservations(_env.Observations, "the restored observation");
        _started = true;
    }

    /// <summary>
    /// Collects one segment into <paramref name="buffer"/>. After every vector step <paramref name="onStep"/> (if given) is
    /// called; when it returns false, collection stops and the method returns false with the segment incomplete.
    /// </summary>
    public bool Collect(RolloutBuffer buffer, Func<bool>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.NumEnvs != _env.NumEnvs || buffer.ObservationSize != _env.ObservationSize || buffer.ActionSize != _policy.ActionSize)
            throw new ArgumentException($"RolloutCollector.Collect: the buffer is for {buffer.NumEnvs} envs × ({buffer.ObservationSize} obs, {buffer.ActionSize} act), the environment and policy need {_env.NumEnvs} × ({_env.ObservationSize}, {_policy.ActionSize}).", nameof(buffer));
        if (!_started) Reset(null);
        buffer.Clear();
        int n = _env.NumEnvs;
        for (int t = 0; t < buffer.Steps; t++)
        {
            var observations = buffer.ObservationsAt(t);
            _env.Observations.CopyTo(observations);
            var rows = buffer.StepRows(t);
            var actions = buffer.ActionsAt(t);
            if (_policy.UsesStateDependentNoise && (t == 0 || (SdeSampleFrequency > 0 && t % SdeSampleFrequency == 0)))
                _policy.ResetNoise(n, Rng);                                                   // gSDE: new exploration matrices
            long t0 = TimePhases ? Stopwatch.GetTimestamp() : 0;
            _policy.ActAndEvaluate(observations, n, actions, buffer.LogProbs.Span[rows], buffer.Values.Span[rows], Rng);
            StepEnvironments(actions, t0);
            RecordStep(buffer, t);
            buffer.AdvanceStep();
            if (onStep is not null && !onStep()) return false;
        }
        _policy.ValueFunction.Predict(_env.Observations, n, buffer.LastValues);
        buffer.FinishSegment();
        return true;
    }

    /// <summary>
    /// Collects complete episodes into <paramref name="batch"/> (CS285's "run the policy"): <paramref name="episodes"/> of them,
    /// or, when <paramref name="minSteps"/> &gt; 0, as many as it takes to hold at least <paramref name="minSteps"/> steps.
    /// After every vector step <paramref name="onStep"/> (if given) is called; when it returns false, collection stops and
    /// the method returns false with the batch incomplete.
    /// </summary>
    /// <remarks>
    /// <para>An episode belongs to the batch when it <em>starts</em> while the batch still needs one (fewer than
    /// <paramref name="episodes"/> started, or fewer than <paramref name="minSteps"/> steps recorded so far). The decision never
    /// looks at the episode itself, so every episode in the batch is a sample of π_θ (keeping episodes by when they end would
    /// favour short ones). With one environment this is exactly CS285's sampler: whole episodes until the batch is full.</para>
    /// <para>With N &gt; 1 environments stepped together, an environment whose new episode is not needed runs on idle until
    /// the last needed episode ends (its steps count in <see cref="TotalSteps"/> but are not stored), and the next call
    /// restarts every environment on a fresh episode (a reset continuing each environment's random stream) when any is in
    /// the middle of one. Time-limit truncations end an episode like terminations: REINFORCE does not bootstrap.</para>
    /// <para>The batch holds, per step, the observation the action was chosen in, the action as sampled (unclipped), the
    /// reward as the learner sees it and log π_θ(a_t|s_t); <see cref="Episodes"/> receives the batch's episodes only. After
    /// the first calls nothing is allocated (the staging batches keep their storage).</para>
    /// </remarks>
    public bool CollectEpisodes(EpisodeBatch batch, int episodes, int minSteps, Func<bool>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int n = _env.NumEnvs, o = _env.ObservationSize, a = _policy.ActionSize;
        if (batch.ObservationSize != o || batch.ActionSize != a)
            throw new ArgumentException($"RolloutCollector.CollectEpisodes: the batch stores ({batch.ObservationSize} obs, {batch.ActionSize} act) floats per step, the environment and policy need ({o}, {a}).", nameof(batch));
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), episodes, $"RolloutCollector.CollectEpisodes: episodes = {episodes} is outside the allowed range [1, ∞).");
        if (minSteps < 0) throw new ArgumentOutOfRangeException(nameof(minSteps), minSteps, $"RolloutCollector.CollectEpisodes: minSteps = {minSteps} is outside the allowed range [0, ∞) (0: count episodes).");
        if (_policy.UsesStateDependentNoise)
            throw new NotSupportedException("RolloutCollector.CollectEpisodes: state-dependent exploration (gSDE) is not supported for complete-episode batches.");
        if (!_started) Reset(null);
        if (_open is null)
        {
            _open = new EpisodeBatch[n];
            for (int i = 0; i < n; i++) _open[i] = new EpisodeBatch(o, a);
            _stepObservations = new float[n * o];
            _stepActions = new float[n * a];
            _stepLogProbs = new float[n];
            _needed = new bool[n];
        }
        if (Array.Exists(_env.EpisodeLengths, length => length > 0))
        {
            _env.Reset(null);                                                              // fresh episodes everywhere
            CheckObservations(_env.Observations, "the reset observation");
        }
        EpisodeBatch[] open = _open;
        float[] observations = _stepObservations!, actions = _stepActions!, logProbs = _stepLogProbs!;
        bool[] needed = _needed!;
        batch.Clear();
        int started = 0, recorded = 0, running = 0;
        bool Wanted() => minSteps > 0 ? recorded < minSteps : started < episodes;
        for (int i = 0; i < n; i++)
        {
            open[i].Clear();
            if (needed[i] = Wanted()) { started++; running++; }
        }
        while (running > 0)
        {
            _env.Observations.CopyTo(observations, 0);
            long t0 = TimePhases ? Stopwatch.GetTimestamp() : 0;
            _policy.Act(observations, n, actions, logProbs, Rng);              // a_t ~ π_θ(·|s_t)
            StepEnvironments(actions, t0);
            for (int i = 0; i < n; i++)
            {
                if (needed[i])
                {
                    double reward = _env.Rewards[i];
                    if (!double.IsFinite(reward))
                        throw new NonFiniteException($"{_env.Name}: the reward of env {i} (of {n}) after environment step {TotalSteps} (summed over envs) is {reward}; the environment produced a non-finite reward.");
                    open[i].Add(observations.AsSpan(i * o, o), actions.AsSpan(i * a, a), reward, logProbs[i]);
                    recorded++;
                }
                if (!_env.IsDone(i)) continue;
                if (needed[i])
                {
                    open[i].EndEpisode(truncated: !_env.Terminated[i], _env.FinalObservation(i));
                    batch.AppendEpisode(open[i], 0);
                    open[i].Clear();
                    Episodes.Add(_env.FinalEpisodes[i]);
                    EpisodeFinished?.Invoke(_env.FinalEpisodes[i]);
                    running--;
                }
                if (needed[i] = Wanted()) { started++; running++; }                           // env i's next episode: in the batch or idle
            }
            if (onStep is not null && !onStep()) return false;
        }
        return true;
    }

    /// <summary>
    /// Steps the environments with the policy's <paramref name="actions"/> (in the environment's coordinates), counts the steps,
    /// accounts the time of acting (since <paramref name="actStarted"/>) and stepping when <see cref="TimePhases"/> is on, and
    /// checks the new observations.
    /// </summary>
    private void StepEnvironments(ReadOnlySpan<float> actions, long actStarted)
    {
        long t1 = TimePhases ? Stopwatch.GetTimestamp() : 0;
        _env.Step(ToEnvironmentActions(actions));
        if (TimePhases)
        {
            long t2 = Stopwatch.GetTimestamp();
            ActSeconds += (t1 - actStarted) / (double)Stopwatch.Frequency;
            EnvSeconds += (t2 - t1) / (double)Stopwatch.Frequency;
        }
        TotalSteps += _env.NumEnvs;
        CheckObservations(_env.Observations, "the observation");
    }

    /// <summary>The actions as the environment takes them: Gaussian samples clipped to the box, categorical indices shifted by the space's start.</summary>
    private ReadOnlySpan<float> ToEnvironmentActions(ReadOnlySpan<float> actions)
    {
        if (_box is not null)
        {
            ReadOnlySpan<float> low = _box.Low, high = _box.High;
            int d = low.Length;
            for (int k = 0; k < actions.Length; k++) _envActions[k] = Math.Clamp(actions[k], low[k % d], high[k % d]);
            return _envActions;
        }
        if (_discreteStart == 0f) return actions;
        for (int k = 0; k < actions.Length; k++) _envActions[k] = actions[k] + _discreteStart;
        return _envActions;
    }

    private void RecordStep(RolloutBuffer buffer, int t)
    {
        int n = _env.NumEnvs, o = _env.ObservationSize, truncated = 0;
        for (int i = 0; i < n; i++)
        {
            int k = t * n + i;
            buffer.Rewards[k] = (float)_env.Rewards[i];
            bool term = _env.Terminated[i], trunc = _env.Truncated[i];
            buffer.Terminated[k] = term;
            buffer.Truncated[k] = trunc;
            buffer.TruncationValues[k] = 0f;
            if (!term && !trunc) continue;
            Episodes.Add(_env.FinalEpisodes[i]);
            EpisodeFinished?.Invoke(_env.FinalEpisodes[i]);
            if (trunc && !term && BootstrapTruncated)
            {
                _env.FinalObservation(i).CopyTo(_finalObservations.AsSpan(truncated * o, o));
                _truncatedEnvs[truncated++] = i;
            }
        }
        if (truncated == 0) return;
        var finals = _finalObservations.AsSpan(0, truncated * o);
        CheckObservations(finals, "the final observation", _truncatedEnvs);
        _policy.ValueFunction.Predict(finals, truncated, _finalValues.AsSpan(0, truncated));
        for (int j = 0; j < truncated; j++) buffer.TruncationValues[t * n + _truncatedEnvs[j]] = _finalValues[j];
    }

    /// <summary>Throws naming the env, the step and the component if <paramref name="rows"/> holds a NaN or infinity.</summary>
    private void CheckObservations(ReadOnlySpan<float> rows, string what, int[]? envOfRow = null)
    {
        int o = _env.ObservationSize;
        for (int k = 0; k < rows.Length; k++)
        {
            if (float.IsFinite(rows[k])) continue;
            int row = k / o, env = envOfRow is null ? row : envOfRow[row];
            throw new NonFiniteException($"{_env.Name}: {what} of env {env} (of {_env.NumEnvs}) after environment step {TotalSteps} " +
                $"(summed over envs) has {rows[k]} at component {k % o}; the environment produced a non-finite observation.");
        }
    }
}
