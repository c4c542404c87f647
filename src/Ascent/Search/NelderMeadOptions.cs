using Ascent.Io.Config;

namespace Ascent.Search;

/// <summary>Options of <see cref="NelderMead"/>.</summary>
public sealed record NelderMeadOptions : ISearchMethodOptions
{
    /// <summary>h, the edge length of the initial simplex x₀, x₀ + h·eᵢ (&gt; 0). Default 0.1.</summary>
    [Option("initial_step", "h, edge length of the initial simplex x0, x0 + h e_i.", Min = 0, MinExclusive = true)]
    public double InitialStep { get; init; } = 0.1;

    /// <summary>Use Gao &amp; Han's (2012) dimension-dependent coefficients α = 1, γ = 1 + 2/n, ρ = 0.75 − 1/(2n),
    /// δ = 1 − 1/n, which keep the simplex from degenerating in higher dimensions; false gives the classic
    /// α = 1, γ = 2, ρ = ½, δ = ½. Default true.</summary>
    [Option("adaptive", "Gao & Han's dimension-dependent coefficients (false: 1, 2, 1/2, 1/2).")]
    public bool Adaptive { get; init; } = true;

    /// <summary>Converged when every vertex is within this distance (max-norm) of the best one (≥ 0) … Default 1e−10.</summary>
    [Option("point_tolerance", "Converged when every vertex is this close (max-norm) to the best ...", Min = 0)]
    public double PointTolerance { get; init; } = 1e-10;

    /// <summary>… and every vertex's fitness is within this of the best (≥ 0). Default 1e−12.</summary>
    [Option("fitness_tolerance", "... and every vertex's fitness is this close to the best.", Min = 0)]
    public double FitnessTolerance { get; init; } = 1e-12;

    string ISearchMethodOptions.AlgorithmName => "nelder-mead";

    string ISearchMethodOptions.Summary => "Nelder-Mead simplex (Lagarias et al. 1998), with Gao & Han's adaptive coefficients.";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new NelderMead(start, this);
}
