using System.Diagnostics;
using Ascent.Environments;
using Ascent.Environments.Spaces;
using Ascent.Io.Models;
using Ascent.Nn;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;
using Ascent.Search;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;
using PolicyEvaluation = Ascent.Training.Evaluation;

namespace Ascent.Algorithms.GradientFree;

/// <summary>
/// Gradient-free policy search as a trained model: a search method (<see cref="ISearchMethod"/>) proposes policy
/// parameter vectors, a <see cref="PolicyObjective"/> scores each by the return of its episodes — evaluated in parallel,
/// with results identical to a serial run — and the model always holds the method's current solution, ready to
/// <see cref="BaseAlgorithm.Predict(ReadOnlySpan{float}, Span{float}, bool)"/>, <see cref="BaseAlgorithm.Save"/> or
/// evaluate. <see cref="PolicySearch{TMethod}"/> binds it to one method's options.
/// </summary>
/// <remarks>
/// <para><b>The loop</b> (seed 000's "black-box" view of V(θ)): ask the method for a generation of candidates θ₁…θ_λ,
/// run K episodes of each, tell the method the mean returns, deploy its current solution (<see cref="ISearchMethod.Current"/>)
/// into <see cref="BaseAlgorithm.Policy"/> — until the budget is spent. Environment steps count every candidate episode,
/// so budgets and learning curves are in the same units as the gradient methods'.</para>
/// <para><b>Randomness.</b> One seed: initial weights from child 0 of <c>Rng(seed)</c> (as every model), the method's
/// sampling from child 3, episode k of candidate i in generation g reset with a seed derived from (seed, g, i, k)
/// (<see cref="EpisodeSeeds"/>). Two runs with the same seed and options give identical parameters, whatever the number
/// of threads.</para>
/// <para><b>Model files</b> hold the deployed policy, the observation normaliser (ARS V2), the options, the counters and the
/// best candidate seen. The method's own state (σ, covariance, moments) is not saved: <c>Learn</c> after <c>Load</c> starts
/// a new search from the saved policy.</para>
/// </remarks>
public abstract class PolicySearch : BaseAlgorithm
{
    private readonly ISearchMethodOptions _methodOptions;
    private readonly Func<Env> _makeEnv;
    private readonly ParameterSet _searched;
    private readonly float[] _flat;
    private readonly EpisodeWindow _episodes = new();
    private readonly PolicyObjective _objective;
    private readonly PopulationEvaluator _evaluator;
    private ISearchMethod? _method;
    private SearchLoop? _loop;
    private Env? _evaluationEnv;
    private long _evaluatorSteps;

    /// <summary>Builds the policy, the objective and the evaluator.</summary>
    /// <param name="makeEnv">Makes one environment (each evaluation thread makes its own).</param>
    /// <param name="envId">The environment id saved with the model.</param>
    /// <param name="settings">The shared settings, checked; a null seed is drawn here.</param>
    /// <param name="method">The method's options.</param>
    protected PolicySearch(Func<Env> makeEnv, string envId, PolicySearchSettings settings, ISearchMethodOptions method)
        : this(makeEnv, envId, Prepare(makeEnv, settings, method), method) { }

    private PolicySearch(Func<Env> makeEnv, string envId, Prepared p, ISearchMethodOptions method)
        : base(method.AlgorithmName, envId, p.Settings.Seed!.Value, p.ObservationSpace, p.ObservationSpace, p.ActionSpace,
            SearchPolicyArchitecture.For(p.Settings.Policy, p.Settings.LogStdInit))
    {
        _methodOptions = method;
        _makeEnv = makeEnv;
        Settings = p.Settings;
        _searched = SearchPolicyArchitecture.SearchedParameters(Policy);
        _flat = new float[_searched.Size];
        var architecture = Policy.Architecture;
        _objective = new PolicyObjective(makeEnv, () =>
            {
                var copy = new ActorCriticPolicy(ObservationSpace, ActionSpace, architecture, new Rng(0));
                copy.CopyParametersFrom(Policy);
                return copy;
            },
            policy => SearchPolicyArchitecture.SearchedParameters((ActorCriticPolicy)policy),
            new PolicyObjectiveOptions { Deterministic = Settings.Deterministic, NormalizeObservations = Settings.NormalizeObservations || method.NormalizesObservations });
        ObservationNormalizer = _objective.Normalizer?.Frozen;
        _evaluator = new PopulationEvaluator(_objective, new EvaluationOptions
        {
            Seed = (ulong)Seed,
            EpisodesPerCandidate = Settings.EpisodesPerCandidate,
            CommonRandomNumbers = Settings.CommonRandomNumbers,
            MaxDegreeOfParallelism = Settings.NThreads ?? Environment.ProcessorCount,
        });
    }

    /// <summary>The shared settings in force (with the resolved seed).</summary>
    public PolicySearchSettings Settings { get; }

    /// <summary>The search method; created on first use, starting at the policy's current parameters.</summary>
    public ISearchMethod Method => _method ??= _methodOptions.CreateMethod(SearchedValues(), Root.Child(3).NextUInt64());

    /// <summary>The objective: candidates → episode returns.</summary>
    public PolicyObjective Objective => _objective;

    /// <summary>The evaluator (its <see cref="PopulationEvaluator.Steps"/> count this model's search steps since creation or loading).</summary>
    public PopulationEvaluator Evaluator => _evaluator;

    /// <summary>The number of parameters searched (the actor's body and head).</summary>
    public int Dimension => _searched.Size;

    /// <summary>The last generation's statistics (null before the first).</summary>
    public GenerationReport? LastGeneration { get; private set; }

    /// <summary>The last evaluation of the current solution (null unless <c>eval_episodes</c> &gt; 0).</summary>
    public PolicyEvaluation? LastEvaluation { get; private set; }

    /// <summary>Wall-clock seconds spent searching (asking, evaluating candidates, telling) since creation, without the
    /// evaluations of the current solution and the logging.</summary>
    public double SearchSeconds { get; private set; }

    /// <inheritdoc/>
    public override Optimizer? Optimizer => null;

    /// <inheritdoc/>
    public override EpisodeWindow Episodes => _episodes;

    /// <inheritdoc/>
    public override long DefaultTimesteps => Settings.NTimesteps;

    /// <summary>
    /// Searches until <paramref name="budget"/> is spent (limits count from this call), deploying the method's current
    /// solution into the policy after every generation and calling <paramref name="onGeneration"/> (before the generation's
    /// log line is written, so it may record more values into <see cref="BaseAlgorithm.Logger"/>).
    /// </summary>
    public SearchResult Run(SearchBudget budget, Action<GenerationReport>? onGeneration = null, CancellationToken cancellationToken = default) =>
        Search(budget, null, 1, onGeneration, cancellationToken);

    /// <summary>Searches for <paramref name="totalTimesteps"/> more environment steps (the last generation may overrun them);
    /// a generation is one iteration for the callback (rollout start/end, one <c>OnStep</c>) and the log interval.</summary>
    public override void Learn(long totalTimesteps, TrainingCallback? callback = null, int logInterval = 1)
    {
        CheckLearnArguments(totalTimesteps, logInterval);
        Search(new SearchBudget { MaxSteps = totalTimesteps }, callback, logInterval, null, default);
    }

    private SearchResult Search(SearchBudget budget, TrainingCallback? callback, int logInterval, Action<GenerationReport>? onGeneration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        budget.Validate();
        var loop = _loop ??= new SearchLoop(Method, _evaluator);
        long target = budget.MaxSteps is long steps ? NumTimesteps + steps : long.MaxValue;
        var context = BeginContext(NumTimesteps, target, continuing: false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long searching = Stopwatch.GetTimestamp();
        loop.OnGenerationStart = callback is null ? null : () => callback.OnRolloutStart(context);
        try
        {
            callback?.OnTrainingStart(context);
            var result = loop.Run(budget, report =>
            {
                SearchSeconds += Stopwatch.GetElapsedTime(searching).TotalSeconds;
                AfterGeneration(report);
                callback?.OnRolloutEnd(context);
                onGeneration?.Invoke(report); // may record more values for this generation's log line
                if (callback is not null && !callback.OnStep(context)) context.Stopped = true;
                if (context.StopRequested) context.Stopped = true; // e.g. Ctrl-C: the generation is complete, stop here
                if (context.Stopped) stop.Cancel();
                if (logInterval > 0 && Iterations % logInterval == 0) DumpLogs(context);
                searching = Stopwatch.GetTimestamp();
            }, stop.Token);
            if (logInterval == 0 || Iterations % logInterval != 0) DumpLogs(context);
            callback?.OnTrainingEnd(context);
            return result;
        }
        finally
        {
            loop.OnGenerationStart = null;
            EndContext(context);
        }
    }

    /// <summary>Counts, records the episodes, deploys the current solution, evaluates it if asked, and logs the generation.</summary>
    private void AfterGeneration(GenerationReport report)
    {
        NumTimesteps += report.Steps - _evaluatorSteps;
        _evaluatorSteps = report.Steps;
        Iterations++;
        Updates++;
        LastGeneration = report;
        for (int i = 0; i < _objective.Candidates; i++)
            for (int k = 0; k < _objective.EpisodesOf(i); k++) _episodes.Add(_objective.Episode(i, k));
        Deploy(Method.Current);

        Logger.Record(SearchLogKeys.GenerationBest, report.Best);
        Logger.Record(SearchLogKeys.GenerationMean, report.Mean);
        Logger.Record(SearchLogKeys.GenerationStd, report.Std);
        Logger.Record(SearchLogKeys.BestEver, report.BestEver);
        Logger.Record(SearchLogKeys.StepSize, report.StepSize);
        Logger.Record(SearchLogKeys.Candidates, _objective.Candidates);
        if (Settings.EvalEpisodes > 0)
        {
            var evaluation = EvaluateCurrent(Settings.EvalEpisodes);
            Logger.Record(LogKeys.EvalMeanReward, evaluation.MeanReturn);
            Logger.Record(LogKeys.EvalMeanEpisodeLength, evaluation.Lengths.Average());
        }
    }

    /// <summary>Runs <paramref name="episodes"/> episodes (seeds 0, 1, …) of the current solution, with the mode of the policy
    /// unless the search samples actions; not counted as training steps.</summary>
    public PolicyEvaluation EvaluateCurrent(int episodes)
    {
        _evaluationEnv ??= _makeEnv();
        LastEvaluation = PolicyEvaluation.Run(this, _evaluationEnv, episodes, firstSeed: 0, deterministic: Settings.Deterministic);
        return LastEvaluation;
    }

    /// <summary>Sets the searched parameters of <see cref="BaseAlgorithm.Policy"/> to <paramref name="theta"/>.</summary>
    private void Deploy(ReadOnlySpan<double> theta)
    {
        for (int i = 0; i < _flat.Length; i++) _flat[i] = (float)theta[i];
        _searched.CopyValuesFrom(_flat);
    }

    private double[] SearchedValues()
    {
        _searched.CopyValuesTo(_flat);
        return Array.ConvertAll(_flat, v => (double)v);
    }

    /// <inheritdoc/>
    protected override void WriteState(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_method is { } method && method.Generation > 0)
        {
            writer.Add(SearchSection + "best", method.Best, [method.Dimension]);
            writer.Add(SearchSection + "best_fitness", [method.BestFitness], [1]);
        }
        if (_objective.Normalizer is { } normalizer)
        {
            var totals = normalizer.Totals;
            writer.Add(SearchSection + "obs_mean", totals.Mean, [totals.Size]);
            writer.Add(SearchSection + "obs_m2", totals.SumOfSquaredDeviations, [totals.Size]);
            writer.SetCounter("search_observations", totals.Count);
        }
    }

    /// <inheritdoc/>
    protected override void ReadState(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (_objective.Normalizer is { } normalizer)
        {
            int size = normalizer.Totals.Size;
            normalizer.Restore(reader.GetCounter("search_observations"), reader.GetFloat64(SearchSection + "obs_mean", [size]), reader.GetFloat64(SearchSection + "obs_m2", [size]));
        }
    }

    /// <summary>The prefix of the search's tensors in a model file.</summary>
    private const string SearchSection = "search/";

    /// <summary>Throws unless the environment <paramref name="makeEnv"/> makes fits the model file (id, spaces).</summary>
    protected static void CheckCompatible(ModelReader reader, Func<Env> makeEnv)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(makeEnv);
        using var env = makeEnv();
        reader.CheckCompatible(env.Spec?.Id ?? env.Name, env.ObservationSpace, env.ActionSpace);
    }

    /// <summary>The environment factory: <c>Envs.Make(envId)</c> with the settings' episode limit.</summary>
    protected static Func<Env> MakeRegistered(string envId, PolicySearchSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(envId);
        ArgumentNullException.ThrowIfNull(settings);
        Envs.Spec(envId); // an unknown id fails here, naming close matches
        int? limit = settings.MaxEpisodeSteps;
        return () => Envs.Make(envId, limit);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _evaluator.Dispose();
        _evaluationEnv?.Dispose();
    }

    private sealed record Prepared(PolicySearchSettings Settings, Space ObservationSpace, Space ActionSpace);

    /// <summary>Resolves the seed and reads the spaces from one environment.</summary>
    private static Prepared Prepare(Func<Env> makeEnv, PolicySearchSettings settings, ISearchMethodOptions method)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(method);
        settings = settings with { Seed = settings.Seed ?? DrawSeed() };
        using var env = makeEnv();
        if (env.ObservationSpace is not Box)
            throw new ArgumentException($"{method.AlgorithmName}: the observation space of {env.Name} must be a Box (flat float observations), got {env.ObservationSpace}.");
        return new Prepared(settings, env.ObservationSpace, env.ActionSpace);
    }
}
