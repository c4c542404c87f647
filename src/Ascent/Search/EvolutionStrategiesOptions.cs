using Ascent.Io.Config;

namespace Ascent.Search;

/// <summary>Options of <see cref="EvolutionStrategies"/>. Defaults follow Salimans et al.'s released configuration
/// except the population, which is sized for one machine.</summary>
public sealed record EvolutionStrategiesOptions : ISearchMethodOptions, ICheckedOptions
{
    /// <summary>N, candidates per generation: N/2 mirrored pairs θ ± σε (even, ≥ 2). Default 50.</summary>
    [Option("population_size", "Candidates per generation, in mirrored pairs (even).", Min = 2)]
    public int PopulationSize { get; init; } = 50;

    /// <summary>σ, the standard deviation of the parameter noise (&gt; 0). Default 0.02.</summary>
    [Option("noise_std", "sigma, standard deviation of the parameter noise.", Min = 0, MinExclusive = true)]
    public double NoiseStd { get; init; } = 0.02;

    /// <summary>α, Adam's step size (&gt; 0). Default 0.01.</summary>
    [Option("learning_rate", "Adam's step size.", Min = 0, MinExclusive = true)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Adam's β₁, in [0, 1). Default 0.9.</summary>
    [Option("beta1", "Adam's beta1.", Min = 0, Max = 1, MaxExclusive = true)]
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's β₂, in [0, 1). Default 0.999.</summary>
    [Option("beta2", "Adam's beta2.", Min = 0, Max = 1, MaxExclusive = true)]
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's ε (&gt; 0). Default 1e−8.</summary>
    [Option("adam_epsilon", "Adam's epsilon.", Min = 0, MinExclusive = true)]
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>λ_wd, the L2 coefficient: the ascent direction is ĝ − λ_wd θ (≥ 0). Default 0.005.</summary>
    [Option("weight_decay", "L2 coefficient: the ascent direction is g - weight_decay theta.", Min = 0)]
    public double WeightDecay { get; init; } = 0.005;

    string ISearchMethodOptions.AlgorithmName => "es";

    string ISearchMethodOptions.Summary => "OpenAI evolution strategies (Salimans et al. 2017): antithetic sampling, centered ranks, Adam, weight decay.";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new EvolutionStrategies(start, this, seed);

    /// <inheritdoc/>
    public void Check()
    {
        if (PopulationSize % 2 != 0)
            throw new ArgumentException($"population_size = {PopulationSize} is out of range: it must be even (candidates come in mirrored pairs).");
    }
}
