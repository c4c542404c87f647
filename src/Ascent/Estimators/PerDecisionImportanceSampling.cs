namespace Ascent.Estimators;

/// <summary>
/// Off-policy gradient with per-decision (causal) ratios: reward r_{t'} depends only on the actions up to t', so it
/// needs only the ratio of those actions, ĝ = Σ_t ∇θ log π_θ(a_t|s_t) Σ_{t'≥t} ρ_{0:t'} γ^{t'} r_{t'} with
/// ρ_{0:t'} = Π_{k≤t'} π_θ(a_k|s_k) / μ(a_k|s_k).
/// </summary>
/// <remarks>
/// <para>Derivation: ∇E_π[γ^{t'} r_{t'}] = E_μ[ρ_{0:t'} γ^{t'} r_{t'} Σ_{t≤t'} ∇log π(a_t|s_t)]; summing over t' and
/// swapping the sums gives the form above. Equivalently the weight of step t is ρ_{0:t} Σ_{t'≥t} γ^{t'} r_{t'} ρ_{t+1:t'}:
/// the ratio of step t itself appears once. (Seed 002 writes the inner product from t'' = t, which counts ρ_t twice
/// and is biased; the exact checks in the tests decide.)</para>
/// <para>Unbiased when μ(a|s) &gt; 0 wherever π_θ(a|s) &gt; 0; lower variance than the trajectory ratio because late
/// ratios no longer multiply early rewards. <see cref="MaxRatio"/> truncates each per-step ratio (biased).</para>
/// </remarks>
public sealed class PerDecisionImportanceSampling : ReturnWeights
{
    private double[] _ratios = new double[64];

    /// <summary>Creates the weights.</summary>
    /// <param name="gamma">The discount γ ∈ [0, 1].</param>
    /// <param name="maxRatio">Truncate each per-step ratio at this value (null: no truncation), in (0, ∞).</param>
    public PerDecisionImportanceSampling(double gamma = 1.0, double? maxRatio = null) : base(gamma, "PerDecisionImportanceSampling") =>
        MaxRatio = ImportanceRatios.CheckMaxRatio(maxRatio, "PerDecisionImportanceSampling");

    /// <summary>The truncation level of each ratio, or null.</summary>
    public double? MaxRatio { get; }

    /// <inheritdoc />
    public override string Name => "is-per-decision";

    /// <inheritdoc />
    public override bool NeedsTargetLogProbs => true;

    /// <inheritdoc />
    public override bool EpisodeLevelReturn => false;

    /// <inheritdoc />
    public override bool Unbiased => MaxRatio is null;

    /// <inheritdoc />
    /// <remarks>Ψ_t = Σ_{t'≥t} ρ_{0:t'} γ^{t'} r_{t'}, c_t = ρ_{0:t} γᵗ, u_t = G_t (the sampled reward-to-go).</remarks>
    public override void Compute(ReadOnlySpan<double> rewards, ReadOnlySpan<double> behaviorLogProbs, ReadOnlySpan<double> targetLogProbs,
        Span<double> signal, Span<double> coefficient, Span<double> returns)
    {
        int steps = rewards.Length;
        if (_ratios.Length < steps) _ratios = new double[Math.Max(steps, 2 * _ratios.Length)];
        var ratios = _ratios.AsSpan(0, steps);
        ImportanceRatios.Compute(behaviorLogProbs, targetLogProbs, MaxRatio, ratios);
        double prefix = 1, discount = 1;
        for (int t = 0; t < steps; t++)
        {
            prefix *= ratios[t];                      // ρ_{0:t}
            coefficient[t] = prefix * discount;       // ρ_{0:t} γᵗ
            signal[t] = coefficient[t] * rewards[t];  // this step's own term ρ_{0:t} γᵗ r_t
            discount *= Gamma;
        }
        for (int t = steps - 2; t >= 0; t--) signal[t] += signal[t + 1]; // Ψ_t = Σ_{t'≥t} ρ_{0:t'} γ^{t'} r_{t'}
        Returns.RewardToGo(rewards, Gamma, returns.Slice(0, steps));
    }
}
