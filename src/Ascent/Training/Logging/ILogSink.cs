namespace Ascent.Training.Logging;

/// <summary>
/// A destination for the values a <see cref="Logger"/> dumps: console, CSV, JSON lines, TensorBoard.
/// Disposing a sink flushes everything it buffered and releases its file.
/// </summary>
public interface ILogSink : IDisposable
{
    /// <summary>Writes one dump. The snapshot's spans are valid only during this call.</summary>
    void Write(in LogSnapshot snapshot);
}
