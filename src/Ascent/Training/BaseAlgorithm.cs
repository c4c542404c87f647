using Ascent.Autodiff;
using Ascent.Environments.Normalization;
using Ascent.Environments.Spaces;
using Ascent.Environments.Vector;
using Ascent.Io.Models;
using Ascent.Io.Onnx;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;

namespace Ascent.Training;

/// <summary>
/// What every trained model offers, in Stable-Baselines3's shape: <see cref="Learn"/>, <see cref="Predict(ReadOnlySpan{float}, Span{float}, bool)"/>,
/// <see cref="Save"/> (and a static <c>Load</c> on each algorithm), a <see cref="Logger"/>, counters and episode statistics.
/// The synchronous engine is <see cref="OnPolicyAlgorithm"/> (A2C, PPO, TRPO); A3C derives from this directly.
/// </summary>
/// <remarks>
/// <para><b>Randomness.</b> One seed (drawn and recorded when the options leave it null) determines everything; the
/// initial weights come from child stream 0 of <c>Rng(seed)</c> and stochastic <see cref="Predict(ReadOnlySpan{float}, Span{float}, bool)"/>
/// from child 2; each algorithm documents the rest.</para>
/// <para><b>Model files</b> (<c>docs/model-format.md</c>) hold the spaces of the raw environment, the resolved options,
/// the parameters, the normalisers' statistics, the optimizer's state, generator states and the counters.</para>
/// </remarks>
public abstract class BaseAlgorithm : IDisposable
{
    private readonly Rng _predictRng;
    private float[] _predictObservations = [], _predictActions = [];
    private bool _disposed;
    private TrainingContext? _context;
    private double _learnSeconds;

    /// <summary>Creates the policy for the given spaces from <paramref name="seed"/>.</summary>
    /// <param name="algorithm">The algorithm's name in files and logs (<c>a2c</c>, <c>ppo</c>, …).</param>
    /// <param name="envId">The environment id saved with the model.</param>
    /// <param name="seed">The resolved seed.</param>
    /// <param name="rawObservationSpace">The environment's observation space before any normalisation (saved with the model).</param>
    /// <param name="policyObservationSpace">The observation space the policy sees (after normalisation).</param>
    /// <param name="actionSpace">The action space.</param>
    /// <param name="architecture">The actor-critic architecture.</param>
    protected BaseAlgorithm(string algorithm, string envId, int seed, Space rawObservationSpace, Space policyObservationSpace, Space actionSpace, ActorCriticArchitecture architecture)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        ArgumentException.ThrowIfNullOrEmpty(envId);
        ArgumentNullException.ThrowIfNull(rawObservationSpace);
        AlgorithmName = algorithm;
        EnvId = envId;
        Seed = seed;
        ObservationSpace = rawObservationSpace;
        ActionSpace = actionSpace;
        Root = new Rng((ulong)seed);
        Policy = new ActorCriticPolicy(policyObservationSpace, actionSpace, architecture, Root.Child(0));
        _predictRng = Root.Child(2);
    }

    /// <summary>A seed drawn from the operating system, for options that leave <c>seed</c> null.</summary>
    protected static int DrawSeed() => System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>The root generator <c>Rng(seed)</c>; algorithms derive their streams from its children (0: weights, 2: predict).</summary>
    protected Rng Root { get; }

    /// <summary>The algorithm's name (<c>a2c</c>, <c>a3c</c>, <c>ppo</c>, …).</summary>
    public string AlgorithmName { get; }

    /// <summary>The environment id.</summary>
    public string EnvId { get; }

    /// <summary>The seed everything was derived from.</summary>
    public int Seed { get; }

    /// <summary>The observation space of the raw environment (before normalisation).</summary>
    public Space ObservationSpace { get; }

    /// <summary>The action space.</summary>
    public Space ActionSpace { get; }

    /// <summary>The actor-critic being trained.</summary>
    public ActorCriticPolicy Policy { get; }

    /// <summary>The observation normaliser, when observations are normalised.</summary>
    public ObservationNormalizer? ObservationNormalizer { get; protected init; }

    /// <summary>The reward normaliser, when rewards are scaled.</summary>
    public RewardNormalizer? RewardNormalizer { get; protected init; }

    /// <summary>The optimizer whose state is saved with the model (null for algorithms without one).</summary>
    public abstract Optimizer? Optimizer { get; }

    /// <summary>The most recent finished training episodes.</summary>
    public abstract EpisodeWindow Episodes { get; }

    /// <summary>Notes on how the options were applied that a user should see (e.g. a minibatch size that does not divide the batch); empty by default.</summary>
    public virtual IReadOnlyList<string> ConfigurationNotes => [];

    /// <summary>The training budget the options ask for (<c>n_timesteps</c>), used when no step count is given.</summary>
    public abstract long DefaultTimesteps { get; }

    /// <summary>Environment steps trained so far (summed over parallel environments).</summary>
    public long NumTimesteps { get; protected set; }

    /// <summary>Rollout-and-update iterations so far.</summary>
    public long Iterations { get; protected set; }

    /// <summary>Gradient updates so far.</summary>
    public long Updates { get; protected set; }

    /// <summary>
    /// The step count at which the current (or last) <c>Learn</c> call started: the zero of its schedules. Saved with the
    /// model, so <see cref="ContinueLearning"/> can finish an interrupted call exactly as it would have gone on.
    /// </summary>
    public long LearnStartTimesteps { get; protected set; }

    /// <summary>The step count at which the current (or last) <c>Learn</c> call ends (saved with the model).</summary>
    public long LearnTargetTimesteps { get; protected set; }

    /// <summary>Seconds of training in the current (or last) <c>Learn</c> call, across resumes (saved with the model).</summary>
    public double LearnSeconds => _context is { } c ? c.TotalElapsedSeconds : _learnSeconds;

    /// <summary>
    /// Starts the context of a <c>Learn</c> call whose budget runs from <paramref name="start"/> to <paramref name="target"/>;
    /// <paramref name="continuing"/> (a <see cref="ContinueLearning"/> call) carries over the saved training time.
    /// Sets <see cref="LearnStartTimesteps"/> and <see cref="LearnTargetTimesteps"/>; <see cref="EndContext"/> closes it.
    /// </summary>
    protected TrainingContext BeginContext(long start, long target, bool continuing)
    {
        LearnStartTimesteps = start;
        LearnTargetTimesteps = target;
        return _context = new TrainingContext(this, start, target, continuing ? _learnSeconds : 0);
    }

    /// <summary>Closes the context started by <see cref="BeginContext"/>, keeping its training time for <see cref="LearnSeconds"/>.</summary>
    protected void EndContext(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _learnSeconds = context.TotalElapsedSeconds;
        if (ReferenceEquals(_context, context)) _context = null;
    }

    /// <summary>Steps the last <c>Learn</c> call still had to go when it stopped (0 when it finished): what <see cref="ContinueLearning"/> trains.</summary>
    public long RemainingTimesteps => Math.Max(0, LearnTargetTimesteps - NumTimesteps);

    /// <summary>The logger training records into; by default one without sinks. Set a run directory's logger to keep the curves.</summary>
    public Logger Logger { get; set; } = new();

    /// <summary>Trains for <paramref name="totalTimesteps"/> more environment steps; <paramref name="callback"/> can stop early; logs are dumped every <paramref name="logInterval"/> iterations (0: only at the end).</summary>
    public abstract void Learn(long totalTimesteps, TrainingCallback? callback = null, int logInterval = 100);

    /// <summary>
    /// Finishes the <c>Learn</c> call that a checkpoint (or a stop) interrupted: trains until <see cref="LearnTargetTimesteps"/>
    /// with the schedules of the original call. For a model loaded from a checkpoint of an uninterrupted run, with its
    /// environments restored, the result is bit-identical to that run (same thread count). Throws
    /// <see cref="InvalidOperationException"/> when the last call finished (<see cref="RemainingTimesteps"/> = 0).
    /// </summary>
    /// <remarks>The default trains the remaining steps with a new <see cref="Learn"/> call (schedules restart); the
    /// engines in Ascent (<see cref="OnPolicyAlgorithm"/>, A3C) override it to keep the original call's budget.</remarks>
    public virtual void ContinueLearning(TrainingCallback? callback = null, int logInterval = 100)
    {
        CheckContinueArguments(logInterval);
        Learn(RemainingTimesteps, callback, logInterval);
    }

    /// <summary>Throws if disposed, if <paramref name="logInterval"/> is negative, or if there is nothing to continue.</summary>
    protected void CheckContinueArguments(int logInterval)
    {
        CheckLearnArguments(1, logInterval);
        if (RemainingTimesteps == 0)
            throw new InvalidOperationException($"{AlgorithmName}.ContinueLearning: the last Learn call finished ({NumTimesteps} of {LearnTargetTimesteps} steps); call Learn to train more.");
    }

    /// <summary>The resolved options as <c>key → value</c> settings (what a model file records).</summary>
    public abstract IReadOnlyList<KeyValuePair<string, string>> OptionSettings();

    /// <summary>The resolved options as an RL Zoo-style YAML file with one section for <see cref="EnvId"/> (a run's <c>config.yaml</c>).</summary>
    public abstract string OptionsYaml(string? comment = null);

    /// <summary>Throws if disposed, or if <paramref name="totalTimesteps"/> or <paramref name="logInterval"/> are out of range.</summary>
    protected void CheckLearnArguments(long totalTimesteps, int logInterval)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (totalTimesteps < 1) throw new ArgumentOutOfRangeException(nameof(totalTimesteps), totalTimesteps, $"{AlgorithmName}.Learn: totalTimesteps = {totalTimesteps} is outside the allowed range [1, ∞).");
        if (logInterval < 0) throw new ArgumentOutOfRangeException(nameof(logInterval), logInterval, $"{AlgorithmName}.Learn: logInterval = {logInterval} is outside the allowed range [0, ∞) (0: only at the end).");
    }

    /// <summary>Records the standard rollout and time keys (<c>rollout/ep_rew_mean</c>, <c>time/fps</c>, …) and dumps the logger.</summary>
    protected void DumpLogs(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var episodes = Episodes;
        if (episodes.Count > 0)
        {
            Logger.Record(LogKeys.EpisodeRewardMean, episodes.MeanReturn);
            Logger.Record(LogKeys.EpisodeLengthMean, episodes.MeanLength);
        }
        double elapsed = context.ElapsedSeconds;
        Logger.Record(LogKeys.Fps, elapsed > 0 ? (NumTimesteps - context.SessionStartTimesteps) / elapsed : 0);
        Logger.Record(LogKeys.Iterations, Iterations);
        Logger.Record(LogKeys.TimeElapsed, context.TotalElapsedSeconds);
        Logger.Record(LogKeys.TotalTimesteps, NumTimesteps);
        Logger.Record(LogKeys.Episodes, episodes.TotalEpisodes);
        Logger.Dump(NumTimesteps);
    }

    /// <summary>
    /// Chooses an action for one raw observation (normalised here with the current statistics, which are not updated),
    /// in the environment's coordinates: the mode when <paramref name="deterministic"/>, else a sample; Gaussian actions
    /// are clipped to the action box, categorical ones shifted by the space's start. Not thread-safe.
    /// </summary>
    public void Predict(ReadOnlySpan<float> observation, Span<float> action, bool deterministic = true) =>
        Predict(observation, 1, action, deterministic);

    /// <summary>Chooses actions for <paramref name="batch"/> raw observations (see the single-observation overload).</summary>
    public void Predict(ReadOnlySpan<float> observations, int batch, Span<float> actions, bool deterministic = true)
    {
        int o = ObservationSpace.FlatSize, a = ActionSpace.FlatSize;
        if (batch < 1 || observations.Length != batch * o)
            throw new ArgumentException($"{AlgorithmName}.Predict: {observations.Length} observation values for a batch of {batch} × {o} ({ObservationSpace}).", nameof(observations));
        if (actions.Length != batch * a)
            throw new ArgumentException($"{AlgorithmName}.Predict: the action buffer holds {actions.Length} floats, need {batch} × {a}.", nameof(actions));
        ReadOnlySpan<float> input = observations;
        if (ObservationNormalizer is { } normalizer)
        {
            if (_predictObservations.Length < observations.Length) _predictObservations = new float[observations.Length];
            var normalized = _predictObservations.AsSpan(0, observations.Length);
            normalizer.Normalize(observations, normalized);
            input = normalized;
        }
        if (_predictActions.Length < batch * Policy.ActionSize) _predictActions = new float[batch * Policy.ActionSize];
        var raw = _predictActions.AsSpan(0, batch * Policy.ActionSize);
        Policy.Act(input, batch, raw, [], deterministic ? null : _predictRng);
        switch (ActionSpace)
        {
            case Box box:
                for (int k = 0; k < raw.Length; k++) actions[k] = Math.Clamp(raw[k], box.Low[k % a], box.High[k % a]);
                break;
            case Discrete d:
                for (int k = 0; k < raw.Length; k++) actions[k] = raw[k] + d.Start;
                break;
        }
    }

    /// <summary>
    /// Saves the model (atomically): spaces, options, parameters, normaliser statistics, optimizer state, generator
    /// states and counters — everything <c>Load</c> needs to predict or to continue training.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelFile().Save(path);
    }

    /// <summary>Writes the model file of <see cref="Save"/> to a stream (for a <see cref="Io.CheckpointSeries"/>).</summary>
    public void SaveTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ModelFile().WriteTo(destination);
    }

    /// <summary>
    /// The trained policy's deterministic path as an ONNX description: observation normalisation (with the current
    /// statistics), the actor and its head, labelled with the environment and algorithm (see <c>docs/onnx.md</c>).
    /// </summary>
    public OnnxPolicyGraph DescribeForOnnx()
    {
        var graph = Policy.DescribeForOnnx();
        if (ObservationNormalizer is { } normalizer) graph.Normalization = OnnxNormalization.From(normalizer);
        graph.EnvId = EnvId;
        graph.Algorithm = AlgorithmName;
        return graph;
    }

    /// <summary>Writes <see cref="DescribeForOnnx"/> as an ONNX model (atomically).</summary>
    public void ExportOnnx(string path) => OnnxExporter.Save(DescribeForOnnx(), path);

    /// <summary>Adds algorithm-specific state (generator states, …) to a model file being written.</summary>
    protected virtual void WriteState(ModelWriter writer) { }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    protected virtual void ReadState(ModelReader reader) { }

    private ModelWriter ModelFile()
    {
        var w = new ModelWriter(AlgorithmName, EnvId, ObservationSpace, ActionSpace);
        w.SetOptions(OptionSettings());
        w.AddParameters(Policy.Parameters);
        if (ObservationNormalizer is { } obs) w.AddNormalizer("obs", ToStatistics(obs.Statistics.GetState()));
        if (RewardNormalizer is { } reward) w.AddNormalizer("reward", ToStatistics(reward.Statistics.GetState()));
        if (Optimizer is { } optimizer)
        {
            var state = optimizer.ExportState();
            w.Add(ModelSections.Optimizer + optimizer.Name.ToLowerInvariant(), state.Values, [state.Values.Length]);
            w.SetCounter("optimizer_steps", state.Steps);
        }
        w.SetCounter("num_timesteps", NumTimesteps);
        w.SetCounter("iterations", Iterations);
        w.SetCounter("updates", Updates);
        w.SetCounter("episodes", Episodes.TotalEpisodes);
        w.SetCounter("seed", Seed);
        w.SetCounter("learn_start", LearnStartTimesteps);
        w.SetCounter("learn_target", LearnTargetTimesteps);
        w.SetCounter("learn_milliseconds", (long)Math.Round(LearnSeconds * 1000));
        var window = Episodes.GetState();
        w.Add(EpisodeReturnsTensor, window.Returns, [window.Returns.Length]);
        w.Add(EpisodeLengthsTensor, window.Lengths, [window.Lengths.Length]);
        w.SetCounter("episode_window_count", window.Count);
        w.SetCounter("episode_window_next", window.Next);
        WriteState(w);
        return w;
    }

    private const string EpisodeReturnsTensor = "episodes/returns", EpisodeLengthsTensor = "episodes/lengths";

    /// <summary>
    /// Restores into this model everything <see cref="Save"/> wrote to <paramref name="reader"/>'s file; the model must have
    /// been built with the file's options for its environment (what the CLI's algorithm registry does to load any model).
    /// </summary>
    internal void RestoreFrom(ModelReader reader) => Restore(reader);

    /// <summary>Opens a model file written by <see cref="Save"/> for <paramref name="algorithm"/>, checking it against <paramref name="env"/> when given.</summary>
    protected static ModelReader OpenModel(string path, string algorithm, VectorEnv? env)
    {
        var r = ModelReader.Open(path);
        r.CheckAlgorithm(algorithm);
        SavedNetworkSize.Check(r);
        if (env is not null) r.CheckCompatible(env.Spec?.Id ?? env.Name, env.SingleObservationSpace, env.SingleActionSpace);
        return r;
    }

    /// <summary>Restores parameters, normaliser statistics, optimizer state, counters and the algorithm's own state saved by <see cref="Save"/>.</summary>
    protected void Restore(ModelReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.LoadParameters(Policy.Parameters);
        if (ObservationNormalizer is { } obs) obs.Statistics.SetState(FromStatistics(r.GetNormalizer("obs", obs.Size)));
        if (RewardNormalizer is { } reward) reward.Statistics.SetState(FromStatistics(r.GetNormalizer("reward", 1)));
        if (Optimizer is { } optimizer)
        {
            var values = r.GetFloat32(ModelSections.Optimizer + optimizer.Name.ToLowerInvariant(), [optimizer.StateBuffers * optimizer.Parameters.Size]);
            optimizer.ImportState(new OptimizerState(optimizer.Name, r.GetCounter("optimizer_steps"), values));
        }
        NumTimesteps = r.GetCounter("num_timesteps", min: 0);
        Iterations = r.GetCounter("iterations", min: 0);
        Updates = r.GetCounter("updates", min: 0);
        if (r.Counters.ContainsKey("learn_target"))
        {
            LearnStartTimesteps = r.GetCounter("learn_start", min: 0);
            LearnTargetTimesteps = r.GetCounter("learn_target", min: 0);
            _learnSeconds = Math.Max(0, r.Counters.GetValueOrDefault("learn_milliseconds")) / 1000.0;
        }
        if (r.Contains(EpisodeReturnsTensor))
        {
            int capacity = Episodes.Capacity;
            long count = r.GetCounter("episode_window_count"), next = r.GetCounter("episode_window_next");
            if (count < 0 || count > capacity || next < 0 || next >= capacity)
                throw new ModelFormatException(r.Source, $"episode_window_count = {count} and episode_window_next = {next} do not fit a window of {capacity} episodes.");
            Episodes.SetState(new EpisodeWindowState(r.GetFloat64(EpisodeReturnsTensor, [capacity]), r.GetFloat64(EpisodeLengthsTensor, [capacity]),
                (int)count, (int)next, r.GetCounter("episodes", min: 0)));
        }
        ReadState(r);
    }

    /// <summary>
    /// Throws a <see cref="NonFiniteException"/> naming the first term of <paramref name="terms"/> that is NaN or infinite,
    /// before any gradient is applied (so the parameters stay those of the last good update).
    /// </summary>
    protected void CheckLossTerms(params ReadOnlySpan<(string Name, double Value)> terms)
    {
        foreach (var (name, value) in terms)
            if (!double.IsFinite(value))
                throw new NonFiniteException($"{AlgorithmName}: the {name} is {value} at update {Updates + 1} (after {NumTimesteps} environment steps); " +
                    "training stopped and the parameters are those before this update. Lower the learning rate or check the rewards and observations.");
    }

    private static NormalizerStatistics ToStatistics(RunningMeanStdState s) => new(s.Mean, s.Variance, s.Count);

    private static RunningMeanStdState FromStatistics(NormalizerStatistics s) => new(s.Mean, s.Variance, s.Count);

    /// <summary>Releases the environments the algorithm created and the logger.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(true);
        Logger.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the derived algorithm's resources (environments it created, worker threads).</summary>
    protected virtual void Dispose(bool disposing) { }
}
