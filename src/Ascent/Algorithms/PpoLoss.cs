using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;

namespace Ascent.Algorithms;

/// <summary>
/// PPO's loss for one minibatch (implementation detail 10: one loss, one optimizer), to be minimised:
/// <c>L(θ, φ) = −L^CLIP(θ) − c_ent · mean H[π_θ(·|s_t)] + c_vf · L^V(φ)</c>, with <see cref="ClippedSurrogate"/> (or another
/// <see cref="SurrogateObjective"/>) and <see cref="ClippedValueLoss"/>.
/// </summary>
/// <remarks>
/// The advantages, old log-probabilities, old values and targets enter as constants. <see cref="MinibatchLoss"/> says
/// where it is recorded (one tape, or actor and critic tapes, possibly on two threads).
/// </remarks>
public sealed class PpoLoss : MinibatchLoss
{
    private SurrogateObjective _objective;
    private float _clipRange, _entropyCoefficient;
    private double _policyLoss, _entropy;

    /// <summary>Creates the loss for a policy with (<paramref name="sharedTrunk"/>) or without a shared trunk, the critic's gradient on a second thread when <paramref name="parallel"/>.</summary>
    public PpoLoss(bool sharedTrunk, bool parallel = false) : base(sharedTrunk, parallel) { }

    /// <summary>The ratios <c>π_θ/π_old</c> of the last minibatch.</summary>
    public Tensor? Ratio { get; private set; }

    /// <summary>
    /// Records the loss of <paramref name="batch"/> (advantages as they should enter: normalise them first if wanted) and
    /// leaves its gradient in the parameters (zeroed first).
    /// </summary>
    /// <param name="policy">The actor-critic.</param>
    /// <param name="batch">The minibatch, whose <see cref="Minibatch.LogProbs"/> are <c>log π_old</c> and <see cref="Minibatch.Values"/> the collection-time values.</param>
    /// <param name="objective">The policy objective.</param>
    /// <param name="clipRange">ε of the clipped surrogate (≥ 0).</param>
    /// <param name="clipRangeVf">The value clip range, or null for no value clipping.</param>
    /// <param name="entropyCoefficient">c_ent.</param>
    /// <param name="valueCoefficient">c_vf.</param>
    public PpoLossTerms Evaluate(ActorCriticPolicy policy, Minibatch batch, SurrogateObjective objective, float clipRange, float? clipRangeVf,
        float entropyCoefficient, float valueCoefficient)
    {
        _objective = objective; _clipRange = clipRange; _entropyCoefficient = entropyCoefficient;
        Evaluate(policy, batch, valueCoefficient, clipRangeVf);
        var statistics = ClippedSurrogate.Statistics(Ratio!.Span, clipRange);
        return new PpoLossTerms(_policyLoss, _entropy, ValueLoss, Total, statistics.ApproxKl, statistics.ClipFraction);
    }

    /// <inheritdoc />
    protected override Var RecordPolicyTerms(Tape tape, ActionDistribution pi, Minibatch batch)
    {
        var (surrogate, ratio) = ClippedSurrogate.Record(tape, _objective, pi.LogProb(batch.Actions), batch.LogProbs, batch.Advantages, _clipRange);
        var entropy = tape.Mean(pi.Entropy());
        Ratio = ratio;
        _policyLoss = -surrogate.Value[0];
        _entropy = entropy.Value[0];
        return tape.Sub(tape.Neg(surrogate), tape.MulScalar(entropy, _entropyCoefficient));   // −L^CLIP − c_ent H
    }
}

/// <summary>The terms and diagnostics of a <see cref="PpoLoss"/>.</summary>
/// <param name="PolicyLoss">The policy term <c>−L^CLIP</c> (SB3's <c>policy_gradient_loss</c>).</param>
/// <param name="Entropy">The mean entropy of the policy (the loss subtracts <c>c_ent</c> times it).</param>
/// <param name="ValueLoss">The critic's (possibly clipped) mean squared error.</param>
/// <param name="Total">The total loss.</param>
/// <param name="ApproxKl">The k3 estimate of <c>KL(π_old ‖ π_θ)</c> on the minibatch, before this step.</param>
/// <param name="ClipFraction">The fraction of the minibatch with <c>|ρ − 1| &gt; ε</c>.</param>
public readonly record struct PpoLossTerms(double PolicyLoss, double Entropy, double ValueLoss, double Total, double ApproxKl, double ClipFraction);
