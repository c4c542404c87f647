using System.Text.RegularExpressions;
using Ascent.Autodiff;
using Ascent.Io.Config;
using Ascent.Io.Models;

namespace Ascent.Cli.Commands;

/// <summary>
/// The errors a command reports as one line with exit code 1 (bad options, files, environments, non-finite values) and
/// how that line reads: the exception's own message without what .NET appends for developers.
/// </summary>
internal static partial class UserErrors
{
    /// <summary>Whether an exception is a user error to report with exit code 1 (bad options, files, environments, NaN).</summary>
    public static bool Is(Exception e) =>
        e is ConfigException or ArgumentException or IOException or UnauthorizedAccessException or NonFiniteException or InvalidDataException
            or ModelFormatException or IncompatibleModelException;

    /// <summary>
    /// The message of <paramref name="e"/> on one line: without the <c>(Parameter 'x')</c> and <c>Actual value was v.</c>
    /// that argument exceptions append (the messages already name the option and the value), line breaks joined.
    /// </summary>
    public static string Message(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string m = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: not null })
        {
            int end = m.LastIndexOf(Environment.NewLine, StringComparison.Ordinal);
            if (end >= 0) m = m[..end];
        }
        if (e is ArgumentException { ParamName: { } name })
        {
            string suffix = $" (Parameter '{name}')";
            if (m.EndsWith(suffix, StringComparison.Ordinal)) m = m[..^suffix.Length];
        }
        return OneLine(m);
    }

    /// <summary>A command-line parse error on one line, .NET type names replaced by what the value must be.</summary>
    public static string ParseError(string message) => OneLine(ExpectedType().Replace(message, m => m.Groups[1].Value switch
    {
        var t when t.Contains("Int32", StringComparison.Ordinal) || t.Contains("Int64", StringComparison.Ordinal) => ": expected an integer",
        var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("Single", StringComparison.Ordinal) => ": expected a number",
        var t => $": expected {t}",
    }));

    private static string OneLine(string text) =>
        string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(" as expected type '([^']+)'")]
    private static partial Regex ExpectedType();
}
