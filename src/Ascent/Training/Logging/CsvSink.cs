using System.Text;
using Ascent.Io;

namespace Ascent.Training.Logging;

/// <summary>
/// Writes each dump as one row of a CSV file (RFC 4180, UTF-8, <c>\n</c> line ends), one column per key, as
/// Stable-Baselines3's <c>progress.csv</c>. A key missing from a dump leaves its cell empty; NaN and
/// infinities are written <c>nan</c>, <c>inf</c>, <c>-inf</c>.
/// </summary>
/// <remarks>
/// <b>New keys.</b> Columns are in the order keys first appear. When a dump brings a key the header lacks, the
/// sink rewrites the file with the wider header, padding earlier rows with empty cells, to a temporary file
/// that then replaces the original (so a crash leaves the old or the new file, never half of one). This costs
/// one pass over the file, once per new key, which happens in the first few dumps of a run.
/// </remarks>
public sealed class CsvSink : ILogSink
{
    /// <summary>The file name Stable-Baselines3 and Ascent use in a run directory.</summary>
    public const string DefaultFileName = "progress.csv";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly List<string> _columns = [];
    private readonly Dictionary<string, int> _columnOf = new(StringComparer.Ordinal);
    private readonly StringBuilder _line = new();
    private string?[] _cells = new string?[32];
    private StreamWriter _writer;
    private bool _disposed;

    /// <summary>
    /// Creates <paramref name="path"/> (its directory too), or with <paramref name="append"/> continues an
    /// existing file, keeping its columns (as when a run is resumed).
    /// </summary>
    public CsvSink(string path, bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        if (append && File.Exists(FilePath))
        {
            using (var reader = new StreamReader(FilePath, Utf8NoBom))
            {
                string? header = reader.ReadLine();
                if (!string.IsNullOrEmpty(header))
                    foreach (var column in CsvText.SplitLine(header)) AddColumn(column);
            }
            _writer = Open(FileMode.Append);
        }
        else
        {
            _writer = Open(FileMode.Create);
        }
    }

    /// <summary>The full path of the CSV file.</summary>
    public string FilePath { get; }

    /// <summary>The columns of the header, in order.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <inheritdoc />
    public void Write(in LogSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int oldCount = _columns.Count;
        foreach (var key in snapshot.Keys)
            if (!_columnOf.ContainsKey(key)) AddColumn(key);
        if (_columns.Count != oldCount) WidenFile(oldCount);

        if (_cells.Length < _columns.Count) _cells = new string?[Math.Max(_columns.Count, 2 * _cells.Length)];
        Array.Clear(_cells);
        for (int i = 0; i < snapshot.Count; i++) _cells[_columnOf[snapshot.Keys[i]]] = CsvText.FormatNumber(snapshot.Values[i]);
        _line.Clear();
        for (int c = 0; c < _columns.Count; c++)
        {
            if (c > 0) _line.Append(',');
            _line.Append(_cells[c]);
        }
        _writer.Write(_line.Append('\n'));
        _writer.Flush();
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Dispose();
    }

    private void AddColumn(string name)
    {
        _columnOf.Add(name, _columns.Count);
        _columns.Add(name);
    }

    private StreamWriter Open(FileMode mode) =>
        new(new FileStream(FilePath, mode, FileAccess.Write, FileShare.Read), Utf8NoBom) { NewLine = "\n" };

    /// <summary>Rewrites the file with the current header; rows written with <paramref name="oldCount"/> columns get empty cells appended.</summary>
    private void WidenFile(int oldCount)
    {
        _writer.Dispose();
        string header = string.Join(',', _columns.Select(CsvText.Quote));
        string padding = new(',', _columns.Count - oldCount);
        string temp = FilePath + ".tmp";
        using (var reader = new StreamReader(new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Utf8NoBom))
        using (var output = new StreamWriter(new FileStream(temp, FileMode.Create, FileAccess.Write), Utf8NoBom) { NewLine = "\n" })
        {
            reader.ReadLine(); // the old header
            output.Write(header);
            output.Write('\n');
            string? row;
            while ((row = reader.ReadLine()) is not null)
            {
                output.Write(row);
                output.Write(padding);
                output.Write('\n');
            }
        }
        File.Move(temp, FilePath, overwrite: true);
        _writer = Open(FileMode.Append);
    }
}
