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

    /// <summary>The logger training records into; by default one without sinks. Set a run directory's logger to keep the curves.</summary>
    public Logger Logger { get; set; } = new();

    /// <summary>Trains for <paramref name="totalTimesteps"/> more environment steps; <paramref name="callback"/> can stop early; logs are dumped every <paramref name="logInterval"/> iterations (0: only at the end).</summary>
    public abstract void Learn(long totalTimesteps, TrainingCallback? callback = null, int logInterval = 100);

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
        Logger.Record(LogKeys.Fps, elapsed > 0 ? (NumTimesteps - context.StartTimesteps) / elapsed : 0);
        Logger.Record(LogKeys.Iterations, Iterations);
        Logger.Record(LogKeys.TimeElapsed, elapsed);
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
        WriteState(w);
        return w;
    }

    /// <summary>Opens a model file written by <see cref="Save"/> for <paramref name="algorithm"/>, checking it against <paramref name="env"/> when given.</summary>
    protected static ModelReader OpenModel(string path, string algorithm, VectorEnv? env)
    {
        var r = ModelReader.Open(path);
        r.CheckAlgorithm(algorithm);
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
            var values = r.GetFloat32(ModelSections.Optimizer + optimizer.Name.ToLowerInvariant(), [optimizer.StateBuffers * Policy.Parameters.Size]);
            optimizer.ImportState(new OptimizerState(optimizer.Name, r.GetCounter("optimizer_steps"), values));
        }
        NumTimesteps = r.GetCounter("num_timesteps");
        Iterations = r.GetCounter("iterations");
        Updates = r.GetCounter("updates");
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
