using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
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
    public static int Main(string[] args) => Invoke(BuildRoot().Parse(args), new InvocationConfiguration());

    /// <summary>
    /// Invokes a parsed command line. A parse error (an unknown option, a value of the wrong type) is one line on standard
    /// error naming the command, with exit code 1, instead of the error followed by the whole help text.
    /// </summary>
    public static int Invoke(ParseResult parse, InvocationConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(configuration);
        if (parse.Errors.Count == 0 || parse.Tokens.Count == 0) return parse.Invoke(configuration);
        var names = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Command.Name);
        string command = string.Join(' ', names);
        string errors = string.Join(" ", parse.Errors.Select(e => UserErrors.ParseError(e.Message)));
        configuration.Error.WriteLine($"{command}: {errors} (see {command} --help)");
        return 1;
    }
}
