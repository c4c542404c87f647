using System.CommandLine;
using System.Diagnostics;
using Ascent.Experiments;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent experiment NAME [--out DIR] [--runs N] [--seed S] [--threads T]</c>: runs one of the lectures' experiments
/// and writes its figure (SVG) and the numbers behind it (CSV). See docs/experiments.md.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME")
        {
            HelpName = "NAME",
            Description = "The experiment: " + string.Join("; ", ExperimentRegistry.All.Select(e => $"{e.Name} ({e.Description})")),
        };
        name.AcceptOnlyFromAmong([.. ExperimentRegistry.All.Select(e => e.Name)]);
        var output = new Option<DirectoryInfo>("--out") { HelpName = "DIR", Description = "Directory for NAME.svg and NAME.csv (created if missing).", DefaultValueFactory = _ => new DirectoryInfo("experiments") };
        var runs = new Option<int?>("--runs") { HelpName = "N", Description = "Independent runs (default: the experiment's, e.g. 100 for fig13-1)." };
        var seed = new Option<ulong>("--seed") { HelpName = "S", Description = "Root seed; run r uses Rng(seed, [r]), so results do not depend on the thread count.", DefaultValueFactory = _ => 0UL };
        var threads = new Option<int?>("--threads") { HelpName = "T", Description = "Threads to spread the runs over (default: all cores)." };
        var command = new Command("experiment", "Run one of the lectures' experiments and write its figure (SVG) and data (CSV).")
        {
            name, output, runs, seed, threads,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var experiment = ExperimentRegistry.Find(parse.GetValue(name)!);
                int? runCount = parse.GetValue(runs);
                if (runCount is < 1) throw new ArgumentException($"--runs: {runCount} is outside the allowed range [1, ∞).");
                int? threadCount = parse.GetValue(threads);
                if (threadCount is < 1) throw new ArgumentException($"--threads: {threadCount} is outside the allowed range [1, ∞).");
                var options = new ExperimentOptions(parse.GetValue(output)!.FullName, runCount, parse.GetValue(seed), threadCount);
                var clock = Stopwatch.StartNew();
                var result = experiment.Run(options);
                stdout.WriteLine($"{experiment.Name}: {experiment.Description}");
                foreach (var line in result.Summary) stdout.WriteLine($"  {line}");
                stdout.WriteLine($"  wall time {clock.Elapsed.TotalSeconds:F1} s");
                foreach (var file in result.Files) stdout.WriteLine($"wrote {file}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: {UserErrors.Message(e)}");
                return 1;
            }
        });
        return command;
    }
}
