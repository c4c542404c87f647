namespace Ascent.Search;

/// <summary>Options of <see cref="EvolutionStrategies"/>. Defaults follow Salimans et al.'s released configuration
/// except the population, which is sized for one machine.</summary>
public sealed record EvolutionStrategiesOptions
{
    /// <summary>N, candidates per generation: N/2 mirrored pairs θ ± σε (even, ≥ 2). Default 50.</summary>
    public int PopulationSize { get; init; } = 50;

    /// <summary>σ, the standard deviation of the parameter noise (&gt; 0). Default 0.02.</summary>
    public double NoiseStd { get; init; } = 0.02;

    /// <summary>α, Adam's step size (&gt; 0). Default 0.01.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Adam's β₁, in [0, 1). Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's β₂, in [0, 1). Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's ε (&gt; 0). Default 1e−8.</summary>
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>λ_wd, the L2 coefficient: the ascent direction is ĝ − λ_wd θ (≥ 0). Default 0.005.</summary>
    public double WeightDecay { get; init; } = 0.005;
}
