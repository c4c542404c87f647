using Ascent.Numerics;

namespace Ascent.Algorithms.TrustRegion;

/// <summary>
/// The data of one trust-region policy step, however it was collected: B states, the actions taken there, their
/// advantage estimates and log π_old(a|s) under the policy that chose them. The tensors are used, not copied.
/// </summary>
/// <remarks>
/// <para>The old distributions π_old(·|s) for the KL are not part of the batch: <see cref="TrustRegionUpdate.Step"/> records
/// them from the policy's parameters when the step starts (θ_old) and keeps a frozen copy of their logits, or means
/// and log-stds, so the KL is exact whatever the batch's origin.</para>
/// <para>The Fisher matrix may be estimated on fewer states than the surrogate (<see cref="FisherObservations"/>): the
/// TRPO paper computes its Fisher-vector products on 10% of the batch, which makes conjugate gradient about ten times
/// cheaper while the gradient and the line search still see every sample.</para>
/// </remarks>
public readonly struct TrustRegionBatch
{
    /// <summary>Wraps the batch, checking that every tensor has the same number of rows B ≥ 1.</summary>
    /// <param name="observations">s, shape <c>[B, observation size]</c>.</param>
    /// <param name="actions">a, shape <c>[B]</c> or <c>[B, 1]</c> (discrete) or <c>[B, D]</c> (continuous).</param>
    /// <param name="advantages">Â(s, a), shape <c>[B]</c>.</param>
    /// <param name="oldLogProbs">log π_old(a|s), shape <c>[B]</c>.</param>
    /// <param name="fisherObservations">The states the Fisher matrix is averaged over, <c>[B_F, observation size]</c> (null: <paramref name="observations"/>).</param>
    public TrustRegionBatch(Tensor observations, Tensor actions, Tensor advantages, Tensor oldLogProbs, Tensor? fisherObservations = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(advantages);
        ArgumentNullException.ThrowIfNull(oldLogProbs);
        if (observations.Rank != 2 || observations.Dim(0) < 1)
            throw new ArgumentException($"TrustRegionBatch: observations must be [B, observation size] with B ≥ 1, got {observations.ShapeString}.", nameof(observations));
        int b = observations.Dim(0);
        if (actions.Rank is < 1 or > 2 || actions.Dim(0) != b)
            throw new ShapeMismatchException("TrustRegionBatch(actions)", observations.ShapeString, actions.ShapeString, $"actions must be [{b}] or [{b}, D]");
        if (advantages.Rank != 1 || advantages.Dim(0) != b)
            throw new ShapeMismatchException("TrustRegionBatch(advantages)", observations.ShapeString, advantages.ShapeString, $"advantages must be [{b}]");
        if (oldLogProbs.Rank != 1 || oldLogProbs.Dim(0) != b)
            throw new ShapeMismatchException("TrustRegionBatch(oldLogProbs)", observations.ShapeString, oldLogProbs.ShapeString, $"old log-probabilities must be [{b}]");
        if (fisherObservations is not null && (fisherObservations.Rank != 2 || fisherObservations.Dim(0) < 1 || fisherObservations.Dim(1) != observations.Dim(1)))
            throw new ShapeMismatchException("TrustRegionBatch(fisherObservations)", observations.ShapeString, fisherObservations.ShapeString,
                $"the Fisher states must be [B_F, {observations.Dim(1)}] with B_F ≥ 1");
        Observations = observations; Actions = actions; Advantages = advantages; OldLogProbs = oldLogProbs;
        FisherObservations = fisherObservations ?? observations;
    }

    /// <summary>s, <c>[B, observation size]</c>.</summary>
    public Tensor Observations { get; }

    /// <summary>a, <c>[B]</c>, <c>[B, 1]</c> or <c>[B, D]</c>.</summary>
    public Tensor Actions { get; }

    /// <summary>Â(s, a), <c>[B]</c>.</summary>
    public Tensor Advantages { get; }

    /// <summary>log π_old(a|s), <c>[B]</c>.</summary>
    public Tensor OldLogProbs { get; }

    /// <summary>The states the Fisher-vector products average over, <c>[B_F, observation size]</c> (<see cref="Observations"/> unless a sub-sample was given).</summary>
    public Tensor FisherObservations { get; }

    /// <summary>B, the number of samples.</summary>
    public int Count => Observations?.Dim(0) ?? 0;
}
