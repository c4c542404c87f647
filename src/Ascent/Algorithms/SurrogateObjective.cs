namespace Ascent.Algorithms;

/// <summary>
/// The policy objective PPO maximises on each minibatch (option <c>surrogate</c>). At θ = θ_old all three have the same
/// gradient, the policy gradient <c>mean_t Â_t ∇θ log π_θ(a_t|s_t)</c>; they differ in what happens when the same batch
/// is used for several steps (seed 004, "multiple steps on the same batch"; <c>ascent experiment batch-reuse</c>).
/// </summary>
public enum SurrogateObjective
{
    /// <summary>PPO's <c>mean min(ρÂ, clip(ρ, 1 − ε, 1 + ε)Â)</c>: importance-corrected, and flat once the ratio leaves the clip range.</summary>
    Clipped,
    /// <summary>The importance-sampled surrogate <c>mean ρÂ</c> (TRPO's L without its trust region): corrected for θ ≠ θ_old, but unbounded.</summary>
    Unclipped,
    /// <summary>REINFORCE's pseudo-loss <c>mean Â log π_θ</c>: ignores that θ has moved away from the policy that collected the batch.</summary>
    PolicyGradient,
}
