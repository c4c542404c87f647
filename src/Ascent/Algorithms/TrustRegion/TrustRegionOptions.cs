using System.Globalization;
using Ascent.Io.Config;

namespace Ascent.Algorithms.TrustRegion;

/// <summary>
/// Options of one natural-gradient / TRPO policy step (<see cref="TrustRegionUpdate"/>), with Stable-Baselines3's
/// TRPO keys and defaults (δ = 0.01, 15 CG steps, damping 0.1, line search 10 candidates shrinking by 0.8).
/// </summary>
public sealed record TrustRegionOptions : ICheckedOptions
{
    /// <summary>δ: the trust-region size, a bound on the mean KL(π_old ‖ π_new) over the batch's states.</summary>
    [Option("target_kl", "Trust-region size delta: the mean KL(pi_old || pi_new) a step may reach.", Min = 0, MinExclusive = true)]
    public double TargetKl { get; init; } = 0.01;

    /// <summary>The most conjugate-gradient iterations (Fisher-vector products) per step.</summary>
    [Option("cg_max_steps", "Most conjugate-gradient iterations for F^-1 g.", Min = 1)]
    public int CgMaxSteps { get; init; } = 15;

    /// <summary>λ in F + λI: keeps the conjugate-gradient system positive definite.</summary>
    [Option("cg_damping", "Damping lambda added to the Fisher matrix in conjugate gradient.", Min = 0)]
    public double CgDamping { get; init; } = 0.1;

    /// <summary>Conjugate gradient stops early once ‖g − F x‖ ≤ this · ‖g‖.</summary>
    [Option("cg_tolerance", "Relative residual at which conjugate gradient stops early.", Min = 0)]
    public double CgTolerance { get; init; } = 1e-10;

    /// <summary>Whether to search along the step for a real improvement within the real KL (TRPO), or take the step as is (natural policy gradient).</summary>
    [Option("line_search", "TRPO's backtracking line search (true) or a plain natural-gradient step (false).")]
    public bool LineSearch { get; init; } = true;

    /// <summary>The factor by which a rejected step is shrunk.</summary>
    [Option("line_search_shrinking_factor", "Factor by which the line search shrinks a rejected step.", Min = 0, Max = 1, MinExclusive = true, MaxExclusive = true)]
    public double LineSearchShrinkingFactor { get; init; } = 0.8;

    /// <summary>The most candidates the line search tries (the full step and up to this minus one shrunk ones).</summary>
    [Option("line_search_max_iter", "Most candidates the line search tries before keeping the old parameters.", Min = 1)]
    public int LineSearchMaxIter { get; init; } = 10;

    /// <summary>Without line search: θ ← θ + η F⁻¹g with this η; null scales the step to the trust region, √(2δ / xᵀFx)·x.</summary>
    [Option("npg_learning_rate", "Natural-gradient step size eta without line search; null = scale the step to target_kl.", Min = 0, MinExclusive = true)]
    public double? NpgLearningRate { get; init; }

    /// <summary>Throws naming the option (and its key), the value and the allowed range when an option is invalid.</summary>
    public void Validate()
    {
        if (!(TargetKl > 0) || !double.IsFinite(TargetKl)) throw OutOfRange(nameof(TargetKl), "target_kl", TargetKl, "(0, ∞)");
        if (CgMaxSteps < 1) throw OutOfRange(nameof(CgMaxSteps), "cg_max_steps", CgMaxSteps, $"[1, {int.MaxValue}]");
        if (!(CgDamping >= 0) || !double.IsFinite(CgDamping)) throw OutOfRange(nameof(CgDamping), "cg_damping", CgDamping, "[0, ∞)");
        if (!(CgTolerance >= 0) || !double.IsFinite(CgTolerance)) throw OutOfRange(nameof(CgTolerance), "cg_tolerance", CgTolerance, "[0, ∞)");
        if (!(LineSearchShrinkingFactor > 0 && LineSearchShrinkingFactor < 1))
            throw OutOfRange(nameof(LineSearchShrinkingFactor), "line_search_shrinking_factor", LineSearchShrinkingFactor, "(0, 1)");
        if (LineSearchMaxIter < 1) throw OutOfRange(nameof(LineSearchMaxIter), "line_search_max_iter", LineSearchMaxIter, $"[1, {int.MaxValue}]");
        if (NpgLearningRate is { } eta && (!(eta > 0) || !double.IsFinite(eta)))
            throw OutOfRange(nameof(NpgLearningRate), "npg_learning_rate", eta, "(0, ∞) or null");
        Check();
    }

    /// <inheritdoc />
    public void Check()
    {
        if (LineSearch && NpgLearningRate is not null)
            throw new ArgumentException($"TrustRegionOptions: npg_learning_rate = {NpgLearningRate.Value.ToString(CultureInfo.InvariantCulture)} is only used without the line search; set line_search = false or leave npg_learning_rate null.", nameof(NpgLearningRate));
    }

    private static ArgumentOutOfRangeException OutOfRange(string property, string key, double value, string range) =>
        new(property, value, $"TrustRegionOptions.{property} ({key}) = {value.ToString(CultureInfo.InvariantCulture)} is outside the allowed range {range}.");
}
