namespace Ascent.Estimators;

/// <summary>
/// The constant baseline that minimises the estimator's variance (CS285 lecture 5, "analyzing variance"):
/// for ĝ(b) = h − b g with g = Σ_t c_t ∇log π(a_t|s_t) and h = Σ_t Ψ_t ∇log π(a_t|s_t), E‖ĝ(b)‖² is smallest at
/// b* = E[g·h] / E[‖g‖²]; for total-return weights this is b* = E[‖∇log p(τ)‖² R(τ)] / E[‖∇log p(τ)‖²], the return
/// weighted by the squared score. <see cref="PerComponent"/> minimises each component's variance separately:
/// b*_k = E[g_k h_k] / E[g_k²].
/// </summary>
/// <remarks>
/// The expectations are estimated <b>leave-one-out</b> from the other episodes of the batch (see
/// <see cref="MeanReturnBaseline"/> for why). Terms with a zero denominator give b = 0.
/// </remarks>
public sealed class OptimalConstantBaseline : Baseline
{
    private double[] _numerator = [];
    private double[] _denominator = [];

    /// <summary>Creates the baseline: one scalar b*, or one per parameter component.</summary>
    public OptimalConstantBaseline(bool perComponent = false) => PerComponent = perComponent;

    /// <summary>Whether each gradient component gets its own b*_k.</summary>
    public bool PerComponent { get; }

    /// <inheritdoc />
    public override string Name => PerComponent ? "optimal per component" : "optimal";

    /// <summary>Accumulates Σ_j g_j·h_j and Σ_j ‖g_j‖² (per component or summed) over the batch; g and h are N×P, row j = episode j.</summary>
    internal void Prepare(ReadOnlySpan<double> g, ReadOnlySpan<double> h, int episodes, int size)
    {
        int slots = PerComponent ? size : 1;
        if (_numerator.Length != slots) { _numerator = new double[slots]; _denominator = new double[slots]; }
        Array.Clear(_numerator); Array.Clear(_denominator);
        for (int j = 0; j < episodes; j++) Accumulate(g.Slice(j * size, size), h.Slice(j * size, size));
    }

    /// <summary>Writes b₋ᵢ (length P; every entry equal unless per component) for the episode with scores <paramref name="gi"/>, <paramref name="hi"/>.</summary>
    internal void LeaveOneOut(ReadOnlySpan<double> gi, ReadOnlySpan<double> hi, Span<double> baseline)
    {
        if (PerComponent)
        {
            for (int k = 0; k < baseline.Length; k++)
                baseline[k] = Ratio(_numerator[k], gi[k] * hi[k], _denominator[k], gi[k] * gi[k]);
            return;
        }
        double ownNumerator = 0, ownDenominator = 0;
        for (int k = 0; k < gi.Length; k++) { ownNumerator += gi[k] * hi[k]; ownDenominator += gi[k] * gi[k]; }
        baseline.Fill(Ratio(_numerator[0], ownNumerator, _denominator[0], ownDenominator));
    }

    /// <summary>(N − own N) / (D − own D), or 0 when the others' denominator is zero up to rounding.</summary>
    private static double Ratio(double numerator, double ownNumerator, double denominator, double ownDenominator)
    {
        double others = denominator - ownDenominator;
        return others > 1e-12 * denominator ? (numerator - ownNumerator) / others : 0;
    }

    private void Accumulate(ReadOnlySpan<double> g, ReadOnlySpan<double> h)
    {
        for (int k = 0; k < g.Length; k++)
        {
            int slot = PerComponent ? k : 0;
            _numerator[slot] += g[k] * h[k];
            _denominator[slot] += g[k] * g[k];
        }
    }
}
