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
/// The advantages, old log-probabilities, old values and targets enter as constants. With separate actor and critic
/// networks the policy terms and the value term are recorded on two tapes (<see cref="ActorCriticTapes"/>).
/// </remarks>
public sealed class PpoLoss
{
    private readonly ActorCriticTapes.ByBatchSize _bySize;
    private ActorCriticTapes? _tapes;

    /// <summary>Creates the loss for a policy with (<paramref name="sharedTrunk"/>) or without a shared trunk.</summary>
    public PpoLoss(bool sharedTrunk) => _bySize = new ActorCriticTapes.ByBatchSize(sharedTrunk);

    /// <summary>The tapes the last loss was recorded on (turn on <see cref="Tape.CheckFinite"/> to locate a NaN).</summary>
    public ActorCriticTapes? Tapes => _tapes;

    /// <summary>The ratios <c>π_θ/π_old</c> of the last recorded minibatch.</summary>
    public Tensor? Ratio { get; private set; }

    /// <summary>Records the loss of <paramref name="batch"/> (advantages as they should enter: normalise them first if wanted).</summary>
    /// <param name="policy">The actor-critic.</param>
    /// <param name="batch">The minibatch, whose <see cref="Minibatch.LogProbs"/> are <c>log π_old</c> and <see cref="Minibatch.Values"/> the collection-time values.</param>
    /// <param name="objective">The policy objective.</param>
    /// <param name="clipRange">ε of the clipped surrogate (≥ 0).</param>
    /// <param name="clipRangeVf">The value clip range, or null for no value clipping.</param>
    /// <param name="entropyCoefficient">c_ent.</param>
    /// <param name="valueCoefficient">c_vf.</param>
    public PpoLossTerms Record(ActorCriticPolicy policy, Minibatch batch, SurrogateObjective objective, float clipRange, float? clipRangeVf,
        float entropyCoefficient, float valueCoefficient)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(batch);
        var tapes = _tapes = _bySize.For(batch.Size);
        var (pi, values) = tapes.Forward(policy, batch.Observations);
        Tape t = tapes.Actor, c = tapes.Critic;
        var logProb = pi.LogProb(batch.Actions);
        var (surrogate, ratio) = ClippedSurrogate.Record(t, objective, logProb, batch.LogProbs, batch.Advantages, clipRange);
        var entropy = t.Mean(pi.Entropy());
        var valueLoss = ClippedValueLoss.Record(c, values, batch.Returns, batch.Values, clipRangeVf);
        var actorLoss = t.Sub(t.Neg(surrogate), t.MulScalar(entropy, entropyCoefficient));   // −L^CLIP − c_ent H
        var criticLoss = c.MulScalar(valueLoss, valueCoefficient);                             // c_vf L^V
        double total = tapes.SetLoss(actorLoss, criticLoss);
        Ratio = ratio;
        var statistics = ClippedSurrogate.Statistics(ratio.Span, clipRange);
        return new PpoLossTerms(-surrogate.Value[0], entropy.Value[0], valueLoss.Value[0], total, statistics.ApproxKl, statistics.ClipFraction);
    }

    /// <summary>Back-propagates the last recorded loss into the parameters' gradients (which accumulate: zero them first).</summary>
    public void Backward() => (_tapes ?? throw new InvalidOperationException("PpoLoss.Backward: record a loss first.")).Backward();
}

/// <summary>The terms and diagnostics of a <see cref="PpoLoss"/>.</summary>
/// <param name="PolicyLoss">The policy term <c>−L^CLIP</c> (SB3's <c>policy_gradient_loss</c>).</param>
/// <param name="Entropy">The mean entropy of the policy (the loss subtracts <c>c_ent</c> times it).</param>
/// <param name="ValueLoss">The critic's (possibly clipped) mean squared error.</param>
/// <param name="Total">The total loss.</param>
/// <param name="ApproxKl">The k3 estimate of <c>KL(π_old ‖ π_θ)</c> on the minibatch, before this step.</param>
/// <param name="ClipFraction">The fraction of the minibatch with <c>|ρ − 1| &gt; ε</c>.</param>
public readonly record struct PpoLossTerms(double PolicyLoss, double Entropy, double ValueLoss, double Total, double ApproxKl, double ClipFraction);
