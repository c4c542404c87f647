using Ascent.Io.TensorBoard.Protos;
using Google.Protobuf;

namespace Ascent.Io.TensorBoard;

/// <summary>
/// Writes a TensorBoard event file (<c>events.out.tfevents.&lt;unix time&gt;.&lt;host&gt;</c>): TFRecord-framed
/// <c>tensorboard.Event</c> protobufs, the first carrying <c>file_version: "brain.Event:2"</c>, then one
/// event with a scalar summary per <see cref="WriteScalars"/> call.
/// </summary>
public sealed class EventFileWriter : IDisposable
{
    /// <summary>The file version TensorBoard expects in the first record.</summary>
    public const string FileVersion = "brain.Event:2";

    private readonly TfRecordWriter _records;
    private readonly Event _event = new();
    private readonly Summary _summary = new();
    private byte[] _buffer = new byte[256];
    private bool _disposed;

    /// <summary>
    /// Creates a new event file in <paramref name="directory"/> (created if missing), named after
    /// <paramref name="wallTime"/> (seconds since the Unix epoch; now if omitted) and the host name.
    /// </summary>
    public EventFileWriter(string directory, double? wallTime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        double now = wallTime ?? UnixNow();
        (FilePath, var stream) = CreateUnique(Path.Combine(directory, FileName(now, Environment.MachineName)));
        _records = new TfRecordWriter(stream);
        Write(new Event { WallTime = now, Step = 0, FileVersion = FileVersion });
        _records.Flush();
    }

    /// <summary>The path of the file being written.</summary>
    public string FilePath { get; }

    /// <summary>TensorBoard's file name for a file started at <paramref name="wallTime"/> on <paramref name="host"/>.</summary>
    public static string FileName(double wallTime, string host) =>
        $"events.out.tfevents.{(long)Math.Floor(wallTime)}.{host}";

    /// <summary>Seconds since the Unix epoch, with fractions.</summary>
    public static double UnixNow() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    /// <summary>
    /// Appends one event at <paramref name="step"/> holding a scalar summary value per tag (values are stored as
    /// float32, as TensorBoard's <c>simple_value</c> is). <paramref name="wallTime"/> defaults to now.
    /// </summary>
    public void WriteScalars(long step, ReadOnlySpan<string> tags, ReadOnlySpan<double> values, double? wallTime = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tags.Length != values.Length)
            throw new ArgumentException($"EventFileWriter.WriteScalars: {tags.Length} tags but {values.Length} values.", nameof(values));
        _summary.Value.Clear();
        for (int i = 0; i < tags.Length; i++)
            _summary.Value.Add(new Summary.Types.Value { Tag = tags[i], SimpleValue = (float)values[i] });
        _event.WallTime = wallTime ?? UnixNow();
        _event.Step = step;
        _event.Summary = _summary;
        Write(_event);
    }

    /// <summary>
    /// Appends a session-start marker at <paramref name="step"/>: TensorBoard then discards the events at steps ≥
    /// <paramref name="step"/> it read before the marker (from this run's earlier event files), as when training resumes from a
    /// checkpoint taken at step − 1.
    /// </summary>
    public void WriteSessionStart(long step, double? wallTime = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Write(new Event { WallTime = wallTime ?? UnixNow(), Step = step, SessionLog = new SessionLog { Status = SessionLog.Types.SessionStatus.Start } });
    }

    /// <summary>Appends one event at <paramref name="step"/> with a single scalar.</summary>
    public void WriteScalar(long step, string tag, double value, double? wallTime = null) =>
        WriteScalars(step, [tag], [value], wallTime);

    /// <summary>Pushes written events to disk so a running TensorBoard sees them.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _records.Flush();
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _records.Dispose();
        _disposed = true;
    }

    // Two writers started in the same second in one directory (a resumed run) get ".1", ".2", … appended;
    // TensorBoard reads every file whose name contains "tfevents".
    private static (string Path, FileStream Stream) CreateUnique(string path)
    {
        for (int n = 0; ; n++)
        {
            string candidate = n == 0 ? path : $"{path}.{n}";
            try
            {
                return (candidate, new FileStream(candidate, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024));
            }
            catch (IOException) when (File.Exists(candidate) && n < 1000)
            {
            }
        }
    }

    private void Write(Event e)
    {
        int size = e.CalculateSize();
        if (_buffer.Length < size) _buffer = new byte[Math.Max(size, 2 * _buffer.Length)];
        var span = _buffer.AsSpan(0, size);
        e.WriteTo(span);
        _records.Write(span);
    }
}
