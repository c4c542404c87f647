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
    /// Starts a new event file in <paramref name="directory"/>; with <paramref name="resumeAfterStep"/>, it begins with a
    /// session-start marker so TensorBoard drops what earlier files logged after that step (a resumed run).
    /// </summary>
    public TensorBoardSink(string directory, long? resumeAfterStep = null)
    {
        _writer = new EventFileWriter(directory);
        if (resumeAfterStep is long step)
        {
            _writer.WriteSessionStart(step + 1);
            _writer.Flush();
        }
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
