using System.Globalization;

namespace Ascent.Training.Logging;

/// <summary>How log sinks spell numbers: culture-invariant, NaN and infinities as Python and pandas read them.</summary>
internal static class LogNumber
{
    /// <summary>The shortest text that parses back to exactly <paramref name="value"/>; <c>nan</c>, <c>inf</c>, <c>-inf</c> for non-finite values.</summary>
    public static string RoundTrip(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A short form for people: integers exactly (up to 1e15), other values with 4 significant digits.</summary>
    public static string Short(double value)
    {
        if (!double.IsFinite(value)) return RoundTrip(value);
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return value.ToString("0", CultureInfo.InvariantCulture);
        return value.ToString("G4", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a number written by <see cref="RoundTrip"/> (also accepts <c>NaN</c>, <c>Infinity</c>); empty text is NaN.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("+inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        { value = double.PositiveInfinity; return true; }
        if (text.Equals("-inf", StringComparison.OrdinalIgnoreCase) || text.Equals("-infinity", StringComparison.OrdinalIgnoreCase))
        { value = double.NegativeInfinity; return true; }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
