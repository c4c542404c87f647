using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;

namespace Ascent.Algorithms;

/// <summary>
/// π_θold, the policy that collected the segment, evaluated on the tape before an update's first gradient step:
/// <c>log π_old(a_t|s_t)</c> for every row, and optionally the distribution's parameters (logits, or mean and log σ)
/// for the exact <c>KL(π_old ‖ π_θ)</c> of PPO's adaptive-KL variant.
/// </summary>
/// <remarks>
/// <para><b>Why not the sampler's log-probabilities.</b> A Gaussian rollout scores its samples with tape-free code (double
/// precision in the density), which agrees with the tape's float32 arithmetic to about 1e-6 but not bit for bit. A
/// categorical rollout uses the tape's kernels (GEMM, tanh, log-softmax), but the GEMM's order of summation depends on
/// the shape of its register tile, hence on the number of rows: with CleanRL's 4 environments and minibatches of 128 the
/// rollout's values are the tape's bit for bit, with 2 environments they are not. <see cref="RolloutScoresExactly"/>
/// decides which holds for a run's shapes once, and <see cref="Ppo"/> skips this pass when the rollout's values are exact
/// (<see cref="PpoKl"/> always runs it, to keep π_old's logits). PPO's ratio <c>π_θ/π_old</c> would then start at <c>1 ± 1e-6</c> rather than 1. <see cref="Evaluate"/>
/// runs the actor forward on the tape for exactly the minibatches of the first epoch (same rows, same grouping, same
/// operations as the loss), and writes the results over <see cref="RolloutBuffer.LogProbs"/>, so on the first minibatch
/// of the first epoch <c>log π_θ − log π_old</c> is exactly 0 and the ratio exactly 1 (a test checks it). Its cost is one
/// actor forward pass over the segment per update, without a backward pass (see <c>docs/performance.md</c>).</para>
/// <para>Later epochs group the rows differently. Within minibatches whose size is a multiple of the GEMM's tile height
/// (8 rows with AVX-512, e.g. 64 or 128) every row is summed in the same order wherever it sits, so there too the ratio
/// measures only the change of θ; rows that fall in a short last tile (a size such as 100) are summed in another order,
/// and their ratio carries a float rounding of about 1e-7 besides.</para>
/// </remarks>
public sealed class OldPolicy
{
    private readonly Tape _full = new(), _last = new();
    private readonly float[] _heads = [], _logStd = [];
    private readonly int _headSize, _actionSize;

    /// <summary>Prepares storage for a segment of <paramref name="segmentSize"/> rows of <paramref name="policy"/>; with <paramref name="keepDistribution"/> also the distribution parameters.</summary>
    public OldPolicy(ActorCriticPolicy policy, int segmentSize, bool keepDistribution)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (segmentSize < 1) throw new ArgumentOutOfRangeException(nameof(segmentSize), segmentSize, "OldPolicy: the segment must hold at least one row.");
        KeepsDistribution = keepDistribution;
        _headSize = policy.ActionOutputs;
        _actionSize = policy.ActionSize;
        if (!keepDistribution) return;
        _heads = new float[segmentSize * _headSize];
        if (!policy.IsCategorical) _logStd = new float[segmentSize * _actionSize];
    }

    /// <summary>Whether the distribution parameters are kept (for the KL penalty).</summary>
    public bool KeepsDistribution { get; }

    /// <summary>Seconds spent in <see cref="Evaluate"/> since creation.</summary>
    public double Seconds { get; private set; }

    /// <summary>
    /// Evaluates π_θ (θ = θ_old: call before the update's first step) on every minibatch of the current permutation of
    /// <paramref name="minibatches"/>, writing <c>log π_old</c> into <paramref name="buffer"/>'s <see cref="RolloutBuffer.LogProbs"/>
    /// and, when kept, the distribution parameters of each row.
    /// </summary>
    public void Evaluate(ActorCriticPolicy policy, RolloutBuffer buffer, ShuffledMinibatches minibatches)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(minibatches);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var logProbs = buffer.LogProbs.Span;
        for (int j = 0; j < minibatches.Count; j++)
        {
            var batch = minibatches.Gather(buffer, j);
            var rows = minibatches.Indices(j);
            var tape = batch.Size == minibatches.BatchSize ? _full : _last;           // one replay per minibatch size
            tape.Reset();
            var pi = policy.Forward(tape, tape.Input(batch.Observations));
            var logProb = pi.LogProb(batch.Actions).Value.Span;
            for (int r = 0; r < rows.Length; r++) logProbs[rows[r]] = logProb[r];
            if (KeepsDistribution) KeepParameters(pi, rows);
        }
        Seconds += System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private void KeepParameters(ActionDistribution pi, ReadOnlySpan<int> rows)
    {
        int h = _headSize, d = _actionSize;
        var heads = pi.ParameterBlock(0).Value.Span;                        // logits [B, C] or means [B, D]
        for (int r = 0; r < rows.Length; r++) heads.Slice(r * h, h).CopyTo(_heads.AsSpan(rows[r] * h, h));
        if (pi.IsCategorical) return;
        var logStd = pi.ParameterBlock(1).Value;                               // [D] shared, or [B, D] with gSDE
        for (int r = 0; r < rows.Length; r++)
            (logStd.Rank == 1 ? logStd.Span : logStd.Span.Slice(r * d, d)).CopyTo(_logStd.AsSpan(rows[r] * d, d));
    }

    /// <summary>
    /// Whether the log-probabilities a categorical <paramref name="policy"/> writes while acting on <paramref name="numEnvs"/>
    /// rows at a time (<see cref="ActorCriticPolicy.Act"/>) equal, bit for bit, those the tape computes for minibatches of
    /// each size in <paramref name="batchSizes"/> — so that re-evaluating log π_old would reproduce them exactly. False for
    /// a Gaussian policy.
    /// </summary>
    /// <remarks>
    /// Which rounding each output gets depends only on the shapes (the number of rows picks the GEMM's tile and so the
    /// order of its sums), never on the values, so one probe on random observations decides it for the whole run: every
    /// row position of a minibatch and of a rollout step is compared, on the logits (the log-softmax after them is
    /// batch-independent by construction, <c>LogSoftmaxRows</c>). A differing order of summation on random inputs shows
    /// in some of these values. The probe uses its own generator and
    /// leaves the policy's parameters untouched.
    /// </remarks>
    public static bool RolloutScoresExactly(ActorCriticPolicy policy, int numEnvs, ReadOnlySpan<int> batchSizes)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "OldPolicy.RolloutScoresExactly: numEnvs must be at least 1.");
        if (!policy.IsCategorical) return false;
        int width = policy.ObservationSpace.FlatSize, c = policy.ActionOutputs;
        var rng = new Rng(0x5EED_0F01D);
        var tape = new Tape();
        foreach (int batch in batchSizes)
        {
            if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batchSizes), batch, "OldPolicy.RolloutScoresExactly: batch sizes must be at least 1.");
            int rows = (Math.Max(batch, numEnvs) + numEnvs - 1) / numEnvs * numEnvs;       // whole rollout steps, at least one minibatch
            var observations = new Tensor(rows, width);
            rng.Normal(observations.Span);
            var rollout = new float[rows * c];
            for (int r = 0; r < rows; r += numEnvs)
                policy.PredictHeads(observations.Span.Slice(r * width, numEnvs * width), numEnvs, rollout.AsSpan(r * c, numEnvs * c));
            // The same rows as minibatches of `batch` (the last window overlapping the previous one).
            var minibatch = new Tensor(batch, width);
            for (int start = 0; start < rows; start += batch)
            {
                int first = Math.Min(start, rows - batch);
                observations.Span.Slice(first * width, batch * width).CopyTo(minibatch.Span);
                tape.Reset();
                var logits = policy.Forward(tape, tape.Input(minibatch)).ParameterBlock(0).Value.Span;
                if (!logits.SequenceEqual(rollout.AsSpan(first * c, batch * c))) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Copies the kept parameters of <paramref name="rows"/> into <paramref name="heads"/> (<c>[B, C]</c> logits or
    /// <c>[B, D]</c> means) and, for a Gaussian policy, <paramref name="logStd"/> (<c>[B, D]</c>).
    /// </summary>
    public void GatherDistribution(ReadOnlySpan<int> rows, Tensor heads, Tensor? logStd)
    {
        ArgumentNullException.ThrowIfNull(heads);
        if (!KeepsDistribution) throw new InvalidOperationException("OldPolicy.GatherDistribution: created without keepDistribution.");
        int h = _headSize, d = _actionSize;
        if (heads.Size != rows.Length * h) throw new ArgumentException($"OldPolicy.GatherDistribution: heads {heads.ShapeString} for {rows.Length} rows × {h}.", nameof(heads));
        for (int r = 0; r < rows.Length; r++) _heads.AsSpan(rows[r] * h, h).CopyTo(heads.Span.Slice(r * h, h));
        if (_logStd.Length == 0) return;
        if (logStd is null || logStd.Size != rows.Length * d) throw new ArgumentException($"OldPolicy.GatherDistribution: a Gaussian policy needs a [{rows.Length}, {d}] log-std tensor.", nameof(logStd));
        for (int r = 0; r < rows.Length; r++) _logStd.AsSpan(rows[r] * d, d).CopyTo(logStd.Span.Slice(r * d, d));
    }
}
