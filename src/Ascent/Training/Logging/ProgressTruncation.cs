using System.Text.Json;
using Ascent.Io;

namespace Ascent.Training.Logging;

/// <summary>
/// Cuts a run's progress files back to a step before training resumes from a checkpoint: the rows from the first one
/// whose step column exceeds the checkpoint's step on were logged by the interrupted part of the run and are dropped,
/// so the resumed run's rows follow without duplicates. Files are rewritten atomically, and only when something is cut.
/// </summary>
internal static class ProgressTruncation
{
    /// <summary>Cuts the CSV file at <paramref name="path"/> (if it exists) before the first row whose <paramref name="stepColumn"/> exceeds <paramref name="step"/>.</summary>
    public static void Csv(string path, string stepColumn, long step)
    {
        if (!File.Exists(path)) return;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) return;
        int column = CsvText.SplitLine(lines[0]).IndexOf(stepColumn);
        if (column < 0) throw new InvalidDataException($"{path}: the header has no '{stepColumn}' column, so the rows after step {step} cannot be found.");
        int keep = 1;
        for (; keep < lines.Length; keep++)
        {
            var cells = CsvText.SplitLine(lines[keep]);
            if (column < cells.Count && CsvText.TryParseNumber(cells[column], out double value) && value > step) break;
        }
        if (keep < lines.Length) Rewrite(path, lines.Take(keep));
    }

    /// <summary>Cuts the JSON-lines file at <paramref name="path"/> (if it exists) before the first object whose <paramref name="stepKey"/> exceeds <paramref name="step"/>.</summary>
    public static void JsonLines(string path, string stepKey, long step)
    {
        if (!File.Exists(path)) return;
        var lines = File.ReadAllLines(path);
        int keep = 0;
        for (; keep < lines.Length; keep++)
        {
            if (lines[keep].Length == 0) continue;
            using var json = JsonDocument.Parse(lines[keep]);
            if (json.RootElement.TryGetProperty(stepKey, out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() > step) break;
        }
        if (keep < lines.Length) Rewrite(path, lines.Take(keep));
    }

    private static void Rewrite(string path, IEnumerable<string> lines) =>
        AtomicFile.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
}
