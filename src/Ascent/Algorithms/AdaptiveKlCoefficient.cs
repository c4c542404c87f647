namespace Ascent.Algorithms;

/// <summary>
/// The KL penalty coefficient β of adaptive-KL PPO (seed 003's "PPO v1"; Schulman et al. 2017, §4) and its dual update:
/// after each policy update, with the measured mean divergence <c>d = Ê_t[KL(π_old(·|s_t) ‖ π_θ(·|s_t))]</c>,
/// <c>β ← 2β</c> if <c>d &gt; 1.5·d_targ</c>, <c>β ← β/2</c> if <c>d &lt; d_targ/1.5</c>, else unchanged.
/// </summary>
/// <remarks>
/// β is the Lagrange multiplier of the constraint <c>KL ≤ d_targ</c>: a step of dual descent raises it while the
/// constraint is violated and lowers it while there is slack, so the policy's step size settles near the target
/// whatever β starts at (the 1.5 and 2 are the paper's; they are not sensitive).
/// </remarks>
public sealed class AdaptiveKlCoefficient
{
    /// <summary>Starts at <paramref name="initial"/> &gt; 0 with target divergence <paramref name="target"/> &gt; 0.</summary>
    public AdaptiveKlCoefficient(double initial, double target)
    {
        if (!(initial > 0) || !double.IsFinite(initial))
            throw new ArgumentOutOfRangeException(nameof(initial), initial, $"kl_coef = {initial} is outside the allowed range (0, ∞).");
        if (!(target > 0) || !double.IsFinite(target))
            throw new ArgumentOutOfRangeException(nameof(target), target, $"target_kl = {target} is outside the allowed range (0, ∞).");
        Value = initial;
        Target = target;
    }

    /// <summary>The current β.</summary>
    public double Value { get; set; }

    /// <summary>The target divergence d_targ.</summary>
    public double Target { get; }

    /// <summary>Applies the dual update for a measured mean KL <paramref name="measuredKl"/> and returns the new β.</summary>
    public double Update(double measuredKl)
    {
        if (!double.IsFinite(measuredKl) || measuredKl < 0)
            throw new ArgumentOutOfRangeException(nameof(measuredKl), measuredKl, "AdaptiveKlCoefficient.Update: the measured KL must be finite and ≥ 0.");
        if (measuredKl > 1.5 * Target) Value *= 2;
        else if (measuredKl < Target / 1.5) Value /= 2;
        return Value;
    }
}
