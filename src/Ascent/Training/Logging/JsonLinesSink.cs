using System.Text.Json;

namespace Ascent.Training.Logging;

/// <summary>
/// Writes each dump as one JSON object per line (<c>progress.jsonl</c>): the recorded keys and their values,
/// <c>{"rollout/ep_rew_mean":22.4,"time/total_timesteps":4096}</c>. JSON has no NaN or infinity, so
/// non-finite values are written as <c>null</c>.
/// </summary>
public sealed class JsonLinesSink : ILogSink
{
    /// <summary>The file name Ascent uses in a run directory.</summary>
    public const string DefaultFileName = "progress.jsonl";

    private static readonly byte[] NewLine = [(byte)'\n'];
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private bool _disposed;

    /// <summary>Creates <paramref name="path"/> (its directory too), or with <paramref name="append"/> appends to it.</summary>
    public JsonLinesSink(string path, bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _stream = new FileStream(FilePath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Indented = false, SkipValidation = false });
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public void Write(in LogSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _json.Reset();
        _json.WriteStartObject();
        for (int i = 0; i < snapshot.Count; i++)
        {
            double v = snapshot.Values[i];
            if (double.IsFinite(v)) _json.WriteNumber(snapshot.Keys[i], v);
            else _json.WriteNull(snapshot.Keys[i]);
        }
        _json.WriteEndObject();
        _json.Flush();
        _stream.Write(NewLine);
        _stream.Flush();
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _json.Dispose();
        _stream.Dispose();
    }
}
