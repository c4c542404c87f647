using Ascent.Cli;
using Ascent.Tests.Io;

namespace Ascent.Tests.Cli;

/// <summary><c>ascent experiment</c>, run in-process.</summary>
public class ExperimentCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void CorridorLandscape_WritesTheFigureAndItsData()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = Run("experiment", "corridor-landscape", "--out", dir.Path);
        Assert.True(code == 0, error);
        Assert.Contains("p* = 0.585786, v*(s0) = -11.656854", output);
        Assert.Contains("-44.2105", output);
        Assert.Contains("-82.1053", output);
        string svg = File.ReadAllText(Path.Combine(dir.Path, "corridor-landscape.svg"));
        Assert.Contains("<title>Short corridor", svg);
        Assert.Contains("probability of the right action", svg);
        Assert.StartsWith("series,kind,x,y", File.ReadAllText(Path.Combine(dir.Path, "corridor-landscape.csv")));
    }

    [Fact]
    public void Figure13_2_RunsWithFewRuns()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = Run("experiment", "fig13-2", "--out", dir.Path, "--runs", "3", "--seed", "4");
        Assert.True(code == 0, error);
        Assert.Contains("REINFORCE with baseline: mean of the last 100 episodes", output);
        Assert.True(File.Exists(Path.Combine(dir.Path, "fig13-2.svg")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "fig13-2.csv")));
    }

    [Theory]
    [InlineData(new[] { "experiment", "fig13-3" }, "fig13-3")]
    [InlineData(new[] { "experiment", "fig13-1", "--runs", "0" }, "--runs: 0 is outside the allowed range [1, ∞)")]
    [InlineData(new[] { "experiment", "fig13-1", "--threads", "0" }, "--threads: 0 is outside the allowed range [1, ∞)")]
    public void BadInput_IsAnError(string[] args, string message)
    {
        var (code, output, error) = Run(args);
        Assert.NotEqual(0, code);
        Assert.Contains(message, output + error);
    }
}
