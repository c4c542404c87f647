using System.Globalization;
using System.Text;

namespace Ascent.Io;

/// <summary>RFC 4180 CSV cells: quoting for writing and splitting for reading (one physical line per record).</summary>
public static class CsvText
{
    /// <summary><paramref name="cell"/> as a CSV field: quoted, with doubled quotes, if it holds a comma, quote or line break.</summary>
    public static string Quote(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0) return cell;
        return "\"" + cell.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>The shortest text that parses back to exactly <paramref name="value"/>; <c>nan</c>, <c>inf</c>, <c>-inf</c> for non-finite values (as pandas reads them).</summary>
    public static string FormatNumber(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses a number written by <see cref="FormatNumber"/> (also <c>NaN</c>, <c>Infinity</c>); an empty cell is NaN.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("+inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        { value = double.PositiveInfinity; return true; }
        if (text.Equals("-inf", StringComparison.OrdinalIgnoreCase) || text.Equals("-infinity", StringComparison.OrdinalIgnoreCase))
        { value = double.NegativeInfinity; return true; }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Joins <paramref name="cells"/> into one CSV line (without the line end), quoting where needed.</summary>
    public static string JoinLine(IEnumerable<string> cells) => string.Join(',', cells.Select(Quote));

    /// <summary>Splits one CSV line into its fields, undoing quoting. Throws <see cref="FormatException"/> on an unterminated quote.</summary>
    public static List<string> SplitLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var cells = new List<string>();
        var cell = new StringBuilder();
        int i = 0;
        while (true)
        {
            cell.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new FormatException($"CSV: unterminated quoted field in line \"{line}\".");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    cell.Append(line[i++]);
                }
                if (i < line.Length && line[i] != ',') throw new FormatException($"CSV: text after a closing quote at column {i + 1} of line \"{line}\".");
            }
            else
            {
                int comma = line.IndexOf(',', i);
                int end = comma < 0 ? line.Length : comma;
                cell.Append(line, i, end - i);
                i = end;
            }
            cells.Add(cell.ToString());
            if (i >= line.Length) return cells;
            i++; // the comma
        }
    }
}
