using Ascent.Algorithms.PolicyImprovement;

namespace Ascent.Experiments;

/// <summary>The outcome of <see cref="CpiBoundExperiment"/>.</summary>
/// <param name="Description">Which MDP, discount and policies were used.</param>
/// <param name="Gamma">The discount used.</param>
/// <param name="CurrentReturn">η(π) of the starting policy.</param>
/// <param name="GreedyReturn">η(π') of the greedy policy (α = 1).</param>
/// <param name="BoundMaximizingStep">The mixture at CPI's bound-maximising α.</param>
/// <param name="Rows">One exact evaluation per α, from 0 to 1.</param>
/// <param name="SvgPath">Where the figure was written (null from <see cref="CpiBoundExperiment.Compute"/>).</param>
/// <param name="CsvPath">Where the data was written (null from <see cref="CpiBoundExperiment.Compute"/>).</param>
public sealed record CpiBoundResult(string Description, double Gamma, double CurrentReturn, double GreedyReturn,
    MixtureEvaluation BoundMaximizingStep, IReadOnlyList<MixtureEvaluation> Rows, string? SvgPath, string? CsvPath);
