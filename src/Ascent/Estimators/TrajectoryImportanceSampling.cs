namespace Ascent.Estimators;

/// <summary>
/// Off-policy gradient from episodes of a behaviour policy μ with the whole-trajectory ratio (seed 002):
/// ĝ = ρ(τ) R(τ) Σ_t ∇θ log π_θ(a_t|s_t) with ρ(τ) = Π_t π_θ(a_t|s_t) / μ(a_t|s_t) (the dynamics cancel).
/// </summary>
/// <remarks>
/// Unbiased when μ(a|s) &gt; 0 wherever π_θ(a|s) &gt; 0, but the product of T ratios makes the variance grow
/// exponentially with the horizon. Truncating each ratio at <see cref="MaxRatio"/> bounds it at the price of bias.
/// </remarks>
public sealed class TrajectoryImportanceSampling : ReturnWeights
{
    private double[] _ratios = new double[64];

    /// <summary>Creates the weights.</summary>
    /// <param name="gamma">The discount γ ∈ [0, 1].</param>
    /// <param name="maxRatio">Truncate each per-step ratio at this value (null: no truncation), in (0, ∞).</param>
    public TrajectoryImportanceSampling(double gamma = 1.0, double? maxRatio = null) : base(gamma, "TrajectoryImportanceSampling") =>
        MaxRatio = ImportanceRatios.CheckMaxRatio(maxRatio, "TrajectoryImportanceSampling");

    /// <summary>The truncation level of each ratio, or null.</summary>
    public double? MaxRatio { get; }

    /// <inheritdoc />
    public override string Name => "is-trajectory";

    /// <inheritdoc />
    public override bool NeedsTargetLogProbs => true;

    /// <inheritdoc />
    public override bool EpisodeLevelReturn => true;

    /// <inheritdoc />
    public override bool Unbiased => MaxRatio is null;

    /// <inheritdoc />
    /// <remarks>Ψ_t = ρ(τ) R(τ), c_t = ρ(τ), u_t = R(τ).</remarks>
    public override void Compute(ReadOnlySpan<double> rewards, ReadOnlySpan<double> behaviorLogProbs, ReadOnlySpan<double> targetLogProbs,
        Span<double> signal, Span<double> coefficient, Span<double> returns)
    {
        int steps = rewards.Length;
        if (_ratios.Length < steps) _ratios = new double[Math.Max(steps, 2 * _ratios.Length)];
        var ratios = _ratios.AsSpan(0, steps);
        ImportanceRatios.Compute(behaviorLogProbs, targetLogProbs, MaxRatio, ratios);
        double rho = 1;
        foreach (double r in ratios) rho *= r;
        double total = Returns.Discounted(rewards, Gamma);
        signal.Slice(0, steps).Fill(rho * total);
        coefficient.Slice(0, steps).Fill(rho);
        returns.Slice(0, steps).Fill(total);
    }
}
