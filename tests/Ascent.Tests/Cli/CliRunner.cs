using System.CommandLine;
using Ascent.Cli;

namespace Ascent.Tests.Cli;

/// <summary>Runs the <c>ascent</c> command tree in-process with captured output.</summary>
internal static class CliRunner
{
    /// <summary>Parses and invokes <paramref name="args"/>; returns the exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The last line of <paramref name="output"/> parsed as JSON (what --json prints).</summary>
    public static System.Text.Json.JsonElement LastJsonLine(string output) =>
        System.Text.Json.JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
}
