namespace Ascent.Search;

/// <summary>Options of <see cref="NelderMead"/>.</summary>
public sealed record NelderMeadOptions
{
    /// <summary>h, the edge length of the initial simplex x₀, x₀ + h·eᵢ (&gt; 0). Default 0.1.</summary>
    public double InitialStep { get; init; } = 0.1;

    /// <summary>Use Gao &amp; Han's (2012) dimension-dependent coefficients α = 1, γ = 1 + 2/n, ρ = 0.75 − 1/(2n),
    /// δ = 1 − 1/n, which keep the simplex from degenerating in higher dimensions; false gives the classic
    /// α = 1, γ = 2, ρ = ½, δ = ½. Default true.</summary>
    public bool Adaptive { get; init; } = true;

    /// <summary>Converged when every vertex is within this distance (max-norm) of the best one (≥ 0) … Default 1e−10.</summary>
    public double PointTolerance { get; init; } = 1e-10;

    /// <summary>… and every vertex's fitness is within this of the best (≥ 0). Default 1e−12.</summary>
    public double FitnessTolerance { get; init; } = 1e-12;
}
