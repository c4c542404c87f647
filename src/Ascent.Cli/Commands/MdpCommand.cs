using System.CommandLine;
using Ascent.Cli.Commands.Mdp;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent mdp …</c>: exact computations on finite MDPs given as MDP.json files (format in docs/mdp.md).
/// </summary>
internal static class MdpCommand
{
    public static Command Create()
    {
        var command = new Command("mdp", "Exact answers on finite MDPs (MDP.json; see docs/mdp.md).");
        // One line per subcommand; each lives in Commands/Mdp/Mdp<Name>Command.cs.
        command.Subcommands.Add(MdpSolveCommand.Create());
        command.Subcommands.Add(MdpEstimateCommand.Create());
        return command;
    }
}
