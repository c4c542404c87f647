using System.Runtime.ExceptionServices;
using Ascent.Autodiff;
using Ascent.Environments;
using Ascent.Environments.Vector;
using Ascent.Estimators;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;

namespace Ascent.Algorithms;

/// <summary>
/// Asynchronous advantage actor-critic (A3C, Mnih et al. 2016): <c>n_workers</c> threads, each with its own
/// environments and its own copy of the networks, run A2C's loop independently — copy the shared parameters, generate a
/// segment, compute advantages, compute the gradient of <see cref="ActorCriticLoss"/> — and apply their gradients to the
/// shared parameters with a lock-free shared RMSprop (<see cref="SharedRmsProp"/>, Hogwild).
/// </summary>
/// <remarks>
/// <para><b>Memory model</b> (see also <see cref="SharedRmsProp"/>). Shared without locks: the parameters θ of
/// <see cref="BaseAlgorithm.Policy"/> and the RMSprop statistics — workers read θ while others write it (a copy may mix
/// older and newer entries) and concurrent updates of one element may lose one of them; no element is ever torn.
/// Shared with atomic operations: the step and update counters (<see cref="Interlocked"/>) and the stop flag
/// (<see cref="Volatile"/>). Shared under a lock: the finished-episode window and the last update's statistics (rare
/// writes). Each worker's environments, local networks, tape, buffer and generator are its own.</para>
/// <para><b>Nondeterminism.</b> With more than one worker the interleaving of updates depends on the scheduler, so runs
/// differ even with the same seed. With one worker there is no race: A3C is then exactly A2C with that worker's
/// environments (a test checks the parameters bit for bit).</para>
/// <para><b>Callbacks</b> run on the thread that called <see cref="Learn"/>: <see cref="TrainingCallback.OnStep"/>
/// about every 5 ms (not after every environment step) and can stop training. <see cref="TrainingCallback.OnRolloutStart"/>
/// is called only at <b>pauses</b>: once the workers' step count reaches a callback's <see cref="TrainingCallback.PauseAtStep"/>
/// (a <see cref="CheckpointCallback"/>'s next checkpoint), each worker finishes its segment and update and waits at a
/// barrier before copying θ again; with all of them waiting, the parameters, the shared RMSprop statistics, every worker's
/// generator and environments and the counters form one consistent state, which the callback saves; then the workers go
/// on. Logs are written from that thread every <c>logInterval</c> updates (summed over workers).</para>
/// <para><b>Checkpoints and resume.</b> A checkpoint taken at a pause (or after a clean stop) holds that state, and
/// <see cref="ContinueLearning"/> after <see cref="Load"/> starts every worker where it waited. With one worker the pauses
/// change nothing and the resumed run ends bit-identical to an uninterrupted one (a test checks this). With several,
/// the resumed run continues from exactly the saved state, but — as two uninterrupted runs with the same seed — it is not
/// reproducible bit for bit: which worker's update lands first after the pause depends on the scheduler.</para>
/// <para><b>Randomness.</b> Weights from child 0 of <c>Rng(seed)</c>; worker k samples actions from child 1 (k = 0) or
/// 100 + k, and resets its environment i with <c>seed + k·n_envs + i</c>.</para>
/// </remarks>
public sealed class A3c : BaseAlgorithm
{
    private readonly Worker[] _workers;
    private readonly SharedRmsProp _optimizer;
    private readonly EpisodeWindow _episodes = new();
    private readonly object _episodesGate = new(), _statsGate = new();
    private long _steps, _updates, _target, _start, _budget;
    private bool _stop, _finishSegments, _envsStarted;
    private readonly bool _registeredEnvs;
    private Exception? _failure;
    private (ActorCriticLossTerms Terms, double GradNorm, float LearningRate) _last;
    private CountdownEvent? _running;
    private readonly object _pauseGate = new();
    private long _pauseAt = long.MaxValue;      // workers park once the step count reaches this (the callbacks' PauseAtStep)
    private bool _pauseRequested;               // a worker reached _pauseAt: the others park at their next iteration boundary
    private int _parked, _active;               // workers waiting at the barrier / not yet finished (under _pauseGate)
    private bool _paused;                       // every running worker is parked: the state is consistent

    /// <summary>Trains on copies of the registered environment <paramref name="envId"/> (<c>n_envs</c> per worker).</summary>
    public A3c(string envId, A3cOptions? options = null) : this(Validated(options), n => Envs.MakeVector(envId, n), registeredEnvs: true) { }

    /// <summary>Trains on vector environments made by <paramref name="makeEnv"/> (called once per worker with <c>n_envs</c>).</summary>
    public A3c(Func<int, VectorEnv> makeEnv, A3cOptions? options = null) : this(Validated(options), makeEnv, registeredEnvs: false) { }

    private A3c(A3cOptions options, Func<int, VectorEnv> makeEnv, bool registeredEnvs)
        : this(options with { OnPolicy = options.OnPolicy with { Seed = options.OnPolicy.Seed ?? DrawSeed() } }, MakeFirst(makeEnv, options), makeEnv, registeredEnvs) { }

    /// <param name="options">The validated options with a resolved seed.</param>
    /// <param name="first">Worker 0's environments.</param>
    /// <param name="makeEnv">Makes the other workers' environments.</param>
    /// <param name="registeredEnvs">Whether the environments are <c>Envs.MakeVector</c>'s (as <see cref="Load"/> makes them), so their state is saved with the model.</param>
    private A3c(A3cOptions options, VectorEnv first, Func<int, VectorEnv> makeEnv, bool registeredEnvs)
        : base("a3c", first.Spec?.Id ?? first.Name, options.OnPolicy.Seed!.Value, first.SingleObservationSpace, first.SingleObservationSpace,
            first.SingleActionSpace, PolicyArchitecture.From(options.OnPolicy.PolicyKwargs, options.OnPolicy.SharedTrunk, options.OnPolicy.UseSde))
    {
        Options = options;
        _registeredEnvs = registeredEnvs;
        _optimizer = new SharedRmsProp(Policy.Parameters, (float)options.RmsPropAlpha, (float)options.RmsPropEps);
        _workers = new Worker[options.NWorkers];
        try
        {
            for (int k = 0; k < _workers.Length; k++)
            {
                var env = k == 0 ? first : makeEnv(options.OnPolicy.NEnvs);
                _workers[k] = new Worker(this, k, env);
            }
        }
        catch
        {
            foreach (var w in _workers) w?.Env.Dispose();
            if (_workers[0] is null) first.Dispose();
            throw;
        }
    }

    /// <summary>The options in force (with the resolved seed).</summary>
    public A3cOptions Options { get; }

    /// <summary>The shared RMSprop (its statistics are saved with the model).</summary>
    public SharedRmsProp SharedOptimizer => _optimizer;

    /// <summary>A3C's optimizer is <see cref="SharedOptimizer"/>, not an <see cref="Nn.Optimizers.Optimizer"/>.</summary>
    public override Optimizer? Optimizer => null;

    /// <summary>The most recent finished episodes of all workers (written under a lock while training).</summary>
    public override EpisodeWindow Episodes => _episodes;

    /// <inheritdoc />
    public override long DefaultTimesteps => Options.OnPolicy.NTimesteps;

    /// <summary>
    /// Trains until the workers together have taken <paramref name="totalTimesteps"/> more environment steps (each
    /// finishes the segment it is collecting). Blocks the calling thread, which runs the callback and the logging.
    /// </summary>
    public override void Learn(long totalTimesteps, TrainingCallback? callback = null, int logInterval = 100)
    {
        CheckLearnArguments(totalTimesteps, logInterval);
        Run(NumTimesteps, NumTimesteps + totalTimesteps, continuing: false, callback, logInterval);
    }

    /// <summary>Finishes an interrupted <see cref="Learn"/> call with its original budget (the learning-rate schedule continues where it was).</summary>
    public override void ContinueLearning(TrainingCallback? callback = null, int logInterval = 100)
    {
        CheckContinueArguments(logInterval);
        Run(LearnStartTimesteps, LearnTargetTimesteps, continuing: true, callback, logInterval);
    }

    private void Run(long start, long target, bool continuing, TrainingCallback? callback, int logInterval)
    {
        if (!_envsStarted)
        {
            for (int k = 0; k < _workers.Length; k++) _workers[k].Collector.Reset(Seed + k * Options.OnPolicy.NEnvs);
            _envsStarted = true;
        }
        _start = start;
        _target = target;
        _budget = target - start;
        Interlocked.Exchange(ref _steps, NumTimesteps);
        Interlocked.Exchange(ref _updates, Updates);
        Volatile.Write(ref _stop, false);
        _failure = null;
        (_pauseRequested, _parked, _active) = (false, 0, _workers.Length);
        var context = BeginContext(start, target, continuing);
        try
        {
            callback?.OnTrainingStart(context);
            Volatile.Write(ref _pauseAt, callback?.PauseAtStep ?? long.MaxValue);
            using var running = _running = new CountdownEvent(_workers.Length);
            var threads = _workers.Select(w => new Thread(w.Run) { IsBackground = true, Name = $"a3c-worker-{w.Index}" }).ToArray();
            foreach (var t in threads) t.Start();
            long nextDump = logInterval > 0 ? Updates + logInterval : long.MaxValue;
            while (!running.Wait(5))
            {
                if (Volatile.Read(ref _pauseRequested)) Pause(context, callback!);
                SyncCounters();
                if (callback is not null && !Volatile.Read(ref _stop) && !callback.OnStep(context))
                {
                    Volatile.Write(ref _stop, true);
                    context.Stopped = true;
                }
                if (context.StopRequested) Volatile.Write(ref _finishSegments, true);   // workers stop after their current update
                if (Updates >= nextDump)
                {
                    Dump(context);
                    while (nextDump <= Updates) nextDump += logInterval;
                }
            }
            foreach (var t in threads) t.Join();
            _running = null;
            Volatile.Write(ref _finishSegments, false);
            SyncCounters();
            if (context.StopRequested) context.Stopped = true;
            if (_failure is not null) ExceptionDispatchInfo.Capture(_failure).Throw();
            Dump(context);
            callback?.OnTrainingEnd(context);
        }
        finally
        {
            EndContext(context);
        }
    }

    /// <summary>
    /// Waits until every running worker is parked at the barrier, calls <see cref="TrainingCallback.OnRolloutStart"/> (e.g. to
    /// save a checkpoint) with the state at rest, and releases the workers. A failing callback stops training (its exception
    /// is rethrown once the workers have finished).
    /// </summary>
    private void Pause(TrainingContext context, TrainingCallback callback)
    {
        lock (_pauseGate)
            while (_parked < _active) Monitor.Wait(_pauseGate);
        _paused = true;
        try
        {
            SyncCounters();
            callback.OnRolloutStart(context);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            Volatile.Write(ref _stop, true);
        }
        finally
        {
            _paused = false;
            Volatile.Write(ref _pauseAt, callback.PauseAtStep);
            lock (_pauseGate)
            {
                _pauseRequested = false;
                Monitor.PulseAll(_pauseGate);
            }
        }
    }

    /// <summary>Called by a worker between two iterations when a pause is due: waits at the barrier until <see cref="Pause"/> releases it.</summary>
    private void Park()
    {
        lock (_pauseGate)
        {
            _pauseRequested = true;
            _parked++;
            Monitor.PulseAll(_pauseGate);
            while (_pauseRequested) Monitor.Wait(_pauseGate);
            _parked--;
        }
    }

    /// <summary>Called by a worker when it finishes, so a pause no longer waits for it.</summary>
    private void Retire()
    {
        lock (_pauseGate)
        {
            _active--;
            Monitor.PulseAll(_pauseGate);
        }
    }

    private void SyncCounters()
    {
        NumTimesteps = Interlocked.Read(ref _steps);
        Updates = Interlocked.Read(ref _updates);
        Iterations = Updates;
    }

    private void Dump(TrainingContext context)
    {
        lock (_statsGate)
        {
            if (Updates > 0)
            {
                Logger.Record(LogKeys.PolicyGradientLoss, _last.Terms.PolicyGradient);
                Logger.Record(LogKeys.ValueLoss, _last.Terms.ValueLoss);
                Logger.Record(LogKeys.EntropyLoss, -_last.Terms.Entropy);
                Logger.Record(LogKeys.Loss, _last.Terms.Total);
                Logger.Record(LogKeys.GradNorm, _last.GradNorm);
                Logger.Record(LogKeys.LearningRate, _last.LearningRate);
            }
        }
        Logger.Record(LogKeys.UpdateCount, Updates);
        lock (_episodesGate) DumpLogs(context);
    }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> OptionSettings() => OptionsBinder.ToSettings(Options);

    /// <inheritdoc />
    public override string OptionsYaml(string? comment = null) => OptionsBinder.ToYaml(Options, EnvId, comment);

    /// <inheritdoc />
    protected override void WriteState(ModelWriter writer)
    {
        writer.Add(ModelSections.Optimizer + "shared_rmsprop", _optimizer.State, [_optimizer.State.Length]);
        writer.SetCounter("optimizer_steps", _optimizer.Steps);
        foreach (var w in _workers)
        {
            writer.AddRngState($"actions_{w.Index}", w.Collector.Rng.GetState());
            if (_envsStarted && _registeredEnvs && (_running is null || _paused))    // not while workers step them (a best model saved mid-run)
                EnvironmentCheckpoint.Write(writer, w.Env, WorkerEnvPrefix(w.Index));
        }
    }

    private static string WorkerEnvPrefix(int worker) => $"{EnvironmentCheckpoint.Prefix}worker{worker}/";

    /// <inheritdoc />
    protected override void ReadState(ModelReader reader)
    {
        _optimizer.Restore(reader.GetFloat32(ModelSections.Optimizer + "shared_rmsprop", [_optimizer.State.Length]), reader.GetCounter("optimizer_steps"));
        bool restored = _workers.Length > 0;
        foreach (var w in _workers)
        {
            if (reader.Contains(ModelSections.Rng + $"actions_{w.Index}")) w.Collector.Rng.SetState(reader.GetRngState($"actions_{w.Index}"));
            restored &= EnvironmentCheckpoint.TryRestore(reader, w.Env, WorkerEnvPrefix(w.Index));
        }
        if (!restored) return;                       // a worker without saved environments: all start from a reset
        foreach (var w in _workers) w.Collector.ContinueFromEnvironmentState(NumTimesteps);
        _envsStarted = true;
    }

    /// <summary>Loads a model saved by <see cref="BaseAlgorithm.Save"/>, with new copies of the saved environment for its workers.</summary>
    public static A3c Load(string path)
    {
        var r = OpenModel(path, "a3c", null);
        var options = OptionsBinder.ApplySettings(new A3cOptions(), r.Options, r.Source);
        string envId = r.EnvId;
        var model = new A3c(options, n => Envs.MakeVector(envId, n), registeredEnvs: true);
        model.Restore(r);
        return model;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var w in _workers) w.Env.Dispose();
    }

    private static A3cOptions Validated(A3cOptions? options) => OptionsValidation.Validate(options ?? new A3cOptions());

    private static VectorEnv MakeFirst(Func<int, VectorEnv> makeEnv, A3cOptions options)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        var env = makeEnv(options.OnPolicy.NEnvs) ?? throw new ArgumentException("A3c: the environment factory returned null.", nameof(makeEnv));
        if (env.NumEnvs != options.OnPolicy.NEnvs)
        {
            env.Dispose();
            throw new ArgumentException($"a3c: the environment factory made {env.NumEnvs} envs but n_envs = {options.OnPolicy.NEnvs}.", nameof(makeEnv));
        }
        return env;
    }

    /// <summary>One asynchronous learner: its environments, its copy of the networks, its segment and its loss.</summary>
    private sealed class Worker
    {
        private readonly A3c _owner;
        private readonly ActorCriticPolicy _local;
        private readonly RolloutBuffer _buffer;
        private readonly ActorCriticLoss _loss = new();
        private readonly float[] _scratch;
        private readonly Func<bool> _onStep;

        public Worker(A3c owner, int index, VectorEnv env)
        {
            _owner = owner;
            Index = index;
            Env = env;
            var o = owner.Options.OnPolicy;
            _local = new ActorCriticPolicy(owner.Policy.ObservationSpace, owner.Policy.ActionSpace, owner.Policy.Architecture, new Rng(0));
            _buffer = new RolloutBuffer(o.NSteps, o.NEnvs, env.ObservationSize, _local.ActionSize);
            Collector = new RolloutCollector(env, _local, owner.Root.Child(index == 0 ? 1u : 100u + (uint)index), o.BootstrapTruncated, o.SdeSampleFreq)
            {
                EpisodeFinished = episode => { lock (owner._episodesGate) owner._episodes.Add(episode); },
            };
            _scratch = new float[owner._optimizer.LargestParameter];
            _onStep = () =>
            {
                Interlocked.Add(ref owner._steps, env.NumEnvs);
                return !Volatile.Read(ref owner._stop);
            };
        }

        public int Index { get; }

        public VectorEnv Env { get; }

        public RolloutCollector Collector { get; }

        /// <summary>The worker's loop: A2C's iteration against the shared parameters, until the budget is spent or training stops.</summary>
        public void Run()
        {
            var a = _owner;
            var options = a.Options;
            try
            {
                while (true)
                {
                    if (Volatile.Read(ref a._pauseRequested) || Interlocked.Read(ref a._steps) >= Volatile.Read(ref a._pauseAt)) a.Park();   // between two iterations
                    if (Volatile.Read(ref a._stop) || Volatile.Read(ref a._finishSegments) || Interlocked.Read(ref a._steps) >= a._target) break;
                    _local.CopyParametersFrom(a.Policy);                                                         // θ' ← θ (lock-free read)
                    if (!Collector.Collect(_buffer, _onStep)) break;                                             // generate samples
                    _buffer.ComputeAdvantages((float)options.OnPolicy.Gamma, (float)options.OnPolicy.GaeLambda, options.OnPolicy.ValueTarget);
                    if (options.OnPolicy.NormalizeAdvantage) AdvantageNormalization.Normalize(_buffer.Advantages.Span);
                    double progress = Math.Max(0.0, 1.0 - (double)(Interlocked.Read(ref a._steps) - a._start) / a._budget);
                    float lr = (float)options.LearningRate.Value(progress);
                    var terms = _loss.Record(_local, _buffer.Observations, _buffer.Actions, _buffer.Advantages, _buffer.Returns, (float)options.EntCoef, (float)options.VfCoef);
                    a.CheckLossTerms(("policy-gradient term", terms.PolicyGradient), ("entropy term", terms.Entropy), ("value loss", terms.ValueLoss), ("total loss", terms.Total));
                    _local.Parameters.ZeroGrad();
                    _loss.Backward();
                    double norm = GradientClipping.ClipByGlobalNorm(_local.Parameters, (float)options.MaxGradNorm);
                    a._optimizer.Apply(_local.Parameters, lr, _scratch);                                         // θ ← θ − lr·RMSprop(∇θ') (lock-free)
                    Interlocked.Increment(ref a._updates);
                    lock (a._statsGate) a._last = (terms, norm, lr);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref a._failure, e is NonFiniteException ? new NonFiniteException($"a3c worker {Index}: {e.Message}") : e, null);
                Volatile.Write(ref a._stop, true);
            }
            finally
            {
                a.Retire();
                a._running?.Signal();
            }
        }
    }
}
