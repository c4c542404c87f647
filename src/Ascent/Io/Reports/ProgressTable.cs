namespace Ascent.Io.Reports;

/// <summary>
/// A <c>progress.csv</c> read into columns of doubles: one column per header name, one row per logger dump.
/// Empty cells (a key not logged in that dump) and <c>nan</c> read as NaN.
/// </summary>
public sealed class ProgressTable
{
    private readonly Dictionary<string, double[]> _columns;

    private ProgressTable(List<string> names, Dictionary<string, double[]> columns, int rows)
    {
        ColumnNames = names;
        _columns = columns;
        RowCount = rows;
    }

    /// <summary>The column names in file order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>Whether the table has a column named <paramref name="name"/> with at least one finite value.</summary>
    public bool HasData(string name) => _columns.TryGetValue(name, out var c) && c.Any(double.IsFinite);

    /// <summary>The values of column <paramref name="name"/>, or null if there is no such column.</summary>
    public double[]? Column(string name) => _columns.GetValueOrDefault(name);

    /// <summary>Reads a CSV file with a header line. A malformed cell raises <see cref="FormatException"/> naming the file, line and column.</summary>
    public static ProgressTable Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses CSV text with a header line; <paramref name="source"/> names it in error messages.</summary>
    public static ProgressTable Parse(TextReader reader, string source = "progress.csv")
    {
        string? header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header)) return new ProgressTable([], new(), 0);
        var names = CsvText.SplitLine(header);
        var values = names.Select(_ => new List<double>()).ToArray();
        int rows = 0, lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = CsvText.SplitLine(line);
            if (cells.Count > names.Count)
                throw new FormatException($"{source}: line {lineNumber} has {cells.Count} cells but the header has {names.Count} columns.");
            for (int c = 0; c < names.Count; c++)
            {
                double v = double.NaN;
                if (c < cells.Count && !CsvText.TryParseNumber(cells[c], out v))
                    throw new FormatException($"{source}: line {lineNumber}, column \"{names[c]}\": \"{cells[c]}\" is not a number.");
                values[c].Add(v);
            }
            rows++;
        }
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int c = 0; c < names.Count; c++) columns.TryAdd(names[c], [.. values[c]]);
        return new ProgressTable(names, columns, rows);
    }
}
