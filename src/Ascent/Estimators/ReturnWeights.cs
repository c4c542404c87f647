namespace Ascent.Estimators;

/// <summary>
/// What multiplies each score ∇θ log π(a_t|s_t) in a score-function estimator ĝ = Σ_t ∇θ log π(a_t|s_t) (Ψ_t − c_t b_t):
/// the signal Ψ_t, the coefficient c_t of a baseline b_t, and the return u_t a baseline predicts.
/// </summary>
/// <remarks>
/// The four forms: <see cref="TotalReturn"/> (Williams: Ψ_t = R(τ)), <see cref="RewardToGo"/> (Ψ_t = γᵗG_t or G_t),
/// <see cref="TrajectoryImportanceSampling"/> and <see cref="PerDecisionImportanceSampling"/> (off-policy). For each,
/// E[Σ_t ∇log π(a_t|s_t) c_t b(s_t)] = 0 for any b that does not depend on a_t (the expected grad-log-prob lemma),
/// so subtracting a baseline changes the variance, not the mean.
/// </remarks>
public abstract class ReturnWeights
{
    /// <summary>Sets the discount.</summary>
    private protected ReturnWeights(double gamma, string owner) => Gamma = Returns.CheckGamma(gamma, owner);

    /// <summary>The discount γ of the objective J = E[Σ_t γᵗ r_t].</summary>
    public double Gamma { get; }

    /// <summary>A short name, e.g. <c>reward-to-go</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether <see cref="Compute"/> needs log π_θ(a_t|s_t) of the policy being differentiated (importance sampling).</summary>
    public virtual bool NeedsTargetLogProbs => false;

    /// <summary>Whether the return u_t is one value per episode (R(τ), averaged over episodes by a mean baseline) rather than per step (G_t).</summary>
    public abstract bool EpisodeLevelReturn { get; }

    /// <summary>Whether an estimator built on these weights is unbiased for ∇J (false for the dropped γᵗ factor and for truncated ratios).</summary>
    public abstract bool Unbiased { get; }

    /// <summary>Computes Ψ_t, c_t and u_t for the T steps of one episode.</summary>
    /// <param name="rewards">r_0 … r_{T−1}.</param>
    /// <param name="behaviorLogProbs">log μ(a_t|s_t) of the policy that chose the actions (used by importance sampling).</param>
    /// <param name="targetLogProbs">log π_θ(a_t|s_t) (importance sampling; empty otherwise).</param>
    /// <param name="signal">Ψ_t.</param>
    /// <param name="coefficient">c_t, the factor of the baseline.</param>
    /// <param name="returns">u_t, what a baseline predicts (R(τ) or G_t).</param>
    public abstract void Compute(ReadOnlySpan<double> rewards, ReadOnlySpan<double> behaviorLogProbs, ReadOnlySpan<double> targetLogProbs,
        Span<double> signal, Span<double> coefficient, Span<double> returns);
}
