using System.CommandLine;
using Ascent.Cli;

namespace Ascent.Tests.Cli;

/// <summary>Runs the <c>ascent</c> command line in-process, capturing what it writes.</summary>
internal static class CliRun
{
    /// <summary>Parses and invokes <paramref name="args"/>; returns the exit code and the standard output and error text.</summary>
    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = Program.Invoke(Program.BuildRoot().Parse(args), new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
