using Ascent.Training.Logging;

namespace Ascent.Io.Reports;

/// <summary>
/// A <c>progress.csv</c> read into columns of doubles: one column per header name, one row per logger dump.
/// Empty cells (a key not logged in that dump) and <c>nan</c> read as NaN.
/// </summary>
/// <remarks>
/// A damaged or foreign file is rejected with a <see cref="FormatException"/> naming the file, the line and the column,
/// never read into silently wrong curves: a header cell that is empty, repeated or a number (a file without a header), a
/// row with more or fewer cells than the header, a cell that is not a number or is finite beyond ±<see cref="MaxMagnitude"/>, an unterminated quote, or a
/// <c>time/total_timesteps</c> that decreases. The one row skipped is a last line that has no line end and fewer cells than
/// the header: the row a run killed while appending was writing. Memory is bounded: a line may hold at most
/// <see cref="MaxLineChars"/> characters, the header at most <see cref="MaxColumns"/> columns, and the table at most
/// <see cref="MaxCells"/> cells (columns × rows), whatever the size of the file.
/// </remarks>
public sealed class ProgressTable
{
    /// <summary>The longest line read (64 Ki characters; a dump of every Ascent key is about 1 Ki).</summary>
    public const int MaxLineChars = 1 << 16;

    /// <summary>The most columns read (Ascent logs about 30 keys).</summary>
    public const int MaxColumns = 1024;

    /// <summary>The most cells (columns × data rows) read: 16 Mi, 128 MiB of doubles (a 30-column log of half a million dumps).</summary>
    public const long MaxCells = 1L << 24;

    /// <summary>The largest magnitude of a finite value (1e100; float32 training overflows at 3.4e38); NaN and ±inf are read as not logged.</summary>
    public const double MaxMagnitude = 1e100;

    private readonly Dictionary<string, double[]> _columns;

    private ProgressTable(List<string> names, Dictionary<string, double[]> columns, int rows, bool skippedIncompleteLastLine)
    {
        ColumnNames = names;
        _columns = columns;
        RowCount = rows;
        SkippedIncompleteLastLine = skippedIncompleteLastLine;
    }

    /// <summary>The column names in file order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>Whether the file ended in an incomplete row (no line end, fewer cells than the header) that was skipped.</summary>
    public bool SkippedIncompleteLastLine { get; }

    /// <summary>Whether the table has a column named <paramref name="name"/> with at least one finite value.</summary>
    public bool HasData(string name) => _columns.TryGetValue(name, out var c) && c.Any(double.IsFinite);

    /// <summary>The values of column <paramref name="name"/>, or null if there is no such column.</summary>
    public double[]? Column(string name) => _columns.GetValueOrDefault(name);

    /// <summary>Reads a CSV file with a header line. A malformed file raises <see cref="FormatException"/> naming the file, line and column.</summary>
    public static ProgressTable Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses CSV text with a header line; <paramref name="source"/> names it in error messages.</summary>
    public static ProgressTable Parse(TextReader reader, string source = "progress.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new BoundedLineReader(reader, source);
        var header = lines.Next();
        if (header is null || string.IsNullOrWhiteSpace(header.Value.Text)) return new ProgressTable([], new(), 0, false);
        var names = Split(header.Value.Text, source, 1);
        CheckHeader(names, source);
        var values = names.Select(_ => new List<double>()).ToArray();
        int rows = 0;
        bool skipped = false;
        int steps = names.IndexOf(LogKeys.TotalTimesteps);
        double lastSteps = double.NegativeInfinity;
        while (lines.Next() is { } line)
        {
            if (line.Text.Length == 0) continue;
            int lineNumber = lines.LineNumber;
            var cells = Split(line.Text, source, lineNumber);
            if (cells.Count < names.Count && !line.Ended)
            {
                skipped = true; // the row a run killed while appending was writing
                break;
            }
            if (cells.Count != names.Count)
                throw new FormatException($"{source}: line {lineNumber} has {cells.Count} cells but the header has {names.Count} columns.");
            if ((long)(rows + 1) * names.Count > MaxCells)
                throw new FormatException($"{source}: line {lineNumber}: more than {MaxCells} cells ({names.Count} columns × {rows + 1} rows); the report reads at most that many.");
            for (int c = 0; c < names.Count; c++)
            {
                if (!CsvText.TryParseNumber(cells[c], out double v))
                    throw new FormatException($"{source}: line {lineNumber}, column {c + 1} \"{names[c]}\": \"{Shorten(cells[c])}\" is not a number.");
                if (double.IsFinite(v) && Math.Abs(v) > MaxMagnitude)
                    throw new FormatException($"{source}: line {lineNumber}, column {c + 1} \"{names[c]}\": {v} is outside the range the report draws, [-{MaxMagnitude:0e0}, {MaxMagnitude:0e0}].");
                if (c == steps && double.IsFinite(v))
                {
                    if (v < lastSteps)
                        throw new FormatException($"{source}: line {lineNumber}, column {c + 1} \"{names[c]}\": {v} is less than the {lastSteps} before it (the steps of a run only grow).");
                    lastSteps = v;
                }
                values[c].Add(v);
            }
            rows++;
        }
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int c = 0; c < names.Count; c++) columns.Add(names[c], [.. values[c]]);
        return new ProgressTable(names, columns, rows, skipped);
    }

    private static List<string> Split(string line, string source, int lineNumber)
    {
        try { return CsvText.SplitLine(line); }
        catch (FormatException) { throw new FormatException($"{source}: line {lineNumber} has an unterminated or misplaced quote."); }
    }

    private static void CheckHeader(List<string> names, string source)
    {
        if (names.Count > MaxColumns)
            throw new FormatException($"{source}: line 1 (the header) has {names.Count} columns, more than the limit of {MaxColumns}.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < names.Count; c++)
        {
            string name = names[c];
            if (name.Trim().Length == 0)
                throw new FormatException($"{source}: line 1 (the header), column {c + 1}: the column name is empty.");
            if (CsvText.TryParseNumber(name, out _))
                throw new FormatException($"{source}: line 1 (the header), column {c + 1}: \"{Shorten(name)}\" is a number, not a column name (the header line is missing).");
            if (!seen.Add(name))
                throw new FormatException($"{source}: line 1 (the header), column {c + 1}: \"{Shorten(name)}\" names two columns.");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Lines of at most <see cref="MaxLineChars"/> characters, each with whether a line end followed it.</summary>
    private sealed class BoundedLineReader(TextReader reader, string source)
    {
        private readonly System.Text.StringBuilder _line = new();

        /// <summary>The 1-based number of the line <see cref="Next"/> returned last.</summary>
        public int LineNumber { get; private set; }

        public (string Text, bool Ended)? Next()
        {
            _line.Clear();
            int ch;
            while ((ch = reader.Read()) >= 0)
            {
                if (ch == '\n') return Done(true);
                if (ch == '\r')
                {
                    if (reader.Peek() == '\n') reader.Read();
                    return Done(true);
                }
                if (_line.Length == MaxLineChars)
                    throw new FormatException($"{source}: line {LineNumber + 1} is longer than {MaxLineChars} characters.");
                _line.Append((char)ch);
            }
            return _line.Length == 0 ? null : Done(false);
        }

        private (string, bool) Done(bool ended)
        {
            LineNumber++;
            return (_line.ToString(), ended);
        }
    }
}
