using System.Diagnostics;
using Ascent.Autodiff;
using Ascent.Environments;
using Ascent.Environments.Normalization;
using Ascent.Environments.Spaces;
using Ascent.Environments.Vector;
using Ascent.Io.Models;
using Ascent.Nn;
using Ascent.Nn.Optimizers;
using Ascent.Rollouts;
using Ascent.Training.Callbacks;

namespace Ascent.Training;

/// <summary>
/// The synchronous on-policy training engine that A2C, PPO and TRPO share, in the lectures' loop:
/// <b>generate samples</b> (a <see cref="RolloutCollector"/> fills a <see cref="RolloutBuffer"/> with N environments ×
/// M steps), <b>fit a model / estimate the return</b> (GAE advantages and the critic's targets), <b>improve the policy</b>
/// (<see cref="Train"/>, the only part an algorithm writes).
/// </summary>
/// <remarks>
/// <para>Environments given by id are created as a vector environment of <c>n_envs</c> copies; with <c>normalize</c> the
/// vector environment is wrapped in observation and/or reward normalisation (Stable-Baselines3's VecNormalize), whose
/// statistics are saved with the model and applied by <see cref="BaseAlgorithm.Predict(ReadOnlySpan{float}, Span{float}, bool)"/>.</para>
/// <para><b>Randomness.</b> Weights from child 0 of <c>Rng(seed)</c>, action samples from child 1, env i reset with
/// <c>seed + i</c>. Training is single-threaded, so two runs with the same seed and options give identical parameters,
/// bit for bit (a test checks this).</para>
/// <para><b>Non-finite values</b> stop training with a <see cref="NonFiniteException"/>: an observation (naming the env
/// and step), a loss term (<see cref="BaseAlgorithm.CheckLossTerms"/>; the parameters stay those before the update), a
/// gradient, or parameters an optimizer step made non-finite (<see cref="ClippedStep"/> restores them).</para>
/// </remarks>
public abstract class OnPolicyAlgorithm : BaseAlgorithm
{
    private readonly bool _ownsEnv;
    private readonly float[] _snapshot;
    private readonly RolloutBuffer? _buffer;
    private bool _envStarted;

    /// <summary>Builds the engine: the environment (wrapped for normalisation), the actor-critic, the buffer and the collector.</summary>
    /// <param name="algorithm">The algorithm's name in files and logs (<c>a2c</c>, <c>ppo</c>, …).</param>
    /// <param name="env">The vector environment (N copies); its <see cref="VectorEnv.NumEnvs"/> must equal <c>n_envs</c>.</param>
    /// <param name="options">The shared options, already validated; a null seed is drawn here.</param>
    /// <param name="ownsEnv">Whether disposing the algorithm disposes <paramref name="env"/>.</param>
    /// <param name="fixedSegments">Whether samples are fixed-length segments of <c>n_steps</c> in a <see cref="Buffer"/> (A2C, PPO, TRPO);
    /// false for a learner that overrides <see cref="CollectSamples"/> with its own unit (REINFORCE's complete episodes) and has no buffer.</param>
    protected OnPolicyAlgorithm(string algorithm, VectorEnv env, OnPolicyOptions options, bool ownsEnv, bool fixedSegments = true)
        : this(algorithm, env, Prepare(algorithm, env, options), ownsEnv, fixedSegments) { }

    private OnPolicyAlgorithm(string algorithm, VectorEnv env, Prepared prepared, bool ownsEnv, bool fixedSegments)
        : base(algorithm, env.Spec?.Id ?? env.Name, prepared.Options.Seed!.Value, env.SingleObservationSpace,
            prepared.Env.SingleObservationSpace, env.SingleActionSpace, PolicyArchitecture.From(prepared.Options.PolicyKwargs, prepared.Options.SharedTrunk, prepared.Options.UseSde))
    {
        _ownsEnv = ownsEnv;
        OnPolicy = prepared.Options;
        Env = prepared.Env;
        ObservationNormalizer = prepared.Observations;
        RewardNormalizer = prepared.Rewards;
        if (fixedSegments) _buffer = new RolloutBuffer(OnPolicy.NSteps, OnPolicy.NEnvs, Env.ObservationSize, Policy.ActionSize);
        Collector = new RolloutCollector(Env, Policy, Root.Child(1), OnPolicy.BootstrapTruncated, OnPolicy.SdeSampleFreq, OnPolicy.ClipActions);
        _snapshot = new float[Policy.Parameters.Size];
    }

    /// <summary>The shared options in force (with the resolved seed).</summary>
    public OnPolicyOptions OnPolicy { get; }

    /// <summary>The vector environment the policy acts in (normalisation wrappers included).</summary>
    public VectorEnv Env { get; }

    /// <summary>The current segment (learners that collect complete episodes instead, such as REINFORCE, have none and throw).</summary>
    public RolloutBuffer Buffer => _buffer
        ?? throw new InvalidOperationException($"{AlgorithmName} collects complete episodes, not fixed-length segments, so it has no RolloutBuffer.");

    /// <summary>The current segment, or null for a learner without one.</summary>
    internal RolloutBuffer? SegmentBuffer => _buffer;

    /// <summary>The rollout collector.</summary>
    public RolloutCollector Collector { get; }

    /// <inheritdoc />
    public override EpisodeWindow Episodes => Collector.Episodes;

    /// <inheritdoc />
    public override long DefaultTimesteps => OnPolicy.NTimesteps;

    /// <summary>
    /// The fraction of the current <see cref="Learn"/> call's budget still to go, from 1 to 0, updated after every
    /// rollout (what <c>lin_&lt;v&gt;</c> schedules read, as Stable-Baselines3's <c>progress_remaining</c>).
    /// </summary>
    public double ProgressRemaining { get; private set; } = 1.0;

    /// <summary>Seconds spent collecting rollouts (acting, stepping, bootstrapping, estimating advantages) since creation.</summary>
    public double RolloutSeconds { get; private set; }

    /// <summary>Seconds spent in <see cref="Train"/> since creation.</summary>
    public double UpdateSeconds { get; private set; }

    /// <summary>
    /// Trains for <paramref name="totalTimesteps"/> more environment steps (rounded up to whole segments): collect a
    /// segment, estimate advantages and targets, <see cref="Train"/>; every <paramref name="logInterval"/> iterations
    /// (and at the end) write the logs. The callback sees every vector step and can stop training by returning false
    /// from <see cref="TrainingCallback.OnStep"/> (the incomplete segment is then discarded).
    /// </summary>
    public override void Learn(long totalTimesteps, TrainingCallback? callback = null, int logInterval = 100)
    {
        CheckLearnArguments(totalTimesteps, logInterval);
        Run(NumTimesteps, NumTimesteps + totalTimesteps, continuing: false, callback, logInterval);
    }

    /// <summary>
    /// Finishes an interrupted <see cref="Learn"/> call with its original budget, so schedules continue where they were;
    /// after <c>Load</c> of a checkpoint (which restores the environments when the model made them) the parameters end
    /// bit-identical to an uninterrupted run's.
    /// </summary>
    public override void ContinueLearning(TrainingCallback? callback = null, int logInterval = 100)
    {
        CheckContinueArguments(logInterval);
        Run(LearnStartTimesteps, LearnTargetTimesteps, continuing: true, callback, logInterval);
    }

    /// <summary>The loop of a <c>Learn</c> call whose budget runs from step <paramref name="start"/> to <paramref name="target"/> (training starts at <see cref="BaseAlgorithm.NumTimesteps"/>).</summary>
    private void Run(long start, long target, bool continuing, TrainingCallback? callback, int logInterval)
    {
        if (!_envStarted) { Collector.Reset(Seed); _envStarted = true; }
        long budget = target - start;
        var context = BeginContext(start, target, continuing);
        try
        {
            Func<bool> onStep = () =>
            {
                NumTimesteps += Env.NumEnvs;
                return callback?.OnStep(context) ?? true;
            };
            callback?.OnTrainingStart(context);
            while (NumTimesteps < target && !context.StopRequested)
            {
                callback?.OnRolloutStart(context);
                if (context.StopRequested) break;
                long t0 = Stopwatch.GetTimestamp();
                bool complete = CollectSamples(onStep);                                                           // generate samples
                RolloutSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                if (!complete) { context.Stopped = true; break; }
                Iterations++;
                callback?.OnRolloutEnd(context);
                ProgressRemaining = Math.Max(0.0, 1.0 - (double)(NumTimesteps - start) / budget);
                long t1 = Stopwatch.GetTimestamp();
                Train();                                                                                            // improve the policy, fit V
                UpdateSeconds += Stopwatch.GetElapsedTime(t1).TotalSeconds;
                if (logInterval > 0 && Iterations % logInterval == 0) DumpLogs(context);
            }
            if (context.StopRequested) context.Stopped = true;
            if (logInterval == 0 || Iterations % logInterval != 0) DumpLogs(context);
            callback?.OnTrainingEnd(context);
        }
        finally
        {
            EndContext(context);
        }
    }

    /// <summary>
    /// Generate samples for one iteration, calling <paramref name="onStep"/> after every vector step (false from it stops
    /// collection and this returns false). By default: a segment of <c>n_steps</c> into <see cref="Buffer"/>, then its GAE
    /// advantages and the critic's targets.
    /// </summary>
    protected virtual bool CollectSamples(Func<bool> onStep)
    {
        if (!Collector.Collect(Buffer, onStep)) return false;
        Buffer.ComputeAdvantages((float)OnPolicy.Gamma, (float)OnPolicy.GaeLambda, OnPolicy.ValueTarget);         // estimate A, targets of V
        return true;
    }

    /// <summary>One policy (and critic) improvement from the samples of <see cref="CollectSamples"/> (by default the complete segment in <see cref="Buffer"/>, whose advantages and targets are computed).</summary>
    protected abstract void Train();

    /// <summary>
    /// Clips the gradients of <paramref name="parameters"/> to a global norm of <paramref name="maxGradNorm"/> (a non-finite
    /// gradient throws), takes one <paramref name="optimizer"/> step and checks that the parameters stayed finite,
    /// restoring them otherwise. Returns the gradient norm before clipping.
    /// </summary>
    protected double ClippedStep(Optimizer optimizer, ParameterSet parameters, double maxGradNorm)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!ReferenceEquals(optimizer.Parameters, parameters))
            throw new ArgumentException($"{AlgorithmName}: ClippedStep clips and steps one parameter set; the optimizer holds a different one.", nameof(parameters));
        double norm;
        float coefficient;
        try
        {
            norm = GradientClipping.GlobalNorm(parameters, (float)maxGradNorm, out coefficient);
        }
        catch (NonFiniteException e)
        {
            throw new NonFiniteException($"{AlgorithmName}: at update {Updates + 1} (after {NumTimesteps} environment steps): {e.Message} Training stopped; the parameters are those before this update.");
        }
        // One pass per parameter: the clipping scale, the snapshot of θ, the step and the finite check of the new θ.
        int nonFinite = optimizer.ScaledStep(coefficient, _snapshot.AsSpan(0, parameters.Size));
        Updates++;
        if (nonFinite >= 0)
        {
            parameters.CopyValuesFrom(_snapshot.AsSpan(0, parameters.Size));
            throw new NonFiniteException($"{AlgorithmName}: the optimizer step of update {Updates} made {parameters[nonFinite].Name} non-finite (learning rate {optimizer.LearningRate}); " +
                "training stopped and the parameters were restored to their values before the step.");
        }
        return norm;
    }

    /// <summary>The environment a loaded model trains in: <paramref name="env"/>, or <paramref name="numEnvs"/> copies of the saved id.</summary>
    protected static (VectorEnv Env, bool Owned) EnvironmentForLoad(ModelReader r, VectorEnv? env, int numEnvs)
    {
        ArgumentNullException.ThrowIfNull(r);
        return env is not null ? (env, false) : (Envs.MakeVector(r.EnvId, numEnvs), true);
    }

    /// <summary>
    /// Adds the action sampler's generator and, when the algorithm made its environment (so <c>Load</c> makes the same
    /// kind) and the environment can save it, the environment's state (<c>env/…</c>).
    /// </summary>
    protected override void WriteState(ModelWriter writer)
    {
        writer.AddRngState("actions", Collector.Rng.GetState());
        if (_envStarted && _ownsEnv) EnvironmentCheckpoint.Write(writer, Env, EnvironmentCheckpoint.Prefix);
    }

    /// <summary>
    /// Restores the sampler's generator and — when the algorithm made its own environment (a <c>Load</c> without one) and
    /// the file holds the environment's state — the environments, so training continues from them instead of resetting.
    /// </summary>
    protected override void ReadState(ModelReader reader)
    {
        Collector.Rng.SetState(reader.GetRngState("actions"));
        if (_ownsEnv && EnvironmentCheckpoint.TryRestore(reader, Env, EnvironmentCheckpoint.Prefix))
        {
            Collector.ContinueFromEnvironmentState(NumTimesteps);
            _envStarted = true;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsEnv) Env.Dispose();      // normalisation wrappers dispose the environment they wrap
    }

    private sealed record Prepared(OnPolicyOptions Options, VectorEnv Env, ObservationNormalizer? Observations, RewardNormalizer? Rewards);

    /// <summary>Resolves the seed and wraps <paramref name="env"/> in observation and reward normalisation as the options ask.</summary>
    private static Prepared Prepare(string algorithm, VectorEnv env, OnPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        if (env.NumEnvs != options.NEnvs)
            throw new ArgumentException($"{algorithm}: the vector environment has {env.NumEnvs} envs but n_envs = {options.NEnvs}; make them equal.", nameof(env));
        if (options.ClipActions && env.SingleActionSpace is Box { IsBounded: false } box)
            throw new ArgumentException($"{algorithm}: clip_actions = true, but the action space {box} has infinite bounds, so clipping cannot keep actions in range; " +
                "set clip_actions: false to pass the Gaussian samples through unclipped, or give the environment's action Box finite bounds.", nameof(options));
        options = options with { Seed = options.Seed ?? DrawSeed() };
        var n = options.Normalize;
        VectorEnv wrapped = env;
        ObservationNormalizer? observations = null;
        RewardNormalizer? rewards = null;
        if (n.NormObs)
        {
            var w = new VectorNormalizeObservation(wrapped, n.ClipObs, n.Epsilon);
            (wrapped, observations) = (w, w.Normalizer);
        }
        if (n.NormReward)
        {
            var w = new VectorNormalizeReward(wrapped, n.Gamma ?? options.Gamma, n.ClipReward, n.Epsilon);
            (wrapped, rewards) = (w, w.Normalizer);
        }
        return new Prepared(options, wrapped, observations, rewards);
    }
}
