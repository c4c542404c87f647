namespace Ascent.Estimators;

/// <summary>
/// Generalized advantage estimation (Schulman et al. 2016): the exponentially weighted sum of TD errors
/// <c>Â_t = Σ_l (γλ)^l δ_{t+l}</c>, <c>δ_t = r_t + γ·V(s_{t+1}) − V(s_t)</c>, computed backwards as
/// <c>Â_t = δ_t + γλ·Â_{t+1}</c> within an episode; the critic's targets are the TD(λ) returns
/// <c>R_t = Â_t + V(s_t)</c>.
/// </summary>
/// <remarks>
/// λ trades bias for variance: λ = 0 gives the TD error (<see cref="TdZeroAdvantage"/>), λ = 1 the Monte-Carlo
/// advantage <c>G_t − V(s_t)</c> (<see cref="MonteCarloReturns"/>). The recursion stops at episode ends; the bootstrap
/// values come from <see cref="NextStateValues"/> (layout: <see cref="SegmentLayout"/>).
/// </remarks>
public static class Gae
{
    /// <summary>Writes <c>Â_t</c> into <paramref name="advantages"/> and <c>Â_t + V(s_t)</c> into <paramref name="returns"/>.</summary>
    public static void Compute(ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, ReadOnlySpan<float> nextValues,
        ReadOnlySpan<bool> episodeEnds, int numEnvs, float gamma, float lambda, Span<float> advantages, Span<float> returns)
    {
        SegmentLayout.CheckDiscount("Gae", nameof(gamma), gamma);
        SegmentLayout.CheckDiscount("Gae", nameof(lambda), lambda);
        int steps = SegmentLayout.Steps("Gae", numEnvs, rewards.Length, ("values", values.Length), ("nextValues", nextValues.Length),
            ("episodeEnds", episodeEnds.Length), ("advantages", advantages.Length), ("returns", returns.Length));
        double decay = (double)gamma * lambda;
        for (int i = 0; i < numEnvs; i++)
        {
            double advantage = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int k = t * numEnvs + i;
                double delta = rewards[k] + (double)gamma * nextValues[k] - values[k];          // δ_t
                advantage = delta + (episodeEnds[k] ? 0 : decay * advantage);                   // Â_t = δ_t + γλ Â_{t+1}
                advantages[k] = (float)advantage;
                returns[k] = (float)(advantage + values[k]);                                     // R_t = Â_t + V(s_t)
            }
        }
    }
}
