using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Estimators;

/// <summary>
/// The policy-gradient pseudo-loss of seed 002: a weighted log-likelihood whose gradient is the policy gradient,
/// L(θ) = −scale · Σ_t w_t log π_θ(a_t|s_t) with the weights w_t (e.g. Q̂_{i,t} = reward-to-go, minus a baseline)
/// treated as constants. Minimising L with any optimizer ascends J: ∇L = −scale · Σ_t w_t ∇θ log π_θ(a_t|s_t).
/// </summary>
/// <remarks>
/// This is how a policy without an analytic score (an MLP) gets its gradient: one forward and one backward pass
/// over all the steps of a batch, instead of one score per step. With <c>scale = 1/N</c> for N episodes it is
/// exactly the estimator ĝ = (1/N) Σ_i Σ_t ∇log π(a_{i,t}|s_{i,t}) w_{i,t} (tests check it against the analytic form).
/// </remarks>
public static class PseudoLoss
{
    /// <summary>Records L = −<paramref name="scale"/> · Σ_t w_t log π(a_t|s_t) for a batch of steps.</summary>
    /// <param name="tape">The tape to record on.</param>
    /// <param name="policy">π_θ.</param>
    /// <param name="observations">s_t, <c>[T, observation size]</c>.</param>
    /// <param name="actions">a_t, <c>[T, action size]</c>.</param>
    /// <param name="weights">w_t, <c>[T]</c> (constants: no gradient flows into them).</param>
    /// <param name="scale">The normaliser, e.g. 1/N for N episodes.</param>
    /// <returns>The scalar loss.</returns>
    public static Var Record(Tape tape, IPolicy policy, Tensor observations, Tensor actions, Tensor weights, float scale)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Size != observations.Dim(0) || actions.Dim(0) != observations.Dim(0))
            throw new ShapeMismatchException("PseudoLoss.Record", observations.ShapeString, weights.ShapeString, $"need one weight and one action per observation row (actions {actions.ShapeString})");
        return Record(tape, policy.Forward(tape, tape.Input(observations)), actions, weights, scale);
    }

    /// <summary>Records L = −<paramref name="scale"/> · Σ_t w_t log π(a_t|s_t) from an already recorded <paramref name="policy"/> distribution π_θ(·|s_t) (one row per step).</summary>
    public static Var Record(Tape tape, ActionDistribution policy, Tensor actions, Tensor weights, float scale)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Size != policy.BatchSize || actions.Dim(0) != policy.BatchSize)
            throw new ShapeMismatchException("PseudoLoss.Record", $"[{policy.BatchSize}] rows", weights.ShapeString, $"need one weight and one action per row of the distribution (actions {actions.ShapeString})");
        var logProbs = policy.LogProb(actions);                                           // log π_θ(a_t|s_t), [T]
        var weighted = tape.Sum(tape.Mul(logProbs, tape.Input(weights)));                // Σ_t w_t log π_θ(a_t|s_t)
        return tape.MulScalar(weighted, -scale);
    }

    /// <summary>Copies steps [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of a batch into
    /// observation <c>[count, O]</c> and action <c>[count, A]</c> tensors (reused when they already have that shape).</summary>
    public static void CopySteps(EpisodeBatch batch, int start, int count, ref Tensor? observations, ref Tensor? actions)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (start < 0 || count < 1 || start + count > batch.StepCount)
            throw new ArgumentOutOfRangeException(nameof(count), $"PseudoLoss.CopySteps: steps [{start}, {start + count}) are outside the batch's {batch.StepCount} steps.");
        if (observations is null || observations.Dim(0) != count || observations.Dim(1) != batch.ObservationSize) observations = new Tensor(count, batch.ObservationSize);
        if (actions is null || actions.Dim(0) != count || actions.Dim(1) != batch.ActionSize) actions = new Tensor(count, batch.ActionSize);
        batch.Observations.Slice(start * batch.ObservationSize, count * batch.ObservationSize).CopyTo(observations.Span);
        batch.Actions.Slice(start * batch.ActionSize, count * batch.ActionSize).CopyTo(actions.Span);
    }
}
