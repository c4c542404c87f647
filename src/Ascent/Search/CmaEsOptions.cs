namespace Ascent.Search;

/// <summary>Options of <see cref="CmaEs"/>. Strategy parameters not listed here are Hansen's defaults, derived from n, λ and μ.</summary>
public sealed record CmaEsOptions
{
    /// <summary>σ₀, the initial step size (&gt; 0); about a third of the range where the optimum is expected. Default 0.5.</summary>
    public double InitialStepSize { get; init; } = 0.5;

    /// <summary>λ, offspring per generation (≥ 2); null means Hansen's 4 + ⌊3 ln n⌋.</summary>
    public int? PopulationSize { get; init; }

    /// <summary>μ, the parents recombined, in [1, λ]; null means ⌊λ/2⌋.</summary>
    public int? ParentCount { get; init; }

    /// <summary>Converged once σ·√(largest eigenvalue of C) falls below this times σ₀ (≥ 0; Hansen's TolX). Default 1e−12.</summary>
    public double RelativeTolerance { get; init; } = 1e-12;

    /// <summary>Converged once the condition number of C exceeds this (&gt; 1; Hansen's ConditionCov). Default 1e14.</summary>
    public double MaxCondition { get; init; } = 1e14;
}
