namespace Ascent.Estimators;

/// <summary>
/// The discounted reward-to-go <c>G_t = r_t + γ·r_{t+1} + γ²·r_{t+2} + …</c> up to the end of the episode — the lecture's
/// Monte-Carlo target for fitting <c>V^π</c> (<c>𝒟 = {(x_t, G_t)}</c>).
/// </summary>
/// <remarks>
/// A fixed-length segment can cut an episode (at the segment end, or by a time-limit truncation); there the rest of the
/// episode is unknown and the sum is completed with the critic's <c>V</c> of the next state (<c>nextValues</c>), and
/// after a termination with 0. So <c>G_t = r_t + γ·(cut ? nextValues_t : G_{t+1})</c>, where a step is cut when its
/// episode ended there or it is the last step of the segment. This is <see cref="Gae"/>'s return with λ = 1, and
/// <c>G_t − V(s_t)</c> is GAE(λ = 1)'s advantage.
/// </remarks>
public static class MonteCarloReturns
{
    /// <summary>Writes <c>G_t</c> for every entry (layout: <see cref="SegmentLayout"/>).</summary>
    public static void Compute(ReadOnlySpan<float> rewards, ReadOnlySpan<float> nextValues, ReadOnlySpan<bool> episodeEnds,
        int numEnvs, float gamma, Span<float> returns)
    {
        SegmentLayout.CheckDiscount("MonteCarloReturns", nameof(gamma), gamma);
        int steps = SegmentLayout.Steps("MonteCarloReturns", numEnvs, rewards.Length,
            ("nextValues", nextValues.Length), ("episodeEnds", episodeEnds.Length), ("returns", returns.Length));
        for (int i = 0; i < numEnvs; i++)
        {
            double g = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int k = t * numEnvs + i;
                bool cut = episodeEnds[k] || t == steps - 1;
                g = rewards[k] + gamma * (cut ? nextValues[k] : g);
                returns[k] = (float)g;
            }
        }
    }
}
