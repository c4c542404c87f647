using Ascent.Io.TensorBoard;

namespace Ascent.Training.Logging;

/// <summary>
/// Collects scalar values by name during a training iteration and writes them to every sink at
/// <see cref="Dump"/>, in the manner of Stable-Baselines3's logger:
/// <c>logger.Record(LogKeys.ValueLoss, loss); … logger.Dump(totalSteps);</c>
/// </summary>
/// <remarks>
/// <para>Each key keeps one slot, assigned the first time it is recorded; recording into an existing slot does
/// not allocate. <see cref="Dump"/> passes the keys recorded since the previous dump, in first-recorded order,
/// to each sink, then clears the values (keys recorded in earlier dumps but not this one are absent from it).</para>
/// <para>Not thread-safe: record from the training thread. Disposing the logger disposes its sinks.</para>
/// </remarks>
public sealed class Logger : IDisposable
{
    private readonly List<ILogSink> _sinks;
    private readonly Func<double> _clock;
    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private string[] _keys = new string[32];
    private double[] _sums = new double[32];
    private int[] _counts = new int[32];
    private string[] _dumpKeys = new string[32];
    private double[] _dumpValues = new double[32];
    private double[] _lastDumped = new double[32];
    private bool _disposed;

    /// <summary>
    /// Creates a logger writing to <paramref name="sinks"/> (which it owns and disposes).
    /// <paramref name="clock"/> gives the wall time in Unix seconds (defaults to the system clock).
    /// </summary>
    public Logger(IEnumerable<ILogSink> sinks, Func<double>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        _sinks = [.. sinks];
        foreach (var sink in _sinks) ArgumentNullException.ThrowIfNull(sink, nameof(sinks));
        _clock = clock ?? EventFileWriter.UnixNow;
    }

    /// <summary>Creates a logger writing to <paramref name="sinks"/>.</summary>
    public Logger(params ILogSink[] sinks) : this((IEnumerable<ILogSink>)sinks) { }

    /// <summary>
    /// The standard sinks for a run directory: <c>progress.csv</c>, <c>progress.jsonl</c>, a TensorBoard event
    /// file, and, if <paramref name="console"/> is given, a console table. With <paramref name="appendCsv"/> the CSV and
    /// JSON-lines files are continued; with <paramref name="resumeAfterStep"/> as well, the new event file tells
    /// TensorBoard to drop what earlier ones logged after that step.
    /// </summary>
    public static Logger ForRunDirectory(string runDirectory, TextWriter? console = null, bool appendCsv = false, long? resumeAfterStep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        Directory.CreateDirectory(runDirectory);
        var sinks = new List<ILogSink>();
        try
        {
            sinks.Add(new CsvSink(Path.Combine(runDirectory, CsvSink.DefaultFileName), append: appendCsv));
            sinks.Add(new JsonLinesSink(Path.Combine(runDirectory, JsonLinesSink.DefaultFileName), append: appendCsv));
            sinks.Add(new TensorBoardSink(runDirectory, resumeAfterStep));
            if (console is not null) sinks.Add(new ConsoleSink(console));
        }
        catch
        {
            foreach (var sink in sinks) sink.Dispose();
            throw;
        }
        return new Logger(sinks);
    }

    /// <summary>The sinks this logger writes to.</summary>
    public IReadOnlyList<ILogSink> Sinks => _sinks;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> for the next dump (the last value recorded wins).</summary>
    public void Record(string key, double value)
    {
        int slot = SlotOf(key);
        _sums[slot] = value;
        _counts[slot] = 1;
    }

    /// <summary>Adds <paramref name="value"/> to the values of <paramref name="key"/>; the next dump writes their mean.</summary>
    public void RecordMean(string key, double value)
    {
        int slot = SlotOf(key);
        _sums[slot] += value;
        _counts[slot]++;
    }

    /// <summary>Whether <paramref name="key"/> has a value waiting for the next dump.</summary>
    public bool HasValue(string key) => _slotOf.TryGetValue(key, out int slot) && _counts[slot] > 0;

    /// <summary>The value <paramref name="key"/> would be dumped with (NaN if it has none).</summary>
    public double ValueOf(string key) =>
        _slotOf.TryGetValue(key, out int slot) && _counts[slot] > 0 ? _sums[slot] / _counts[slot] : double.NaN;

    /// <summary>
    /// The latest value of <paramref name="key"/>: what the next dump would write, else what the last dump that had the key
    /// wrote (NaN if never recorded). For progress displays, which show losses between dumps.
    /// </summary>
    public double Latest(string key)
    {
        if (!_slotOf.TryGetValue(key, out int slot)) return double.NaN;
        return _counts[slot] > 0 ? _sums[slot] / _counts[slot] : _lastDumped[slot];
    }

    /// <summary>Writes the values recorded since the previous dump to every sink at <paramref name="step"/>, then clears them.</summary>
    public void Dump(long step)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int n = 0;
        for (int slot = 0; slot < _slotOf.Count; slot++)
        {
            if (_counts[slot] == 0) continue;
            _dumpKeys[n] = _keys[slot];
            _dumpValues[n] = _lastDumped[slot] = _sums[slot] / _counts[slot];
            _sums[slot] = 0;
            _counts[slot] = 0;
            n++;
        }
        var snapshot = new LogSnapshot(step, _clock(), _dumpKeys.AsSpan(0, n), _dumpValues.AsSpan(0, n));
        foreach (var sink in _sinks) sink.Write(snapshot);
    }

    /// <summary>Disposes every sink (each flushes what it buffered).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        List<Exception>? errors = null;
        foreach (var sink in _sinks)
        {
            try { sink.Dispose(); }
            catch (Exception e) { (errors ??= []).Add(e); }
        }
        if (errors is not null) throw new AggregateException("Logger: disposing a sink failed.", errors);
    }

    private int SlotOf(string key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_slotOf.TryGetValue(key, out int slot)) return slot;
        if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("Logger: a key must be a non-empty name such as \"train/value_loss\".", nameof(key));
        slot = _slotOf.Count;
        if (slot == _keys.Length)
        {
            int size = 2 * _keys.Length;
            Array.Resize(ref _keys, size);
            Array.Resize(ref _sums, size);
            Array.Resize(ref _counts, size);
            Array.Resize(ref _dumpKeys, size);
            Array.Resize(ref _dumpValues, size);
            Array.Resize(ref _lastDumped, size);
        }
        _keys[slot] = key;
        _lastDumped[slot] = double.NaN;
        _slotOf.Add(key, slot);
        return slot;
    }
}
