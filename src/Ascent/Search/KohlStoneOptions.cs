using Ascent.Io.Config;

namespace Ascent.Search;

/// <summary>Options of <see cref="KohlStonePolicyGradient"/>.</summary>
public sealed record KohlStoneOptions : ISearchMethodOptions
{
    /// <summary>t, the perturbed policies evaluated per generation (≥ 2). Default 15, as on the AIBO.</summary>
    [Option("policies", "t, perturbed policies per generation.", Min = 2)]
    public int Policies { get; init; } = 15;

    /// <summary>ε, the perturbation of every parameter (&gt; 0), unless <see cref="EpsilonPerParameter"/> is set. Default 0.05.</summary>
    [Option("epsilon", "The perturbation of every parameter.", Min = 0, MinExclusive = true)]
    public double Epsilon { get; init; } = 0.05;

    /// <summary>εⱼ per parameter (the AIBO work chose one per gait parameter); overrides <see cref="Epsilon"/>. Default null.</summary>
    [Option("epsilon_per_parameter", "One perturbation per parameter (overrides epsilon); null: epsilon for all.", Min = 0, MinExclusive = true)]
    public double[]? EpsilonPerParameter { get; init; }

    /// <summary>η, the length of each step along the normalised adjustment vector (&gt; 0). Default 0.1.</summary>
    [Option("step_size", "eta, the length of each step along the normalised adjustment.", Min = 0, MinExclusive = true)]
    public double StepSize { get; init; } = 0.1;

    /// <summary>η is multiplied by this after every generation, in (0, 1]; 1 keeps it fixed as in the original. Default 1.</summary>
    [Option("step_size_decay", "eta is multiplied by this after every generation.", Min = 0, MinExclusive = true, Max = 1)]
    public double StepSizeDecay { get; init; } = 1.0;

    string ISearchMethodOptions.AlgorithmName => "kohl-stone";

    string ISearchMethodOptions.Summary => "Kohl & Stone's finite-difference policy gradient (the AIBO walk, 2004): t random perturbations in {-eps, 0, +eps}.";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new KohlStonePolicyGradient(start, this, seed);
}
