namespace Ascent.Estimators;

/// <summary>
/// The one-step advantage estimate of the lecture's A2C slide, the TD error
/// <c>Â_t = δ_t = r_t + γ·V(s_{t+1}) − V(s_t)</c> (with <c>V(s_{t+1}) = 0</c> after termination).
/// Lowest variance, most bias (it trusts the critic completely). Equals <see cref="Gae"/> with λ = 0.
/// </summary>
public static class TdZeroAdvantage
{
    /// <summary>Writes <c>δ_t = r_t + γ·nextValues_t − values_t</c> for every entry (layout: <see cref="SegmentLayout"/>).</summary>
    public static void Compute(ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, ReadOnlySpan<float> nextValues,
        float gamma, Span<float> advantages)
    {
        SegmentLayout.CheckDiscount("TdZeroAdvantage", nameof(gamma), gamma);
        SegmentLayout.Steps("TdZeroAdvantage", 1, rewards.Length, ("values", values.Length), ("nextValues", nextValues.Length), ("advantages", advantages.Length));
        for (int k = 0; k < rewards.Length; k++)
            advantages[k] = (float)(rewards[k] + (double)gamma * nextValues[k] - values[k]);
    }
}
