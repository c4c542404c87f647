using Ascent.Io.Config;

namespace Ascent.Search;

/// <summary>Options of <see cref="GeneticAlgorithm"/>.</summary>
public sealed record GeneticAlgorithmOptions : ISearchMethodOptions, ICheckedOptions
{
    /// <summary>P, the population size (≥ 2). Default 100.</summary>
    [Option("population_size", "P, the population size.", Min = 2)]
    public int PopulationSize { get; init; } = 100;

    /// <summary>E, the best members copied unchanged into the next generation (elitism), in [0, P−1]. Default 1.</summary>
    [Option("elite_count", "E, the best members copied unchanged into the next generation.", Min = 0)]
    public int EliteCount { get; init; } = 1;

    /// <summary>k, the members drawn (with replacement) per tournament; the fittest becomes a parent. In [1, P]. Default 3.</summary>
    [Option("tournament_size", "k, members drawn per tournament; the fittest becomes a parent.", Min = 1)]
    public int TournamentSize { get; init; } = 3;

    /// <summary>The probability that a child is a uniform crossover of two parents rather than a copy of one, in [0, 1]. Default 0.9.</summary>
    [Option("crossover_rate", "Probability that a child is a uniform crossover of two parents.", Min = 0, Max = 1)]
    public double CrossoverRate { get; init; } = 0.9;

    /// <summary>The probability that a gene of a child is mutated, in [0, 1]; null means 1/n. Default null.</summary>
    [Option("mutation_rate", "Probability that a gene is mutated; null: 1/n.", Min = 0, Max = 1)]
    public double? MutationRate { get; init; }

    /// <summary>σ_m, the standard deviation of the Gaussian added to a mutated gene (&gt; 0). Default 0.1.</summary>
    [Option("mutation_std", "Standard deviation of the Gaussian added to a mutated gene.", Min = 0, MinExclusive = true)]
    public double MutationStd { get; init; } = 0.1;

    /// <summary>σ_m is multiplied by this after every generation, in (0, 1]; 1 keeps it fixed. Default 1.</summary>
    [Option("mutation_decay", "mutation_std is multiplied by this after every generation.", Min = 0, MinExclusive = true, Max = 1)]
    public double MutationDecay { get; init; } = 1.0;

    /// <summary>The standard deviation of the initial population around the start point (&gt; 0). Default 0.5.</summary>
    [Option("initial_std", "Standard deviation of the initial population around the start point.", Min = 0, MinExclusive = true)]
    public double InitialStd { get; init; } = 0.5;

    /// <summary>Re-evaluate the elites each generation instead of keeping their old fitness — for noisy objectives,
    /// where a lucky elite would otherwise survive forever. Default false.</summary>
    [Option("reevaluate_elites", "Re-evaluate the elites each generation (noisy objectives).")]
    public bool ReevaluateElites { get; init; }

    string ISearchMethodOptions.AlgorithmName => "ga";

    string ISearchMethodOptions.Summary => "Real-coded genetic algorithm: tournament selection, uniform crossover, Gaussian mutation, elitism.";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new GeneticAlgorithm(start, this, seed);

    /// <inheritdoc/>
    public void Check()
    {
        if (EliteCount > PopulationSize - 1)
            throw new ArgumentException($"elite_count = {EliteCount} is out of range: it must be at most population_size - 1 = {PopulationSize - 1}.");
        if (TournamentSize > PopulationSize)
            throw new ArgumentException($"tournament_size = {TournamentSize} is out of range: it must be at most population_size = {PopulationSize}.");
    }
}
