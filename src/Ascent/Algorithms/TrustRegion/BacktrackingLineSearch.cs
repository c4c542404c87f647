namespace Ascent.Algorithms.TrustRegion;

/// <summary>
/// TRPO's backtracking line search along a proposed step: try x₀ + f·Δ for f = 1, s, s², …, s^K and accept the
/// first candidate that strictly improves the objective while its constraint stays within the limit; if none does,
/// keep x₀.
/// </summary>
/// <remarks>
/// In TRPO (seed 004) Δ is the natural-gradient step scaled to the trust region from the linear/quadratic model;
/// the search checks the model against the real surrogate and the real mean KL, since the quadratic approximation of
/// the KL can be badly off for a large step. The candidate buffer is allocated once: <see cref="Search"/> allocates nothing.
/// </remarks>
public sealed class BacktrackingLineSearch
{
    private readonly float[] _candidate;

    /// <summary>Creates a line search over vectors of <paramref name="size"/> values.</summary>
    /// <param name="size">The number of values (≥ 1).</param>
    /// <param name="maxBacktracks">How many times the step may be shrunk, ≥ 0 (so at most maxBacktracks + 1 candidates; default 10).</param>
    /// <param name="shrinkFactor">The factor s ∈ (0, 1) applied to the step after each rejected candidate (default 0.8).</param>
    public BacktrackingLineSearch(int size, int maxBacktracks = 10, double shrinkFactor = 0.8)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, $"BacktrackingLineSearch: size = {size} is outside the allowed range [1, {int.MaxValue}].");
        if (maxBacktracks < 0)
            throw new ArgumentOutOfRangeException(nameof(maxBacktracks), maxBacktracks, $"BacktrackingLineSearch: maxBacktracks = {maxBacktracks} is outside the allowed range [0, {int.MaxValue}].");
        if (!(shrinkFactor > 0 && shrinkFactor < 1))
            throw new ArgumentOutOfRangeException(nameof(shrinkFactor), shrinkFactor, $"BacktrackingLineSearch: shrinkFactor = {shrinkFactor} is outside the allowed range (0, 1).");
        _candidate = new float[size];
        MaxBacktracks = maxBacktracks;
        ShrinkFactor = shrinkFactor;
    }

    /// <summary>The number of values.</summary>
    public int Size => _candidate.Length;

    /// <summary>How many times the step may be shrunk.</summary>
    public int MaxBacktracks { get; }

    /// <summary>The factor applied to the step after each rejection.</summary>
    public double ShrinkFactor { get; }

    /// <summary>
    /// Searches along <paramref name="fullStep"/> from <paramref name="start"/> and writes the accepted point, or
    /// <paramref name="start"/> itself when every candidate is rejected, into <paramref name="result"/>.
    /// </summary>
    /// <param name="start">x₀.</param>
    /// <param name="fullStep">Δ, the step tried first.</param>
    /// <param name="startObjective">The objective at x₀; a candidate must exceed it.</param>
    /// <param name="constraintLimit">A candidate's constraint must be at most this.</param>
    /// <param name="evaluate">Measures a candidate (TRPO: loads it into the policy and records the surrogate and KL).</param>
    /// <param name="result">Receives the accepted point or x₀ (may be the same memory as <paramref name="start"/> only if the caller no longer needs x₀).</param>
    public LineSearchResult Search(ReadOnlySpan<float> start, ReadOnlySpan<float> fullStep, double startObjective, double constraintLimit,
        CandidateEvaluator evaluate, Span<float> result)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        if (start.Length != Size || fullStep.Length != Size || result.Length != Size)
            throw new ArgumentException($"BacktrackingLineSearch.Search: start has {start.Length}, the step {fullStep.Length} and the result {result.Length} values; the search was created for {Size}.");
        double fraction = 1;
        var trial = default(LineSearchTrial);
        for (int backtracks = 0; backtracks <= MaxBacktracks; backtracks++, fraction *= ShrinkFactor)
        {
            TensorPrimitives.MultiplyAdd(fullStep, (float)fraction, start, _candidate);   // x₀ + f·Δ
            trial = evaluate(_candidate);
            if (trial.Objective > startObjective && trial.Constraint <= constraintLimit && double.IsFinite(trial.Objective) && double.IsFinite(trial.Constraint))
            {
                _candidate.CopyTo(result);
                return new LineSearchResult(true, fraction, backtracks, trial);
            }
        }
        start.CopyTo(result);
        return new LineSearchResult(false, 0, MaxBacktracks, trial);
    }
}
