using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Algorithms;

/// <summary>
/// Where a minibatch loss of an actor-critic is recorded: with a shared trunk, one tape holding π_θ, V_φ and the total
/// loss; with separate networks, an actor tape (policy terms) and a critic tape (value term), whose backward passes
/// touch disjoint parameters and give exactly the gradients of the summed loss.
/// </summary>
/// <remarks>
/// Keeping the two networks on two tapes costs nothing single-threaded and keeps each tape's replay short. Re-recording
/// minibatches of the same size allocates nothing; <see cref="ByBatchSize"/> keeps one set of tapes per minibatch size
/// so that an epoch's smaller last minibatch does not reshape the full ones' buffers.
/// </remarks>
public sealed class ActorCriticTapes
{
    private Var? _actorLoss, _criticLoss;

    /// <summary>Creates the tapes: one when <paramref name="sharedTrunk"/>, two otherwise.</summary>
    public ActorCriticTapes(bool sharedTrunk)
    {
        Actor = new Tape();
        Critic = sharedTrunk ? Actor : new Tape();
    }

    /// <summary>Tapes for at most two minibatch sizes (an epoch's full minibatches and its last one).</summary>
    public sealed class ByBatchSize(bool sharedTrunk)
    {
        private readonly ActorCriticTapes _first = new(sharedTrunk), _second = new(sharedTrunk);
        private int _firstSize = -1, _secondSize = -1;

        /// <summary>The tapes for minibatches of <paramref name="batchSize"/> rows (the second slot is reused for any size after the first).</summary>
        public ActorCriticTapes For(int batchSize)
        {
            if (_firstSize < 0 || _firstSize == batchSize) { _firstSize = batchSize; return _first; }
            _secondSize = batchSize;
            return _second;
        }

        /// <summary>The tapes used most recently for <paramref name="batchSize"/>, or null.</summary>
        public ActorCriticTapes? Last(int batchSize) => batchSize == _firstSize ? _first : batchSize == _secondSize ? _second : null;
    }

    /// <summary>The tape of the policy terms (and of everything, with a shared trunk).</summary>
    public Tape Actor { get; }

    /// <summary>The tape of the value term (the actor tape, with a shared trunk).</summary>
    public Tape Critic { get; }

    /// <summary>Whether both heads are recorded on one tape.</summary>
    public bool Shared => ReferenceEquals(Actor, Critic);

    /// <summary>Rewinds the tapes and records π_θ(·|x) on <see cref="Actor"/> and V_φ(x) (<c>[B]</c>) on <see cref="Critic"/>.</summary>
    public (ActionDistribution Policy, Var Values) Forward(ActorCriticPolicy policy, Tensor observations)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(observations);
        Actor.Reset();
        if (Shared) return policy.ForwardWithValues(Actor, Actor.Input(observations));
        Critic.Reset();
        var pi = policy.Forward(Actor, Actor.Input(observations));
        var values = policy.ValueFunction.Forward(Critic, Critic.Input(observations));
        return (pi, values);
    }

    /// <summary>Sets the minibatch's loss as <paramref name="actorLoss"/> + <paramref name="criticLoss"/> (scalars on their tapes) and returns its value.</summary>
    public double SetLoss(Var actorLoss, Var criticLoss)
    {
        ArgumentNullException.ThrowIfNull(actorLoss);
        ArgumentNullException.ThrowIfNull(criticLoss);
        if (Shared)
        {
            _actorLoss = Actor.Add(actorLoss, criticLoss);
            _criticLoss = null;
            return _actorLoss.Value[0];
        }
        (_actorLoss, _criticLoss) = (actorLoss, criticLoss);
        return (double)actorLoss.Value[0] + criticLoss.Value[0];
    }

    /// <summary>Back-propagates the loss set by <see cref="SetLoss"/> into the parameters' gradients (which accumulate: zero them first).</summary>
    public void Backward()
    {
        if (_actorLoss is null) throw new InvalidOperationException("ActorCriticTapes.Backward: record a loss first (SetLoss).");
        Actor.Backward(_actorLoss);
        if (_criticLoss is not null) Critic.Backward(_criticLoss);
    }
}
