namespace Ascent.Search;

/// <summary>Options of <see cref="CrossEntropyMethod"/>.</summary>
public sealed record CrossEntropyMethodOptions
{
    /// <summary>λ, samples per generation (≥ 2). Default 50.</summary>
    public int PopulationSize { get; init; } = 50;

    /// <summary>ρ, the fraction of samples kept as elites, in (0, 1]; the elite count is ⌈ρλ⌉. Default 0.2.</summary>
    public double EliteFraction { get; init; } = 0.2;

    /// <summary>σ₀, the initial standard deviation of every coordinate (&gt; 0). Default 0.5.</summary>
    public double InitialStd { get; init; } = 0.5;

    /// <summary>α, the smoothing of mean and standard deviation toward the elite estimates, in (0, 1]; 1 replaces
    /// them outright. Default 1.</summary>
    public double Smoothing { get; init; } = 1.0;

    /// <summary>a, extra variance added to every coordinate after the elite fit (Szita &amp; Lőrincz 2006) — keeps the
    /// distribution from collapsing on noisy objectives (≥ 0). Default 0.</summary>
    public double ExtraNoise { get; init; }

    /// <summary>c, the extra variance decreases by this each generation, Zₜ = max(a − c·t, 0) (≥ 0); 0 keeps it
    /// constant. Szita &amp; Lőrincz used a = 5, c = 0.1. Default 0.</summary>
    public double ExtraNoiseDecrement { get; init; }

    /// <summary>The smallest standard deviation a coordinate may have (≥ 0). Default 0.</summary>
    public double NoiseFloor { get; init; }
}
