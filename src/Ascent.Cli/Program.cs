using System.CommandLine;
using Ascent.Cli.Commands;

namespace Ascent.Cli;

/// <summary>The <c>ascent</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Builds the command tree (also used by tests to run commands in-process).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Ascent: policy-gradient reinforcement learning for .NET.");
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
