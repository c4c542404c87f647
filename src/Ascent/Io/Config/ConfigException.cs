namespace Ascent.Io.Config;

/// <summary>
/// A configuration could not be read or bound: a YAML syntax error, an unknown key, a value of the wrong
/// type, out of range or not among the allowed values. Each problem names where it is, the key, the value
/// and what is allowed; all problems found in one pass are reported together.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception for one problem.</summary>
    public ConfigException(string problem) : this([problem]) { }

    /// <summary>Creates the exception for one or more problems.</summary>
    public ConfigException(IReadOnlyList<string> problems, Exception? inner = null)
        : base(Describe(problems), inner)
    {
        Problems = problems;
    }

    /// <summary>Each problem, one line each, starting with its location.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems) =>
        problems.Count switch
        {
            0 => "Invalid configuration.",
            1 => problems[0],
            _ => $"{problems.Count} problems in the configuration:\n  " + string.Join("\n  ", problems),
        };
}
