namespace Ascent.Rollouts;

/// <summary>
/// The regression targets the critic is fitted to (seed 003: "fit with MC target" or "with TD target"). The advantage
/// estimate is GAE(λ) in every case; this chooses only the labels of <c>V_φ</c>.
/// </summary>
public enum ValueTarget
{
    /// <summary>TD(λ) returns <c>Â^GAE(λ) + V(s_t)</c> (Stable-Baselines3, CleanRL; λ = <c>gae_lambda</c>).</summary>
    TdLambda,
    /// <summary>Monte-Carlo reward-to-go, bootstrapped only where the segment or a truncation cuts the episode (TD(1)).</summary>
    MonteCarlo,
    /// <summary>One-step TD targets <c>r_t + γ·V(s_{t+1})</c> (TD(0)).</summary>
    TdZero,
}
