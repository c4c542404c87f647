namespace Ascent.Algorithms.TrustRegion;

/// <summary>A candidate of <see cref="BacktrackingLineSearch"/> measured: the objective to improve and the constrained quantity.</summary>
/// <param name="Objective">The value to increase (TRPO: the importance-sampled surrogate L).</param>
/// <param name="Constraint">The value that must stay at most the limit (TRPO: the measured mean KL(π_old ‖ π_new)).</param>
public readonly record struct LineSearchTrial(double Objective, double Constraint);

/// <summary>Measures the candidate point <paramref name="candidate"/> for <see cref="BacktrackingLineSearch"/>.</summary>
public delegate LineSearchTrial CandidateEvaluator(ReadOnlySpan<float> candidate);
