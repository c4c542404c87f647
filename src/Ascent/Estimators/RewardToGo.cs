namespace Ascent.Estimators;

/// <summary>
/// The reward-to-go estimator (causality, seeds 000 and 002): ĝ = Σ_t ∇θ log π(a_t|s_t) γᵗ G_t with
/// G_t = Σ_{k≥t} γ^{k−t} r_k, since an action cannot change the rewards before it.
/// </summary>
/// <remarks>
/// <para>With <see cref="DiscountFactor"/> (Sutton &amp; Barto's box, "θ ← θ + α γᵗ G ∇ln π") the estimator is unbiased for
/// ∇J with J = E[Σ_t γᵗ r_t]. Without it (CS285's form, Ψ_t = G_t) later steps count as much as early ones: that is
/// the gradient of a different objective (biased for ∇J when γ &lt; 1), commonly used because it learns faster.
/// With γ = 1 the two coincide.</para>
/// </remarks>
public sealed class RewardToGo : ReturnWeights
{
    /// <summary>Creates the weights.</summary>
    /// <param name="gamma">The discount γ ∈ [0, 1].</param>
    /// <param name="discountFactor">Multiply by γᵗ (Sutton &amp; Barto) or not (CS285).</param>
    public RewardToGo(double gamma = 1.0, bool discountFactor = true) : base(gamma, "RewardToGo") => DiscountFactor = discountFactor;

    /// <summary>Whether step t is weighted by γᵗ.</summary>
    public bool DiscountFactor { get; }

    /// <inheritdoc />
    public override string Name => DiscountFactor ? "reward-to-go" : "reward-to-go (no γ^t)";

    /// <inheritdoc />
    public override bool EpisodeLevelReturn => false;

    /// <inheritdoc />
    public override bool Unbiased => DiscountFactor || Gamma == 1.0;

    /// <inheritdoc />
    /// <remarks>Ψ_t = γᵗG_t and c_t = γᵗ (or G_t and 1 without the factor), u_t = G_t.</remarks>
    public override void Compute(ReadOnlySpan<double> rewards, ReadOnlySpan<double> behaviorLogProbs, ReadOnlySpan<double> targetLogProbs,
        Span<double> signal, Span<double> coefficient, Span<double> returns)
    {
        int steps = rewards.Length;
        Returns.RewardToGo(rewards, Gamma, returns.Slice(0, steps));
        double discount = 1;
        for (int t = 0; t < steps; t++)
        {
            double factor = DiscountFactor ? discount : 1;
            signal[t] = factor * returns[t];
            coefficient[t] = factor;
            discount *= Gamma;
        }
    }
}
