namespace Ascent.Training.Logging;

/// <summary>
/// The values a <see cref="Logger"/> dumps at one step: <see cref="Keys"/>[i] has value <see cref="Values"/>[i],
/// keys in the order they were first recorded. Valid only during the sink call that receives it.
/// </summary>
public readonly ref struct LogSnapshot
{
    /// <summary>Creates a snapshot; <paramref name="keys"/> and <paramref name="values"/> must have the same length.</summary>
    public LogSnapshot(long step, double wallTime, ReadOnlySpan<string> keys, ReadOnlySpan<double> values)
    {
        if (keys.Length != values.Length)
            throw new ArgumentException($"LogSnapshot: {keys.Length} keys but {values.Length} values.", nameof(values));
        Step = step;
        WallTime = wallTime;
        Keys = keys;
        Values = values;
    }

    /// <summary>The step passed to <see cref="Logger.Dump"/> (by convention, the total environment steps).</summary>
    public long Step { get; }

    /// <summary>Seconds since the Unix epoch when the values were dumped.</summary>
    public double WallTime { get; }

    /// <summary>The keys recorded since the previous dump.</summary>
    public ReadOnlySpan<string> Keys { get; }

    /// <summary>The value of each key (the last recorded value, or the mean for <see cref="Logger.RecordMean"/>).</summary>
    public ReadOnlySpan<double> Values { get; }

    /// <summary>The number of key/value pairs.</summary>
    public int Count => Keys.Length;
}
