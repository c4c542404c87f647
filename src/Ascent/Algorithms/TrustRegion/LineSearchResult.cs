namespace Ascent.Algorithms.TrustRegion;

/// <summary>What <see cref="BacktrackingLineSearch.Search"/> found.</summary>
/// <param name="Accepted">Whether a step was accepted; if not, the result is the start point.</param>
/// <param name="StepFraction">The accepted fraction of the full step (shrink^backtracks), 0 when rejected.</param>
/// <param name="Backtracks">How many times the step was shrunk (on rejection: the number of shrinks tried).</param>
/// <param name="Trial">The measurements of the accepted candidate, or of the last one tried when rejected.</param>
public readonly record struct LineSearchResult(bool Accepted, double StepFraction, int Backtracks, LineSearchTrial Trial);
