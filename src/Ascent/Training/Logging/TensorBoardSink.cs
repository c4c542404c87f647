using Ascent.Io.TensorBoard;

namespace Ascent.Training.Logging;

/// <summary>
/// Writes each dump as one TensorBoard event (a scalar summary with a value per key) to an event file in a
/// directory; <c>tensorboard --logdir runs/</c> then shows every run. Flushes after each dump.
/// </summary>
public sealed class TensorBoardSink : ILogSink
{
    private readonly EventFileWriter _writer;
    private bool _disposed;

    /// <summary>
    /// Starts a new event file in <paramref name="directory"/>, opened by a session-start marker at step 0 — or, with
    /// <paramref name="resumeAfterStep"/> (a resumed run), at that step + 1. TensorBoard ignores a run's first marker and,
    /// on each later one, drops the events at steps ≥ the marker's that it read before: what the interrupted part of the
    /// run logged after its checkpoint.
    /// </summary>
    public TensorBoardSink(string directory, long? resumeAfterStep = null)
    {
        _writer = new EventFileWriter(directory);
        _writer.WriteSessionStart(resumeAfterStep is long step ? step + 1 : 0);
        _writer.Flush();
    }

    /// <summary>The path of the event file.</summary>
    public string FilePath => _writer.FilePath;

    /// <inheritdoc />
    public void Write(in LogSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer.WriteScalars(snapshot.Step, snapshot.Keys, snapshot.Values, snapshot.WallTime);
        _writer.Flush();
    }

    /// <summary>Flushes and closes the event file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Dispose();
    }
}
