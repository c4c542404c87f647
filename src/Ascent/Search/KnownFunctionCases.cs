namespace Ascent.Search;

/// <summary>
/// One stated result on a known function: a method with given settings minimises a function in 10 dimensions,
/// from a given start, to <see cref="Target"/> (measured as f(<see cref="ISearchMethod.Current"/>)) within
/// <see cref="Budget"/> evaluations. The unit tests assert these, <c>ascent bench search</c> measures them.
/// </summary>
/// <param name="Method">The method's display name.</param>
/// <param name="Function">The function's name.</param>
/// <param name="Settings">The non-default settings, for reports.</param>
/// <param name="F">The function to minimise.</param>
/// <param name="Start">The start point (fresh copy per call).</param>
/// <param name="Target">The value f(Current) must reach.</param>
/// <param name="Budget">The evaluations allowed.</param>
/// <param name="Create">Builds the method from a start point and a seed.</param>
/// <param name="UsesSeed">False for deterministic methods (Nelder–Mead), which are run once.</param>
public sealed record KnownFunctionCase(
    string Method, string Function, string Settings, ObjectiveFunction F, Func<double[]> Start,
    double Target, long Budget, Func<double[], ulong, ISearchMethod> Create, bool UsesSeed = true)
{
    /// <summary>"method/function: target within budget".</summary>
    public override string ToString() => FormattableString.Invariant($"{Method}/{Function}{(Settings.Length > 0 ? " [" + Settings + "]" : "")}: f ≤ {Target:G3} within {Budget}");
}

/// <summary>
/// The stated accuracy of every method on 10-D sphere (start (1, …, 1), f = 10) and 10-D Rosenbrock (start 0,
/// f = 9). Targets for the weaker methods were set from measured runs (seeds 1–5) with a margin; see
/// docs/search.md for the measured values.
/// </summary>
public static class KnownFunctionCases
{
    /// <summary>The dimension of every case.</summary>
    public const int Dimension = 10;

    private static double[] Ones() => Enumerable.Repeat(1.0, Dimension).ToArray();
    private static double[] Origin() => new double[Dimension];

    private static KnownFunctionCase Sphere(string method, string settings, double target, long budget, Func<double[], ulong, ISearchMethod> create, bool usesSeed = true) =>
        new(method, "sphere", settings, TestFunctions.Sphere, Ones, target, budget, create, usesSeed);

    private static KnownFunctionCase Rosenbrock(string method, string settings, double target, long budget, Func<double[], ulong, ISearchMethod> create, bool usesSeed = true) =>
        new(method, "rosenbrock", settings, TestFunctions.Rosenbrock, Origin, target, budget, create, usesSeed);

    /// <summary>Every case.</summary>
    public static IReadOnlyList<KnownFunctionCase> All { get; } =
    [
        Sphere("cma-es", "", 1e-10, 3_000, (x, s) => new CovarianceMatrixAdaptation(x, new CmaEsOptions(), seed: s)),
        Rosenbrock("cma-es", "", 1e-8, 20_000, (x, s) => new CovarianceMatrixAdaptation(x, new CmaEsOptions(), seed: s)),

        Sphere("hill", "", 1e-8, 2_000, (x, s) => new HillClimbing(x, new HillClimbingOptions(), seed: s)),
        Rosenbrock("hill", "", 0.5, 20_000, (x, s) => new HillClimbing(x, new HillClimbingOptions(), seed: s)),

        Sphere("nelder-mead", "", 1e-8, 3_000, (x, _) => new NelderMead(x), usesSeed: false),
        Rosenbrock("nelder-mead", "", 1e-8, 10_000, (x, _) => new NelderMead(x), usesSeed: false),

        Sphere("ga", "", 1e-4, 20_000, (x, s) => new GeneticAlgorithm(x, new GeneticAlgorithmOptions(), seed: s)),
        Rosenbrock("ga", "", 7.5, 20_000, (x, s) => new GeneticAlgorithm(x, new GeneticAlgorithmOptions(), seed: s)),

        Sphere("cem", "floor 0.01", 1e-3, 20_000, (x, s) => new CrossEntropyMethod(x, new CrossEntropyMethodOptions { NoiseFloor = 0.01 }, seed: s)),
        Rosenbrock("cem", "floor 0.01", 1.5, 50_000, (x, s) => new CrossEntropyMethod(x, new CrossEntropyMethodOptions { NoiseFloor = 0.01 }, seed: s)),

        Sphere("es", "", 1e-5, 20_000, (x, s) => new EvolutionStrategies(x, new EvolutionStrategiesOptions(), seed: s)),
        Rosenbrock("es", "", 1.0, 20_000, (x, s) => new EvolutionStrategies(x, new EvolutionStrategiesOptions(), seed: s)),

        Sphere("ars", "", 1e-10, 20_000, (x, s) => new AugmentedRandomSearch(x, new AugmentedRandomSearchOptions(), seed: s)),
        Rosenbrock("ars", "", 2.0, 20_000, (x, s) => new AugmentedRandomSearch(x, new AugmentedRandomSearchOptions(), seed: s)),

        Sphere("fd-kohl-stone", "η decay 0.995", 1e-3, 20_000, (x, s) => new KohlStonePolicyGradient(x, new KohlStoneOptions { StepSizeDecay = 0.995 }, seed: s)),
        Rosenbrock("fd-kohl-stone", "ε 0.01, η 0.02", 1.0, 20_000, (x, s) => new KohlStonePolicyGradient(x, new KohlStoneOptions { Epsilon = 0.01, StepSize = 0.02 }, seed: s)),

        Sphere("fd", "α 0.25", 1e-12, 1_000, (x, _) => new FiniteDifferenceGradient(x, new FiniteDifferenceGradientOptions { LearningRate = 0.25 }), usesSeed: false),
        Rosenbrock("fd", "Adam", 1e-2, 20_000, (x, _) => new FiniteDifferenceGradient(x, new FiniteDifferenceGradientOptions { Step = GradientStepRule.Adam }), usesSeed: false),
        Sphere("fd", "random signs, α 0.25", 1e-10, 5_000, (x, s) => new FiniteDifferenceGradient(x, new FiniteDifferenceGradientOptions { Directions = PerturbationDirections.RandomSigns, LearningRate = 0.25 }, seed: s)),
        Rosenbrock("fd", "random signs, Adam", 1e-3, 20_000, (x, s) => new FiniteDifferenceGradient(x, new FiniteDifferenceGradientOptions { Directions = PerturbationDirections.RandomSigns, Step = GradientStepRule.Adam }, seed: s)),
    ];

    /// <summary>
    /// Runs <paramref name="case"/> with <paramref name="seed"/> on one thread until f(Current) ≤ target or
    /// <paramref name="budget"/> evaluations (default: the case's budget) are spent.
    /// </summary>
    /// <returns>f(Current) at the end, the evaluations used, and whether the target was reached.</returns>
    public static (double Value, long Evaluations, bool Reached) Run(KnownFunctionCase @case, ulong seed, long? budget = null, bool stopAtTarget = true)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var method = @case.Create(@case.Start(), seed);
        using var stop = new CancellationTokenSource();
        using var loop = new SearchLoop(method, FunctionObjective.Minimize(Dimension, @case.F), new EvaluationOptions { MaxDegreeOfParallelism = 1 });
        long? reachedAt = null;
        var result = loop.Run(SearchBudget.Evaluations(budget ?? @case.Budget), report =>
        {
            if (reachedAt is null && @case.F(method.Current) <= @case.Target)
            {
                reachedAt = report.Evaluations;
                if (stopAtTarget) stop.Cancel();
            }
        }, stop.Token);
        return (@case.F(method.Current), reachedAt ?? result.Evaluations, reachedAt is not null);
    }
}
