using System.Globalization;
using System.Text;

namespace Ascent.Io.Config;

/// <summary>
/// Reading numbers and booleans written the YAML 1.1 / Python way, and writing values back so that both
/// Ascent and Python (PyYAML, RL Zoo) read them as the same value.
/// </summary>
internal static class ConfigText
{
    /// <summary>Parses a float: decimal or scientific (<c>1e-3</c>, <c>.5</c>), underscores between digits,
    /// and <c>.inf</c>/<c>-.inf</c>/<c>.nan</c> (also <c>inf</c>, <c>nan</c>, any case).</summary>
    public static bool TryParseDouble(string text, out double value)
    {
        string t = text.Trim();
        string lower = t.ToLowerInvariant();
        switch (lower)
        {
            case ".inf" or "+.inf" or "inf" or "+inf" or "infinity" or "+infinity": value = double.PositiveInfinity; return true;
            case "-.inf" or "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            case ".nan" or "nan": value = double.NaN; return true;
        }
        if (t.Length == 0 || t.Length > 400) { value = 0; return false; }
        foreach (char c in t)
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-' or '_')) { value = 0; return false; }
        if (t.Contains('_'))
        {
            string? stripped = StripDigitUnderscores(t);
            if (stripped is null) { value = 0; return false; }
            t = stripped;
        }
        return double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
               && t.Any(char.IsAsciiDigit);
    }

    /// <summary>Parses an integer; also accepts a float form with an integral value (<c>!!float 1e5</c>, <c>2048.0</c>).</summary>
    public static bool TryParseInteger(string text, out long value, out bool wasFractional)
    {
        wasFractional = false;
        string t = text.Trim();
        if (t.Contains('_')) t = StripDigitUnderscores(t) ?? "";
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        if (TryParseDouble(text, out double d) && double.IsFinite(d))
        {
            if (Math.Floor(d) != d) { wasFractional = true; return false; }
            if (d >= -9.2233720368547758E18 && d < 9.2233720368547758E18) { value = (long)d; return true; }
        }
        value = 0;
        return false;
    }

    /// <summary>Parses <c>true/false</c>, <c>yes/no</c>, <c>on/off</c> in any case (YAML 1.1 and Python spellings).</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on": value = true; return true;
            case "false" or "no" or "off": value = false; return true;
            default: value = false; return false;
        }
    }

    private static string? StripDigitUnderscores(string t)
    {
        var sb = new StringBuilder(t.Length);
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] != '_') { sb.Append(t[i]); continue; }
            bool between = i > 0 && i < t.Length - 1 && char.IsAsciiDigit(t[i - 1]) && char.IsAsciiDigit(t[i + 1]);
            if (!between) return null;
        }
        return sb.ToString();
    }

    /// <summary>A double as both PyYAML and Python read it back exactly: shortest round-trip digits, always with a
    /// decimal point, exponent with a sign (<c>1.0e-05</c>, <c>0.001</c>, <c>2.0</c>), <c>.inf</c>/<c>-.inf</c>/<c>.nan</c>.</summary>
    public static string FormatDouble(double v) => FormatFloatText(v.ToString("R", CultureInfo.InvariantCulture), v);

    /// <summary>A float32 the same way (shortest digits that round-trip to the same float).</summary>
    public static string FormatSingle(float v) => FormatFloatText(v.ToString("R", CultureInfo.InvariantCulture), v);

    private static string FormatFloatText(string r, double v)
    {
        if (double.IsPositiveInfinity(v)) return ".inf";
        if (double.IsNegativeInfinity(v)) return "-.inf";
        if (double.IsNaN(v)) return ".nan";
        int e = r.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? r : r[..e];
        if (!mantissa.Contains('.')) mantissa += ".0";
        if (e < 0) return mantissa;
        string exponent = r[(e + 1)..];
        if (exponent[0] != '-' && exponent[0] != '+') exponent = "+" + exponent;
        return mantissa + "e" + exponent;
    }

    /// <summary>An integer's text.</summary>
    public static string FormatInteger(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A YAML single-quoted string (<c>'</c> doubled), or double-quoted with escapes if it holds control characters.</summary>
    public static string YamlQuote(string s)
    {
        if (!s.Any(char.IsControl)) return "'" + s.Replace("'", "''") + "'";
        return DoubleQuote(s);
    }

    /// <summary>A YAML double-quoted string with escapes.</summary>
    public static string DoubleQuote(string s) => EscapedQuote(s, '"');

    /// <summary>A Python single-quoted string literal.</summary>
    public static string PythonQuote(string s) => EscapedQuote(s, '\'');

    /// <summary><paramref name="s"/> between <paramref name="quote"/>s with backslash escapes (<c>\n \t \r \\</c>, the quote,
    /// and <c>\uXXXX</c> for other control characters), which YAML double-quoted scalars and Python strings both read.</summary>
    private static string EscapedQuote(string s, char quote)
    {
        var sb = new StringBuilder().Append(quote);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (char.IsControl(c)) sb.Append($"\\u{(int)c:x4}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Whether <paramref name="s"/> can be written as a plain YAML mapping key (letters, digits, <c>_ - . /</c>, not starting with a digit-like or indicator character).</summary>
    public static bool IsPlainYamlKey(string s) =>
        s.Length > 0 && char.IsAsciiLetter(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/')
        && !TryParseBool(s, out _) && s is not ("null" or "Null" or "NULL");
}
