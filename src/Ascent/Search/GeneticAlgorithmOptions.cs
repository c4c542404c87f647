namespace Ascent.Search;

/// <summary>Options of <see cref="GeneticAlgorithm"/>.</summary>
public sealed record GeneticAlgorithmOptions
{
    /// <summary>P, the population size (≥ 2). Default 100.</summary>
    public int PopulationSize { get; init; } = 100;

    /// <summary>E, the best members copied unchanged into the next generation (elitism), in [0, P−1]. Default 1.</summary>
    public int EliteCount { get; init; } = 1;

    /// <summary>k, the members drawn (with replacement) per tournament; the fittest becomes a parent. In [1, P]. Default 3.</summary>
    public int TournamentSize { get; init; } = 3;

    /// <summary>The probability that a child is a uniform crossover of two parents rather than a copy of one, in [0, 1]. Default 0.9.</summary>
    public double CrossoverRate { get; init; } = 0.9;

    /// <summary>The probability that a gene of a child is mutated, in [0, 1]; null means 1/n. Default null.</summary>
    public double? MutationRate { get; init; }

    /// <summary>σ_m, the standard deviation of the Gaussian added to a mutated gene (&gt; 0). Default 0.1.</summary>
    public double MutationStd { get; init; } = 0.1;

    /// <summary>σ_m is multiplied by this after every generation, in (0, 1]; 1 keeps it fixed. Default 1.</summary>
    public double MutationDecay { get; init; } = 1.0;

    /// <summary>The standard deviation of the initial population around the start point (&gt; 0). Default 0.5.</summary>
    public double InitialStd { get; init; } = 0.5;

    /// <summary>Re-evaluate the elites each generation instead of keeping their old fitness — for noisy objectives,
    /// where a lucky elite would otherwise survive forever. Default false.</summary>
    public bool ReevaluateElites { get; init; }
}
