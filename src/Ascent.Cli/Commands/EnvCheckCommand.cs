using System.CommandLine;
using System.Globalization;
using Ascent.Environments.Golden;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent env check FILE.json…</c>: replays Gymnasium golden trajectories (see <see cref="GoldenTrajectoryCheck"/>)
/// and prints, per file, the steps checked and the largest deviation. Exit code 0 when every file matches within the
/// documented tolerance, 1 on any mismatch or bad input: a file that is missing, a directory, unreadable or not a golden
/// trajectory file is one line on standard error naming the path and the problem (the other files are still checked).
/// </summary>
internal static class EnvCheckCommand
{
    /// <summary>The <c>env</c> command group with its <c>check</c> subcommand.</summary>
    public static Command Create()
    {
        var env = new Command("env", "Environment tools.");
        env.Subcommands.Add(CreateCheck());
        return env;
    }

    private static Command CreateCheck()
    {
        var files = new Argument<string[]>("FILE") { Description = "Golden trajectory files (JSON, Gymnasium's recording format).", Arity = ArgumentArity.OneOrMore };
        var rtol = new Option<double>("--rtol")
        {
            HelpName = "RTOL",
            Description = "Relative tolerance (default 0: bit-exact, as on Linux/glibc; e.g. 1e-12 for another libm).",
            DefaultValueFactory = _ => 0.0,
        };
        var verbose = new Option<bool>("--verbose") { Description = "List up to 50 mismatches per file instead of 5." };
        var command = new Command("check", "Replay golden trajectories: set each episode's initial state, step with the recorded actions, compare obs, state, reward, terminated and truncated.")
        {
            files, rtol, verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(rtol), parse.GetValue(verbose) ? 50 : 5,
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> paths, double rtol, int maxMessages, TextWriter output, TextWriter error)
    {
        if (!(rtol >= 0) || double.IsInfinity(rtol))
        {
            error.WriteLine($"ascent env check: --rtol = {rtol.ToString(CultureInfo.InvariantCulture)} is outside the allowed range [0, ∞) (a finite number).");
            return 1;
        }
        int exit = 0;
        foreach (var path in paths)
        {
            GoldenCheckResult r;
            try { r = GoldenTrajectoryCheck.Run(path, rtol, maxMessages); }
            catch (Exception e) when (e is FormatException || UserErrors.Is(e))
            {
                error.WriteLine($"ascent env check: {UserErrors.Message(e)}");
                exit = 1;
                continue;
            }
            string deviation = r.MaxUlpDeviation == 0 ? "0 (bit-exact)"
                : $"{r.MaxAbsoluteDeviation.ToString("G3", CultureInfo.InvariantCulture)} ({r.MaxUlpDeviation} ulp{(r.Passed ? ", within the documented tolerance" : "")})";
            string verdict = r.Passed ? "OK" : $"FAILED: {r.MismatchCount} mismatch{(r.MismatchCount == 1 ? "" : "es")}";
            output.WriteLine($"{path}: {r.EnvId} ({(r.Set.Length > 0 ? r.Set : "?")}), {r.Episodes} episodes, {r.StepsChecked} steps checked, "
                             + $"{r.ResetsReproduced}/{r.Episodes} resets reproduced, largest deviation {deviation} — {verdict}");
            foreach (var m in r.Mismatches) output.WriteLine("  " + m);
            if (r.Mismatches.Count < r.MismatchCount) output.WriteLine($"  … and {r.MismatchCount - r.Mismatches.Count} more");
            if (!r.Passed) exit = 1;
        }
        return exit;
    }
}
