using Ascent.Io.Config;

namespace Ascent.Search;

/// <summary>Options of <see cref="CovarianceMatrixAdaptation"/>. Strategy parameters not listed here are Hansen's defaults, derived from n, λ and μ.</summary>
public sealed record CmaEsOptions : ISearchMethodOptions, ICheckedOptions
{
    /// <summary>σ₀, the initial step size (&gt; 0); about a third of the range where the optimum is expected. Default 0.5.</summary>
    [Option("initial_step_size", "sigma0, the initial step size (about a third of the range where the optimum is expected).", Min = 0, MinExclusive = true)]
    public double InitialStepSize { get; init; } = 0.5;

    /// <summary>λ, offspring per generation (≥ 2); null means Hansen's 4 + ⌊3 ln n⌋.</summary>
    [Option("population_size", "lambda, offspring per generation; null: Hansen's 4 + floor(3 ln n).", Min = 2)]
    public int? PopulationSize { get; init; }

    /// <summary>μ, the parents recombined, in [1, λ]; null means ⌊λ/2⌋.</summary>
    [Option("parent_count", "mu, parents recombined; null: floor(lambda/2).", Min = 1)]
    public int? ParentCount { get; init; }

    /// <summary>Converged once σ·√(largest eigenvalue of C) falls below this times σ₀ (≥ 0; Hansen's TolX). Default 1e−12.</summary>
    [Option("relative_tolerance", "Converged once sigma sqrt(max eigenvalue of C) < this times sigma0 (TolX).", Min = 0)]
    public double RelativeTolerance { get; init; } = 1e-12;

    /// <summary>Converged once the condition number of C exceeds this (&gt; 1; Hansen's ConditionCov). Default 1e14.</summary>
    [Option("max_condition", "Converged once the condition number of C exceeds this (ConditionCov).", Min = 1, MinExclusive = true)]
    public double MaxCondition { get; init; } = 1e14;

    string ISearchMethodOptions.AlgorithmName => "cmaes";

    string ISearchMethodOptions.Summary => "CMA-ES (Hansen's (mu/mu_w, lambda) with cumulative step-size adaptation and rank-one/rank-mu covariance updates).";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new CovarianceMatrixAdaptation(start, this, seed);

    /// <inheritdoc/>
    public void Check()
    {
        if (PopulationSize is int lambda && ParentCount is int mu && mu > lambda)
            throw new ArgumentException($"parent_count = {mu} is out of range: it must be at most population_size = {lambda}.");
    }
}
