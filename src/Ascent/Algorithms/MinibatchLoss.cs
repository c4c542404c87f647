using Ascent.Autodiff;
using Ascent.Policies;
using Ascent.Rollouts;

namespace Ascent.Algorithms;

/// <summary>
/// A minibatch loss of an actor-critic, <c>L = L_π(θ) + c_vf · L^V(φ)</c>, recorded and back-propagated in one call:
/// the policy terms come from the derived class (PPO's clipped surrogate, the KL-penalised surrogate), the value term
/// is <see cref="ClippedValueLoss"/>.
/// </summary>
/// <remarks>
/// <para><b>Tapes.</b> With a shared trunk, one tape holds π_θ, V_φ and their sum. With separate networks the policy
/// terms go on an actor tape and the value term on a critic tape: their backward passes touch disjoint parameters and
/// give exactly the gradient of the sum — and can run on two threads (<c>update_threads: 2</c>, a
/// <see cref="HelperThread"/> computing the critic's part) with bit-identical results.</para>
/// <para>Each minibatch size has its own tapes (an epoch's last, smaller minibatch does not reshape the full ones'
/// buffers), so re-recording allocates nothing.</para>
/// </remarks>
public abstract class MinibatchLoss : IDisposable
{
    private readonly Slot _first, _second;
    private readonly HelperThread? _helper;
    private readonly Action _actorPass, _criticPass;
    private Slot? _current;
    private ActorCriticPolicy _policy = null!;
    private Minibatch _batch = null!;
    private float _valueCoefficient;
    private float? _valueClipRange;

    /// <summary>Creates the tapes for a policy with (<paramref name="sharedTrunk"/>) or without a shared trunk; with <paramref name="parallel"/> (separate networks only) the critic's part runs on a helper thread.</summary>
    protected MinibatchLoss(bool sharedTrunk, bool parallel)
    {
        if (parallel && sharedTrunk)
            throw new ArgumentException("update_threads = 2 needs separate actor and critic networks (shared_trunk = false): a shared trunk's gradient has one backward pass.");
        _first = new Slot(sharedTrunk);
        _second = new Slot(sharedTrunk);
        _actorPass = ActorPass;
        _criticPass = CriticPass;
        if (parallel) _helper = new HelperThread("ascent-critic-gradient");
    }

    /// <summary>Whether the critic's gradient is computed on a second thread.</summary>
    public bool Parallel => _helper is not null;

    /// <summary>The actor tape of the last minibatch (the only tape with a shared trunk); turn on <see cref="Tape.CheckFinite"/> to locate a NaN.</summary>
    public Tape? ActorTape => _current?.Actor;

    /// <summary>The critic tape of the last minibatch.</summary>
    public Tape? CriticTape => _current?.Critic;

    /// <summary>The value term <c>L^V</c> of the last minibatch.</summary>
    public double ValueLoss { get; private set; }

    /// <summary>The total loss of the last minibatch.</summary>
    public double Total { get; private set; }

    /// <summary>Records the policy terms on <paramref name="tape"/> for π_θ = <paramref name="pi"/>; returns the actor's loss (a scalar to minimise).</summary>
    protected abstract Var RecordPolicyTerms(Tape tape, ActionDistribution pi, Minibatch batch);

    /// <summary>
    /// Records <paramref name="batch"/>'s loss and leaves its gradient in the parameters (zeroed first):
    /// the derived class's policy terms plus <paramref name="valueCoefficient"/> × the value loss, clipped at
    /// <paramref name="valueClipRange"/> when not null.
    /// </summary>
    protected void Evaluate(ActorCriticPolicy policy, Minibatch batch, float valueCoefficient, float? valueClipRange)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(batch);
        _policy = policy; _batch = batch; _valueCoefficient = valueCoefficient; _valueClipRange = valueClipRange;
        var slot = _current = _first.Size < 0 || _first.Size == batch.Size ? _first : _second;
        slot.Size = batch.Size;
        if (slot.Shared)
        {
            var t = slot.Actor;
            t.Reset();
            var (pi, values) = policy.ForwardWithValues(t, t.Input(batch.Observations));
            var total = t.Add(RecordPolicyTerms(t, pi, batch), ValueTerm(t, values));
            Total = total.Value[0];
            policy.Parameters.ZeroGrad();
            t.Backward(total);
            return;
        }
        if (_helper is not null) _helper.Run(_criticPass, _actorPass);
        else { _actorPass(); _criticPass(); }
        Total = slot.ActorLoss + (double)_valueCoefficient * ValueLoss;
    }

    private void ActorPass()
    {
        var slot = _current!; var t = slot.Actor;
        t.Reset();
        var loss = RecordPolicyTerms(t, _policy.Forward(t, t.Input(_batch.Observations)), _batch);
        slot.ActorLoss = loss.Value[0];
        _policy.ActorParameters.ZeroGrad();
        t.Backward(loss);
    }

    private void CriticPass()
    {
        var slot = _current!; var c = slot.Critic;
        c.Reset();
        var loss = ValueTerm(c, _policy.ValueFunction.Forward(c, c.Input(_batch.Observations)));
        _policy.CriticParameters.ZeroGrad();
        c.Backward(loss);
    }

    /// <summary>c_vf · L^V on <paramref name="tape"/>; sets <see cref="ValueLoss"/>.</summary>
    private Var ValueTerm(Tape tape, Var values)
    {
        var valueLoss = ClippedValueLoss.Record(tape, values, _batch.Returns, _batch.Values, _valueClipRange);
        ValueLoss = valueLoss.Value[0];
        return tape.MulScalar(valueLoss, _valueCoefficient);
    }

    /// <summary>Stops the helper thread, if any.</summary>
    public void Dispose()
    {
        _helper?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The tapes of one minibatch size.</summary>
    private sealed class Slot
    {
        public Slot(bool shared)
        {
            Actor = new Tape();
            Critic = shared ? Actor : new Tape();
        }

        public Tape Actor { get; }
        public Tape Critic { get; }
        public bool Shared => ReferenceEquals(Actor, Critic);
        public int Size { get; set; } = -1;
        public double ActorLoss { get; set; }
    }
}
