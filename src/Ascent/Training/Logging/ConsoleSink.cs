using System.Text;

namespace Ascent.Training.Logging;

/// <summary>
/// Prints each dump as a compact table, keys grouped by their prefix and sorted:
/// <code>
/// +--------------------------------+
/// | step 4096                      |
/// | rollout/                       |
/// |   ep_len_mean        22.4      |
/// | train/                         |
/// |   approx_kl          0.008123  |
/// +--------------------------------+
/// </code>
/// Numbers show 4 significant digits (integers in full). Plain ASCII, so it survives pipes and CI logs.
/// </summary>
public sealed class ConsoleSink : ILogSink
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly StringBuilder _text = new();
    private bool _disposed;

    /// <summary>Writes to <paramref name="writer"/> (standard output if null); <paramref name="ownsWriter"/> disposes it with the sink.</summary>
    public ConsoleSink(TextWriter? writer = null, bool ownsWriter = false)
    {
        _writer = writer ?? Console.Out;
        _ownsWriter = ownsWriter;
    }

    /// <inheritdoc />
    public void Write(in LogSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // A dump happens once per training iteration, so the table is built with ordinary allocations.
        int n = snapshot.Count;
        var keys = snapshot.Keys.ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a], keys[b]));

        var values = new string[n];
        int nameWidth = 0, valueWidth = 0;
        for (int i = 0; i < n; i++)
        {
            values[i] = LogNumber.Short(snapshot.Values[i]);
            var (group, name) = Split(keys[i]);
            nameWidth = Math.Max(nameWidth, Math.Max(group.Length, 2 + name.Length));
            valueWidth = Math.Max(valueWidth, values[i].Length);
        }
        string stepLine = $"step {snapshot.Step}";
        int inner = Math.Max(stepLine.Length, nameWidth + 3 + valueWidth);
        string rule = "+" + new string('-', inner + 2) + "+";

        _text.Clear();
        _text.AppendLine(rule);
        AppendRow(stepLine, inner);
        string? currentGroup = null;
        foreach (int i in order)
        {
            var (group, name) = Split(keys[i]);
            if (group != currentGroup)
            {
                if (group.Length > 0) AppendRow(group, inner);
                currentGroup = group;
            }
            string label = group.Length > 0 ? "  " + name : name;
            AppendRow(label.PadRight(nameWidth) + "   " + values[i], inner);
        }
        _text.AppendLine(rule);
        _writer.Write(_text);
        _writer.Flush();
    }

    /// <summary>Flushes the writer (and disposes it if the sink owns it).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Flush();
        if (_ownsWriter) _writer.Dispose();
    }

    private void AppendRow(string content, int inner) => _text.Append("| ").Append(content.PadRight(inner)).AppendLine(" |");

    private static (string Group, string Name) Split(string key)
    {
        int slash = key.IndexOf('/');
        return slash < 0 ? ("", key) : (key[..(slash + 1)], key[(slash + 1)..]);
    }
}
