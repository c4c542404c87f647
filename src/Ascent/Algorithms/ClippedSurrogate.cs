using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Algorithms;

/// <summary>
/// PPO's clipped surrogate objective (seed 003's "PPO v2", seed 004's L^CLIP), to be maximised:
/// <c>L^CLIP(θ) = mean_t min(ρ_t(θ) Â_t, clip(ρ_t(θ), 1 − ε, 1 + ε) Â_t)</c> with the importance ratio
/// <c>ρ_t(θ) = π_θ(a_t|s_t) / π_θold(a_t|s_t) = exp(log π_θ − log π_old)</c>.
/// </summary>
/// <remarks>
/// <para>The minimum keeps the more pessimistic of the two terms. Where <c>Â &gt; 0</c> and <c>ρ &gt; 1 + ε</c>, or
/// <c>Â &lt; 0</c> and <c>ρ &lt; 1 − ε</c>, the clipped term is selected and is constant in θ, so that sample's gradient is
/// exactly zero: the batch is "used up" in that direction. Elsewhere the gradient is the importance-sampled policy
/// gradient <c>ρ_t Â_t ∇θ log π_θ(a_t|s_t)</c>. At ρ = 1 both terms coincide and so do their gradients, so the first
/// step is the plain policy gradient (the tape splits a tie between the two branches evenly).</para>
/// <para>The diagnostics are Stable-Baselines3's: the fraction of samples with <c>|ρ − 1| &gt; ε</c> and the k3
/// estimate of <c>KL(π_old ‖ π_θ)</c>, <c>mean((ρ − 1) − log ρ)</c> (unbiased, and non-negative sample by sample).</para>
/// </remarks>
public static class ClippedSurrogate
{
    /// <summary>
    /// Records <c>L^CLIP</c> on <paramref name="tape"/> from <c>log π_θ(a_t|s_t)</c> (<paramref name="logProb"/>, <c>[B]</c>,
    /// recorded on the tape), the old log-probabilities and the advantages (constants, <c>[B]</c>), with clip range
    /// <paramref name="clipRange"/> ≥ 0 (a linear schedule ends at 0, where ρ is clipped to 1). Returns the objective
    /// (a scalar, to maximise) and the ratios <c>ρ_t</c> of this pass (valid until the tape records again).
    /// </summary>
    public static (Var Objective, Tensor Ratio) Record(Tape tape, Var logProb, Tensor oldLogProb, Tensor advantages, float clipRange) =>
        Record(tape, SurrogateObjective.Clipped, logProb, oldLogProb, advantages, clipRange);

    /// <summary>
    /// Records the chosen <paramref name="objective"/> — <c>L^CLIP</c>, the unclipped <c>mean ρÂ</c>, or the policy-gradient
    /// pseudo-objective <c>mean Â log π_θ</c> — as one fused tape operation; see <see cref="Record(Tape, Var, Tensor, Tensor, float)"/>.
    /// </summary>
    public static (Var Objective, Tensor Ratio) Record(Tape tape, SurrogateObjective objective, Var logProb, Tensor oldLogProb, Tensor advantages, float clipRange)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(logProb);
        ArgumentNullException.ThrowIfNull(oldLogProb);
        ArgumentNullException.ThrowIfNull(advantages);
        CheckClipRange(clipRange);
        tape.Own(logProb, "Surrogate");
        var node = tape.Next<SurrogateNode>();
        node.Bind(logProb, oldLogProb, advantages, objective, clipRange);
        tape.Run(node);
        return (node, node.RatioTensor);
    }

    /// <summary>The clip fraction and the k3 approximate KL of ratios <paramref name="ratio"/> for clip range <paramref name="clipRange"/>.</summary>
    public static RatioStatistics Statistics(ReadOnlySpan<float> ratio, float clipRange)
    {
        if (ratio.IsEmpty) throw new ArgumentException("ClippedSurrogate.Statistics: no ratios.", nameof(ratio));
        double kl = 0;
        int clipped = 0;
        foreach (float rho in ratio)
        {
            kl += (rho - 1.0) - Math.Log(rho);                  // k3: (ρ − 1) − log ρ ≥ 0
            if (Math.Abs(rho - 1f) > clipRange) clipped++;
        }
        return new RatioStatistics(kl / ratio.Length, (double)clipped / ratio.Length);
    }

    /// <summary>Throws unless <paramref name="clipRange"/> is finite and ≥ 0 (the option itself must start &gt; 0; a linear schedule reaches 0 at the end).</summary>
    internal static void CheckClipRange(float clipRange, string option = "clip_range")
    {
        if (!(clipRange >= 0f) || !float.IsFinite(clipRange))
            throw new ArgumentOutOfRangeException(option, clipRange, $"{option} = {clipRange} is outside the allowed range [0, ∞).");
    }
}

/// <summary>Diagnostics of a batch of importance ratios.</summary>
/// <param name="ApproxKl">The k3 estimate <c>mean((ρ − 1) − log ρ)</c> of <c>KL(π_old ‖ π_θ)</c>.</param>
/// <param name="ClipFraction">The fraction of samples with <c>|ρ − 1| &gt; ε</c>.</param>
public readonly record struct RatioStatistics(double ApproxKl, double ClipFraction);
