using System.Diagnostics;

namespace Ascent.Search;

/// <summary>
/// The driver: ask the method for a generation, evaluate it, tell the fitness, report — until the budget,
/// the target or the method's convergence stops it.
/// </summary>
/// <example><code>
/// var method = new CovarianceMatrixAdaptation(new double[10], new CmaEsOptions { InitialStepSize = 0.5 }, seed: 1);
/// using var loop = new SearchLoop(method, FunctionObjective.Minimize(10, TestFunctions.Rosenbrock));
/// var result = loop.Run(new SearchBudget { MaxEvaluations = 20_000, TargetFitness = -1e-8 }, r => Console.WriteLine(r));
/// </code></example>
public sealed class SearchLoop : IDisposable
{
    private readonly bool _ownsEvaluator;
    private double[] _fitness = [];

    /// <summary>Drives <paramref name="method"/> on <paramref name="objective"/> with a new evaluator.</summary>
    public SearchLoop(ISearchMethod method, IObjective objective, EvaluationOptions? evaluation = null)
        : this(method, new PopulationEvaluator(objective, evaluation), ownsEvaluator: true) { }

    /// <summary>Drives <paramref name="method"/> with an existing evaluator (not disposed by the loop).</summary>
    public SearchLoop(ISearchMethod method, PopulationEvaluator evaluator) : this(method, evaluator, ownsEvaluator: false) { }

    private SearchLoop(ISearchMethod method, PopulationEvaluator evaluator, bool ownsEvaluator)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(evaluator);
        if (method.Dimension != evaluator.Objective.Dimension)
        {
            if (ownsEvaluator) evaluator.Dispose();
            throw new ArgumentException($"SearchLoop: the method searches {method.Dimension} parameters but the objective takes {evaluator.Objective.Dimension}.");
        }
        Method = method;
        Evaluator = evaluator;
        _ownsEvaluator = ownsEvaluator;
    }

    /// <summary>The search method.</summary>
    public ISearchMethod Method { get; }

    /// <summary>The evaluator.</summary>
    public PopulationEvaluator Evaluator { get; }

    /// <summary>Called before each generation is evaluated (after the budget allowed it), e.g. for a training callback's
    /// "rollout start". Null by default.</summary>
    public Action? OnGenerationStart { get; set; }

    /// <summary>Runs generations until a limit of <paramref name="budget"/> is reached (limits count from this
    /// call; a second call continues the search), calling <paramref name="onGeneration"/> after each.</summary>
    public SearchResult Run(SearchBudget budget, Action<GenerationReport>? onGeneration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        budget.Validate();
        var clock = Stopwatch.StartNew();
        long startEvaluations = Evaluator.Evaluations, startSteps = Evaluator.Steps;
        int generations = 0;
        int episodes = Evaluator.Options.EpisodesPerCandidate;
        StopReason reason;
        while (true)
        {
            if (budget.TargetFitness is double target && Method.BestFitness >= target) { reason = StopReason.TargetReached; break; }
            if (budget.MaxGenerations is int maxGenerations && generations >= maxGenerations) { reason = StopReason.Generations; break; }
            if (budget.MaxSteps is long maxSteps && Evaluator.Steps - startSteps >= maxSteps) { reason = StopReason.Steps; break; }
            if (Method.HasConverged) { reason = StopReason.Converged; break; }
            if (cancellationToken.IsCancellationRequested) { reason = StopReason.Cancelled; break; }

            var population = Method.Ask();
            if (budget.MaxEvaluations is long maxEvaluations &&
                Evaluator.Evaluations - startEvaluations + (long)population.Count * episodes > maxEvaluations)
            {
                reason = StopReason.Evaluations; // the asked generation stays pending; the next run evaluates it
                break;
            }
            if (_fitness.Length < population.Count) _fitness = new double[population.Count];
            var fitness = _fitness.AsSpan(0, population.Count);
            OnGenerationStart?.Invoke();
            Evaluator.Evaluate(population, Method.Generation, fitness);
            Method.Tell(fitness);
            generations++;
            onGeneration?.Invoke(Report(fitness, clock.Elapsed));
        }
        return new SearchResult(reason, Method.Generation, Evaluator.Evaluations, Evaluator.Steps,
            Method.Best.ToArray(), Method.BestFitness, Method.Current.ToArray(), clock.Elapsed);
    }

    private GenerationReport Report(ReadOnlySpan<double> fitness, TimeSpan elapsed)
    {
        double best = double.NegativeInfinity, sum = 0;
        foreach (double f in fitness) { best = Math.Max(best, f); sum += f; }
        double mean = sum / fitness.Length, squares = 0;
        foreach (double f in fitness) squares += (f - mean) * (f - mean);
        return new GenerationReport(Method.Generation, Evaluator.Evaluations, Evaluator.Steps, best, mean,
            Math.Sqrt(squares / fitness.Length), Method.BestFitness, Method.StepSize, elapsed);
    }

    /// <summary>Disposes the evaluator if the loop created it.</summary>
    public void Dispose()
    {
        if (_ownsEvaluator) Evaluator.Dispose();
    }
}
