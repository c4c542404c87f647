namespace Ascent.Estimators;

/// <summary>Monte-Carlo returns of one episode's rewards r_0 … r_{T−1}.</summary>
public static class Returns
{
    /// <summary>
    /// The reward-to-go G_t = Σ_{k=t}^{T−1} γ^{k−t} r_k for every step (computed backwards, G_t = r_t + γ G_{t+1}),
    /// plus γ^T·<paramref name="bootstrap"/> for an episode cut short whose tail is estimated by v̂(s_T).
    /// </summary>
    public static void RewardToGo(ReadOnlySpan<double> rewards, double gamma, Span<double> rewardToGo, double bootstrap = 0)
    {
        if (rewardToGo.Length != rewards.Length) throw new ArgumentException($"Returns.RewardToGo: {rewards.Length} rewards but room for {rewardToGo.Length} returns.", nameof(rewardToGo));
        double g = bootstrap;
        for (int t = rewards.Length - 1; t >= 0; t--) rewardToGo[t] = g = rewards[t] + gamma * g;
    }

    /// <summary>The discounted return R(τ) = Σ_t γᵗ r_t.</summary>
    public static double Discounted(ReadOnlySpan<double> rewards, double gamma)
    {
        double g = 0;
        for (int t = rewards.Length - 1; t >= 0; t--) g = rewards[t] + gamma * g;
        return g;
    }

    /// <summary>Checks that γ ∈ [0, 1]; the message names <paramref name="owner"/>.</summary>
    internal static double CheckGamma(double gamma, string owner)
    {
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"{owner}: gamma = {gamma} is outside the allowed range [0, 1].");
        return gamma;
    }
}
