using Ascent.Io.Config;

namespace Ascent.Search;

/// <summary>Options of <see cref="CrossEntropyMethod"/>.</summary>
public sealed record CrossEntropyMethodOptions : ISearchMethodOptions
{
    /// <summary>λ, samples per generation (≥ 2). Default 50.</summary>
    [Option("population_size", "Samples per generation (lambda).", Min = 2)]
    public int PopulationSize { get; init; } = 50;

    /// <summary>ρ, the fraction of samples kept as elites, in (0, 1]; the elite count is ⌈ρλ⌉. Default 0.2.</summary>
    [Option("elite_fraction", "Fraction of samples kept as elites; the elite count is ceil(rho lambda).", Min = 0, MinExclusive = true, Max = 1)]
    public double EliteFraction { get; init; } = 0.2;

    /// <summary>σ₀, the initial standard deviation of every coordinate (&gt; 0). Default 0.5.</summary>
    [Option("initial_std", "Initial standard deviation of every coordinate.", Min = 0, MinExclusive = true)]
    public double InitialStd { get; init; } = 0.5;

    /// <summary>α, the smoothing of mean and standard deviation toward the elite estimates, in (0, 1]; 1 replaces
    /// them outright. Default 1.</summary>
    [Option("smoothing", "Smoothing of mean and std toward the elite fit (1 replaces them).", Min = 0, MinExclusive = true, Max = 1)]
    public double Smoothing { get; init; } = 1.0;

    /// <summary>a, extra variance added to every coordinate after the elite fit (Szita &amp; Lőrincz 2006) — keeps the
    /// distribution from collapsing on noisy objectives (≥ 0). Default 0.</summary>
    [Option("extra_noise", "Extra variance added after each elite fit (Szita & Lorincz), against collapse on noisy objectives.", Min = 0)]
    public double ExtraNoise { get; init; }

    /// <summary>c, the extra variance decreases by this each generation, Zₜ = max(a − c·t, 0) (≥ 0); 0 keeps it
    /// constant. Szita &amp; Lőrincz used a = 5, c = 0.1. Default 0.</summary>
    [Option("extra_noise_decrement", "The extra variance decreases by this each generation (0: constant).", Min = 0)]
    public double ExtraNoiseDecrement { get; init; }

    /// <summary>The smallest standard deviation a coordinate may have (≥ 0). Default 0.</summary>
    [Option("noise_floor", "Smallest standard deviation a coordinate may have.", Min = 0)]
    public double NoiseFloor { get; init; }

    string ISearchMethodOptions.AlgorithmName => "cem";

    string ISearchMethodOptions.Summary => "Cross-entropy method (Rubinstein 1999; Szita & Lőrincz 2006): refit a diagonal Gaussian to the elite candidates.";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new CrossEntropyMethod(start, this, seed);
}
