using Ascent.Numerics;
using Ascent.Rollouts;

namespace Ascent.Algorithms;

/// <summary>
/// PPO's "shuffled minibatches over every epoch": each epoch draws a fresh random permutation of the segment's rows
/// and cuts it into minibatches of <see cref="BatchSize"/> rows, gathered into preallocated <see cref="Minibatch"/>es.
/// </summary>
/// <remarks>
/// <para><b>When <c>batch_size</c> does not divide the segment</b> (as Stable-Baselines3): the epoch's last minibatch
/// holds the remaining rows, so every row is used exactly once per epoch. <b>When it exceeds the segment</b>, an epoch
/// is one minibatch of the whole segment (RL Zoo's MountainCarContinuous-v0 setting asks for 256 rows of an 8-row
/// segment). <see cref="Note"/> says which case applies.</para>
/// <para>The two minibatch sizes have their own buffers (and the losses their own tape replays), so nothing is
/// allocated per epoch. The permutation is Fisher–Yates with the algorithm's own generator (saved with the model).</para>
/// </remarks>
public sealed class ShuffledMinibatches
{
    private readonly int[] _order;
    private readonly Minibatch _full;
    private readonly Minibatch? _last;

    /// <summary>Minibatches of <paramref name="batchSize"/> rows over a segment of <paramref name="segmentSize"/> rows, shuffled with <paramref name="rng"/>.</summary>
    public ShuffledMinibatches(int segmentSize, int batchSize, int observationSize, int actionSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (segmentSize < 1) throw new ArgumentOutOfRangeException(nameof(segmentSize), segmentSize, "ShuffledMinibatches: the segment must hold at least one row.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "ShuffledMinibatches: batch_size must be at least 1.");
        Rng = rng;
        SegmentSize = segmentSize;
        RequestedSize = batchSize;
        BatchSize = Math.Min(batchSize, segmentSize);
        Count = (segmentSize + BatchSize - 1) / BatchSize;
        LastSize = segmentSize - (Count - 1) * BatchSize;
        _order = new int[segmentSize];
        for (int k = 0; k < segmentSize; k++) _order[k] = k;
        _full = new Minibatch(BatchSize, observationSize, actionSize);
        if (LastSize != BatchSize) _last = new Minibatch(LastSize, observationSize, actionSize);
        Note = batchSize > segmentSize
            ? $"batch_size = {batchSize} is larger than the segment (n_steps × n_envs = {segmentSize}): each epoch is one minibatch of all {segmentSize} rows."
            : LastSize != BatchSize
                ? $"batch_size = {batchSize} does not divide the segment (n_steps × n_envs = {segmentSize}): each epoch is {Count - 1} minibatches of {BatchSize} rows and a last one of {LastSize}."
                : null;
    }

    /// <summary>The generator of the permutations.</summary>
    public Rng Rng { get; }

    /// <summary>Rows in a segment.</summary>
    public int SegmentSize { get; }

    /// <summary>The <c>batch_size</c> asked for.</summary>
    public int RequestedSize { get; }

    /// <summary>Rows in every minibatch but possibly the last: <c>min(batch_size, segment)</c>.</summary>
    public int BatchSize { get; }

    /// <summary>Minibatches per epoch.</summary>
    public int Count { get; }

    /// <summary>Rows in the epoch's last minibatch (equal to <see cref="BatchSize"/> when it divides the segment).</summary>
    public int LastSize { get; }

    /// <summary>How a <c>batch_size</c> that does not divide the segment is handled, or null when it divides it.</summary>
    public string? Note { get; }

    /// <summary>Draws the next epoch's permutation of the rows.</summary>
    public void Shuffle() => Rng.Shuffle(_order.AsSpan());

    /// <summary>The segment rows of minibatch <paramref name="j"/> of the current permutation.</summary>
    public ReadOnlySpan<int> Indices(int j)
    {
        if ((uint)j >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(j), j, $"ShuffledMinibatches: minibatch {j} is outside [0, {Count}).");
        return _order.AsSpan(j * BatchSize, j == Count - 1 ? LastSize : BatchSize);
    }

    /// <summary>Copies minibatch <paramref name="j"/>'s rows of <paramref name="buffer"/> into its preallocated <see cref="Minibatch"/> and returns it.</summary>
    public Minibatch Gather(RolloutBuffer buffer, int j)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Size != SegmentSize) throw new ArgumentException($"ShuffledMinibatches.Gather: the buffer holds {buffer.Size} rows, the minibatches were planned for {SegmentSize}.", nameof(buffer));
        var indices = Indices(j);
        var minibatch = indices.Length == BatchSize ? _full : _last!;
        buffer.GatherMinibatch(indices, minibatch);
        return minibatch;
    }
}
