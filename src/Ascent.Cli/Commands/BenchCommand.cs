using System.CommandLine;
using Ascent.Cli.Commands.Bench;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent bench …</c>: speed measurements. Every subcommand prints a human-readable table, or with
/// <c>--json</c> one JSON object per line (<c>{"bench":"gemm",…}</c>) so scripts can compare results.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed (single-threaded unless stated); --json prints one JSON object per line.");
        // One line per benchmark family; each lives in Commands/Bench/<Name>Bench.cs.
        command.Subcommands.Add(SearchBench.Create());
        command.Subcommands.Add(PolicySearchBench.Create());
        command.Subcommands.Add(MlpBench.Create());
        command.Subcommands.Add(EnvBench.Create());
        command.Subcommands.Add(GemmBench.Create());
        command.Subcommands.Add(TrainBench.Create());
        return command;
    }
}
