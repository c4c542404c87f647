using Ascent.Io.Config;

namespace Ascent.Search;

/// <summary>How <see cref="FiniteDifferenceGradient"/> perturbs the parameters.</summary>
public enum PerturbationDirections
{
    /// <summary>One coordinate at a time, θ ± ε eⱼ: 2n candidates, the classic central difference.</summary>
    Coordinate,
    /// <summary>m random sign vectors, θ ± ε sₖ with sₖ ∈ {−1, +1}ⁿ: 2m candidates, gradient by least squares.</summary>
    RandomSigns,
}

/// <summary>How <see cref="FiniteDifferenceGradient"/> steps along its gradient estimate.</summary>
public enum GradientStepRule
{
    /// <summary>θ ← θ + α ĝ, plain gradient ascent.</summary>
    Plain,
    /// <summary>Adam on ĝ (<see cref="AdamAscent"/>).</summary>
    Adam,
}

/// <summary>Options of <see cref="FiniteDifferenceGradient"/>.</summary>
public sealed record FiniteDifferenceGradientOptions : ISearchMethodOptions
{
    /// <summary>Coordinate central differences or random-sign perturbations with regression. Default Coordinate.</summary>
    [Option("directions", "coordinate: theta +- eps e_j; random_signs: theta +- eps s_k with random signs, gradient by least squares.")]
    public PerturbationDirections Directions { get; init; } = PerturbationDirections.Coordinate;

    /// <summary>m, the perturbation pairs for <see cref="PerturbationDirections.RandomSigns"/> (≥ n, so the regression
    /// is determined); null means 2n. Ignored for coordinate directions.</summary>
    [Option("perturbations", "m, perturbation pairs for random_signs (at least n); null: 2n.", Min = 1)]
    public int? Perturbations { get; init; }

    /// <summary>ε, the perturbation size (&gt; 0). Default 0.01.</summary>
    [Option("epsilon", "The perturbation size.", Min = 0, MinExclusive = true)]
    public double Epsilon { get; init; } = 0.01;

    /// <summary>α, the step size (&gt; 0). Default 0.01.</summary>
    [Option("learning_rate", "alpha, the step size.", Min = 0, MinExclusive = true)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Plain gradient ascent or Adam. Default Plain.</summary>
    [Option("step", "plain gradient ascent or adam.")]
    public GradientStepRule Step { get; init; } = GradientStepRule.Plain;

    string ISearchMethodOptions.AlgorithmName => "fd";

    string ISearchMethodOptions.Summary => "Finite-difference policy gradient: mirrored perturbations of +-epsilon, the gradient by least squares (Peters & Schaal 2008).";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new FiniteDifferenceGradient(start, this, seed);
}
