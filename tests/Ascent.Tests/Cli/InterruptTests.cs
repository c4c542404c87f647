using System.Diagnostics;
using Ascent.Io.Reports;
using Ascent.Tests.Io;
using Ascent.Training.Logging;

namespace Ascent.Tests.Cli;

/// <summary>
/// Ctrl-C during <c>ascent train</c>, for real: the tool runs as its own process and receives SIGINT; it finishes the
/// iteration, writes a final checkpoint, flushes the logs, writes the report, exits with 130, and the run resumes; a policy
/// search finishes its generation, saves its model and report, and offers no resume.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    /// <summary>Starts <c>ascent ARGS</c> as a process, sends SIGINT 1.5 s after its heading, and returns the exit code and what it printed after the heading.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> InterruptAfterStart(params string[] args)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Ascent.Cli.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[cli, .. args]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string? heading = await process.StandardOutput.ReadLineAsync();         // printed once the Ctrl-C handler is in place
        Assert.True(heading is not null && heading.Contains("run directory"), $"no heading; stderr: {(process.HasExited ? await errors : "")}");
        await Task.Delay(1500);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        string rest = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "the tool did not stop within a minute of Ctrl-C");
        return (process.ExitCode, rest, await errors);
    }

    [Fact]
    public async Task CtrlC_SavesACheckpoint_FlushesTheLogs_AndTheRunResumes()
    {
        if (!OperatingSystem.IsLinux()) return;                                 // SIGINT is sent with kill(1)
        var (exitCode, rest, errors) = await InterruptAfterStart("train", "a2c", "CartPole-v1", "--runs", _root.Path, "--steps", "100000000", "--seed", "1", "--eval-freq", "0", "--checkpoint-freq", "0");
        Assert.True(exitCode == 130, $"exit code {exitCode}\n{rest}\n{errors}");
        Assert.Contains("(stopped)", rest);
        Assert.Contains("continue with: ascent train a2c --resume", rest);

        string run = Directory.GetDirectories(_root.Path).Single();
        var checkpoints = Directory.GetFiles(Path.Combine(run, "checkpoints"));
        string checkpoint = Assert.Single(checkpoints);
        long step = long.Parse(Path.GetFileNameWithoutExtension(checkpoint)["checkpoint_".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(step > 0 && step % 40 == 0, $"step {step}: a whole number of 8 × 5 segments");
        Assert.Equal(step, RunDirectory.Load(run).Progress.Column(LogKeys.TotalTimesteps)!.Last());     // the last log row was written
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        Assert.True(File.Exists(Path.Combine(run, "model.zip")));

        var (code, output, error) = CliRunner.Run("train", "a2c", "--resume", run, "--steps", "400", "--json", "--eval-episodes", "0");
        Assert.True(code == 0, error);
        Assert.Equal(step + 400, CliRunner.LastJsonLine(output).GetProperty("steps").GetInt64());
    }

    [Fact]
    public async Task CtrlC_StopsASearchAfterTheGeneration_SavesTheModel_AndOffersNoResume()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (exitCode, rest, errors) = await InterruptAfterStart("train", "cmaes", "Pendulum-v1", "--runs", _root.Path, "--steps", "100000000", "--seed", "1",
            "--eval-freq", "0", "--set", "n_threads=1");
        Assert.True(exitCode == 130, $"exit code {exitCode}\n{rest}\n{errors}");
        Assert.Contains("(stopped)", rest);
        Assert.DoesNotContain("--resume", rest);
        string run = Directory.GetDirectories(_root.Path).Single();
        Assert.False(Directory.Exists(Path.Combine(run, "checkpoints")));
        using var model = Ascent.Algorithms.GradientFree.PolicySearchMethods.Load(Path.Combine(run, "model.zip"));
        Assert.Equal(model.NumTimesteps, RunDirectory.Load(run).Progress.Column(LogKeys.TotalTimesteps)!.Last());   // the last generation was logged and saved
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
    }
}
