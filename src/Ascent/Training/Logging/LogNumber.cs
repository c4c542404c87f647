using System.Globalization;
using Ascent.Io;

namespace Ascent.Training.Logging;

/// <summary>How the console sink spells numbers for people.</summary>
internal static class LogNumber
{
    /// <summary>Integers exactly (up to 1e15), other values with 4 significant digits; <c>nan</c>, <c>inf</c>, <c>-inf</c>.</summary>
    public static string Short(double value)
    {
        if (!double.IsFinite(value)) return CsvText.FormatNumber(value);
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return value.ToString("0", CultureInfo.InvariantCulture);
        return value.ToString("G4", CultureInfo.InvariantCulture);
    }
}
