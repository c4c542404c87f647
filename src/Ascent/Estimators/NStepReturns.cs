namespace Ascent.Estimators;

/// <summary>
/// The n-step TD target <c>G_t^(n) = r_t + γ·r_{t+1} + … + γ^{m−1}·r_{t+m−1} + γ^m·V(s_{t+m})</c> with <c>m = n</c>, or
/// fewer steps when the episode ends or the segment stops first (then the bootstrap is that step's next-state value:
/// <c>V</c> of the final observation after a truncation, 0 after a termination).
/// </summary>
/// <remarks>n = 1 is the TD(0) target <c>r_t + γ·V(s_{t+1})</c>; n ≥ T is <see cref="MonteCarloReturns"/>.</remarks>
public static class NStepReturns
{
    /// <summary>Writes <c>G_t^(n)</c> for every entry (layout: <see cref="SegmentLayout"/>); <paramref name="n"/> ≥ 1.</summary>
    public static void Compute(ReadOnlySpan<float> rewards, ReadOnlySpan<float> nextValues, ReadOnlySpan<bool> episodeEnds,
        int numEnvs, float gamma, int n, Span<float> returns)
    {
        SegmentLayout.CheckDiscount("NStepReturns", nameof(gamma), gamma);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, $"NStepReturns: n = {n} is outside the allowed range [1, ∞).");
        int steps = SegmentLayout.Steps("NStepReturns", numEnvs, rewards.Length,
            ("nextValues", nextValues.Length), ("episodeEnds", episodeEnds.Length), ("returns", returns.Length));
        for (int i = 0; i < numEnvs; i++)
        {
            for (int t = 0; t < steps; t++)
            {
                double g = 0, discount = 1;
                for (int j = t; ; j++)
                {
                    int k = j * numEnvs + i;
                    g += discount * rewards[k];
                    discount *= gamma;
                    if (j - t + 1 == n || episodeEnds[k] || j == steps - 1)
                    {
                        g += discount * nextValues[k];
                        break;
                    }
                }
                returns[t * numEnvs + i] = (float)g;
            }
        }
    }
}
