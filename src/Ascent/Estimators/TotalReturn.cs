namespace Ascent.Estimators;

/// <summary>
/// Williams' likelihood-ratio estimator (seed 000): every score of the episode is weighted by the whole return,
/// ĝ = R(τ) Σ_t ∇θ log π(a_t|s_t) with R(τ) = Σ_t γᵗ r_t. Unbiased but noisy: action a_t is credited with rewards
/// that came before it.
/// </summary>
public sealed class TotalReturn : ReturnWeights
{
    /// <summary>Creates the weights for the objective with discount <paramref name="gamma"/> ∈ [0, 1].</summary>
    public TotalReturn(double gamma = 1.0) : base(gamma, "TotalReturn") { }

    /// <inheritdoc />
    public override string Name => "total";

    /// <inheritdoc />
    public override bool EpisodeLevelReturn => true;

    /// <inheritdoc />
    public override bool Unbiased => true;

    /// <inheritdoc />
    /// <remarks>Ψ_t = R(τ), c_t = 1, u_t = R(τ).</remarks>
    public override void Compute(ReadOnlySpan<double> rewards, ReadOnlySpan<double> behaviorLogProbs, ReadOnlySpan<double> targetLogProbs,
        Span<double> signal, Span<double> coefficient, Span<double> returns)
    {
        double total = Returns.Discounted(rewards, Gamma);
        signal.Slice(0, rewards.Length).Fill(total);
        coefficient.Slice(0, rewards.Length).Fill(1);
        returns.Slice(0, rewards.Length).Fill(total);
    }
}
