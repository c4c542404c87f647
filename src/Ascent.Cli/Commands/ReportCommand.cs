using System.CommandLine;
using Ascent.Io.Reports;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent report RUN_DIR… [--out FILE] [--title TEXT]</c>: a self-contained HTML report of one or more run
/// directories, overlaying runs and banding mean ± std across runs of the same environment and algorithm.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN_DIR")
        {
            Description = "Run directories (each with progress.csv; config.yaml and machine.json are shown when present).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o")
        {
            HelpName = "FILE",
            Description = "The HTML file to write (default: RUN_DIR/report.html for one run, ./report.html for several).",
        };
        var title = new Option<string?>("--title") { HelpName = "TEXT", Description = "The page heading (default: the environments)." };
        var command = new Command("report", "Write a self-contained HTML report (learning curves, losses, config, machine) for run directories.")
        {
            runs, output, title,
        };
        command.SetAction(parse =>
        {
            string[] dirs = parse.GetValue(runs)!;
            string target = parse.GetValue(output) ?? (dirs.Length == 1 ? Path.Combine(dirs[0], "report.html") : "report.html");
            try
            {
                RunReport.Write(dirs, target, parse.GetValue(title));
            }
            catch (Exception e) when (e is FormatException || UserErrors.Is(e))
            {
                parse.InvocationConfiguration.Error.WriteLine($"ascent report: {UserErrors.Message(e)}");
                return 1;
            }
            parse.InvocationConfiguration.Output.WriteLine(Path.GetFullPath(target));
            return 0;
        });
        return command;
    }
}
