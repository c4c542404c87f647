using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Algorithms;

/// <summary>
/// The advantage actor-critic loss of one batch, recorded on its own tape:
/// <c>L = −mean(Â_t · log π_θ(a_t|s_t)) − c_ent · mean(H[π_θ(·|s_t)]) + c_vf · mean((R_t − V_φ(s_t))²)</c>.
/// </summary>
/// <remarks>
/// The first term's gradient is the lecture's policy gradient <c>(1/N) Σ ∇θ log π_θ(u|x) Â(x, u)</c> (the advantages are
/// constants: they enter as tape inputs); the second rewards exploration; the third fits the critic to its targets
/// (the supervised regression of "fit V"). One backward pass gives the gradient of all three, so a shared trunk
/// receives both the actor's and the critic's signal. Re-recording a batch of the same shape allocates nothing.
/// </remarks>
public sealed class ActorCriticLoss
{
    private readonly Tape _tape = new();
    private Var? _loss;

    /// <summary>The tape the loss is recorded on (turn on <see cref="Tape.CheckFinite"/> to locate a NaN).</summary>
    public Tape Tape => _tape;

    /// <summary>Records the loss for a batch; returns the value of each term (mean entropy, not its negative).</summary>
    public ActorCriticLossTerms Record(IActorCritic policy, Tensor observations, Tensor actions, Tensor advantages, Tensor returns,
        float entropyCoefficient, float valueCoefficient)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _tape.Reset();
        var t = _tape;
        var (pi, values) = policy.ForwardWithValues(t, t.Input(observations));
        var policyGradient = t.Neg(t.Mean(t.Mul(t.Input(advantages), pi.LogProb(actions))));   // −mean(Â · log π)
        var entropy = t.Mean(pi.Entropy());                                                    // mean H[π]
        var valueLoss = t.Mean(t.Square(t.Sub(t.Input(returns), values)));                     // mean (R − V)²
        _loss = t.Add(t.Sub(policyGradient, t.MulScalar(entropy, entropyCoefficient)), t.MulScalar(valueLoss, valueCoefficient));
        return new ActorCriticLossTerms(policyGradient.Value[0], entropy.Value[0], valueLoss.Value[0], _loss.Value[0]);
    }

    /// <summary>Back-propagates the last recorded loss into the parameters' gradients (which accumulate: zero them first).</summary>
    public void Backward()
    {
        if (_loss is null) throw new InvalidOperationException("ActorCriticLoss.Backward: record a loss first.");
        _tape.Backward(_loss);
    }
}

/// <summary>The terms of an <see cref="ActorCriticLoss"/>.</summary>
/// <param name="PolicyGradient">The policy-gradient term <c>−mean(Â · log π)</c>.</param>
/// <param name="Entropy">The mean entropy of the policy (the loss subtracts <c>c_ent</c> times it).</param>
/// <param name="ValueLoss">The critic's mean squared error.</param>
/// <param name="Total">The total loss.</param>
public readonly record struct ActorCriticLossTerms(double PolicyGradient, double Entropy, double ValueLoss, double Total);
