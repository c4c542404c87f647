using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;

namespace Ascent.Algorithms;

/// <summary>
/// Adaptive-KL PPO's loss for one minibatch (seed 003's "PPO v1": the surrogate with a Lagrange multiplier), to be minimised:
/// <c>L(θ, φ) = −mean_t ρ_t(θ) Â_t + β · mean_t KL(π_old(·|s_t) ‖ π_θ(·|s_t)) − c_ent · mean H[π_θ] + c_vf · mean (V_φ − R)²</c>.
/// </summary>
/// <remarks>
/// The KL is exact, not sampled: the old distribution's parameters (logits, or mean and log σ) were kept by
/// <see cref="OldPolicy"/> before the update and enter as constants, and <see cref="ActionDistribution.Kl"/> gives the closed
/// form (categorical: <c>Σ p_old (log p_old − log p_θ)</c>; Gaussian: the per-dimension formula). At θ = θ_old it is
/// exactly 0 and so is its gradient, so the first step is the plain policy gradient.
/// </remarks>
public sealed class KlPenaltyLoss : MinibatchLoss
{
    private readonly OldPolicy _old;
    private readonly bool _categorical;
    private readonly int _headSize, _actionSize;
    private readonly Tape _measureFull = new(), _measureLast = new();
    private OldRows? _first, _second;
    private int[] _rows = [];
    private int _rowCount;
    private double _beta, _policyLoss, _kl, _entropy, _approxKl;
    private float _entropyCoefficient;

    /// <summary>The loss for <paramref name="policy"/>, reading the old distributions kept by <paramref name="oldPolicy"/>; the critic's gradient on a second thread when <paramref name="parallel"/>.</summary>
    public KlPenaltyLoss(ActorCriticPolicy policy, OldPolicy oldPolicy, bool parallel = false)
        : base((policy ?? throw new ArgumentNullException(nameof(policy))).Architecture.SharedTrunk, parallel)
    {
        ArgumentNullException.ThrowIfNull(oldPolicy);
        if (!oldPolicy.KeepsDistribution) throw new ArgumentException("KlPenaltyLoss: the OldPolicy must keep the distribution parameters (keepDistribution: true).", nameof(oldPolicy));
        _old = oldPolicy;
        _categorical = policy.IsCategorical;
        _headSize = policy.ActionOutputs;
        _actionSize = policy.ActionSize;
    }

    /// <summary>
    /// Records the loss of <paramref name="batch"/>, whose segment rows are <paramref name="rows"/>, with penalty coefficient
    /// <paramref name="beta"/>, and leaves its gradient in the parameters (zeroed first).
    /// </summary>
    public KlPenaltyLossTerms Evaluate(ActorCriticPolicy policy, Minibatch batch, ReadOnlySpan<int> rows, double beta, float entropyCoefficient, float valueCoefficient)
    {
        if (_rows.Length < rows.Length) _rows = new int[rows.Length];
        rows.CopyTo(_rows);
        _rowCount = rows.Length;
        _beta = beta; _entropyCoefficient = entropyCoefficient;
        Evaluate(policy, batch, valueCoefficient, null);
        return new KlPenaltyLossTerms(_policyLoss, _kl, _entropy, ValueLoss, Total, _approxKl);
    }

    /// <inheritdoc />
    protected override Var RecordPolicyTerms(Tape t, ActionDistribution pi, Minibatch batch)
    {
        var (surrogate, ratio) = ClippedSurrogate.Record(t, SurrogateObjective.Unclipped, pi.LogProb(batch.Actions), batch.LogProbs, batch.Advantages, 0f); // mean ρ Â
        var kl = t.Mean(OldDistribution(t, _rows.AsSpan(0, _rowCount)).Kl(pi));                 // mean KL(π_old ‖ π_θ), exact
        var entropy = t.Mean(pi.Entropy());
        _policyLoss = -surrogate.Value[0];
        _kl = kl.Value[0];
        _entropy = entropy.Value[0];
        _approxKl = ClippedSurrogate.Statistics(ratio.Span, 0f).ApproxKl;
        return t.Sub(t.Add(t.Neg(surrogate), t.MulScalar(kl, (float)_beta)), t.MulScalar(entropy, _entropyCoefficient)); // −L + βKL − c_ent H
    }

    /// <summary>
    /// The exact mean <c>KL(π_old ‖ π_θ)</c> over the whole segment for the current θ (the dual update's d), evaluated in the
    /// minibatches of the current permutation of <paramref name="minibatches"/> without recording gradients.
    /// </summary>
    public double MeanKl(ActorCriticPolicy policy, RolloutBuffer buffer, ShuffledMinibatches minibatches)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(minibatches);
        double sum = 0;
        for (int j = 0; j < minibatches.Count; j++)
        {
            var batch = minibatches.Gather(buffer, j);
            var tape = batch.Size == minibatches.BatchSize ? _measureFull : _measureLast;
            tape.Reset();
            var pi = policy.Forward(tape, tape.Input(batch.Observations));
            sum += TensorPrimitives.Sum<float>(OldDistribution(tape, minibatches.Indices(j)).Kl(pi).Value.Span);
        }
        return sum / minibatches.SegmentSize;
    }

    /// <summary>π_old for <paramref name="rows"/> on <paramref name="tape"/>, from the kept parameters (constants).</summary>
    private ActionDistribution OldDistribution(Tape tape, ReadOnlySpan<int> rows)
    {
        var slot = RowsFor(rows.Length);
        _old.GatherDistribution(rows, slot.Heads, slot.LogStd);
        return _categorical
            ? ActionDistribution.FromLogits(tape.Input(slot.Heads))
            : ActionDistribution.FromGaussian(tape.Input(slot.Heads), tape.Input(slot.LogStd!));
    }

    private OldRows RowsFor(int size)
    {
        if (_first is null || _first.Size == size) return _first ??= new OldRows(size, _headSize, _categorical ? 0 : _actionSize);
        if (_second is null || _second.Size != size) _second = new OldRows(size, _headSize, _categorical ? 0 : _actionSize);
        return _second;
    }

    /// <summary>Preallocated old-distribution parameters for a minibatch size.</summary>
    private sealed class OldRows(int size, int headSize, int actionSize)
    {
        public int Size { get; } = size;
        public Tensor Heads { get; } = new(size, headSize);
        public Tensor? LogStd { get; } = actionSize == 0 ? null : new Tensor(size, actionSize);
    }
}

/// <summary>The terms and diagnostics of a <see cref="KlPenaltyLoss"/>.</summary>
/// <param name="PolicyLoss">The surrogate term <c>−mean ρÂ</c>.</param>
/// <param name="Kl">The exact mean <c>KL(π_old ‖ π_θ)</c> on the minibatch, before this step.</param>
/// <param name="Entropy">The mean entropy of the policy.</param>
/// <param name="ValueLoss">The critic's mean squared error.</param>
/// <param name="Total">The total loss.</param>
/// <param name="ApproxKl">The k3 estimate of the same KL from the sampled actions (for comparison with PPO-clip's logs).</param>
public readonly record struct KlPenaltyLossTerms(double PolicyLoss, double Kl, double Entropy, double ValueLoss, double Total, double ApproxKl);
