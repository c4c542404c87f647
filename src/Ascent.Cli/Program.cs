using System.CommandLine;
using System.CommandLine.Help;
using Ascent.Cli.Commands;

namespace Ascent.Cli;

/// <summary>The <c>ascent</c> command-line tool.</summary>
public static class Program
{
    /// <summary>
    /// Builds the command tree (also used by tests to run commands in-process). The root is named <c>ascent</c>, the tool's
    /// command, rather than after the assembly (<c>Ascent.Cli</c>), so help shows what users type.
    /// </summary>
    public static Command BuildRoot()
    {
        var root = new Command("ascent", "Ascent: policy-gradient reinforcement learning for .NET.") { new HelpOption(), new VersionOption() };
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(MdpCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(EnvsCommand.Create());
        root.Subcommands.Add(EnvCheckCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        return root;
    }

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
