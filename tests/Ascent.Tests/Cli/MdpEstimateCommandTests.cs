using System.CommandLine;
using System.Text.Json;
using Ascent.Cli;

namespace Ascent.Tests.Cli;

/// <summary><c>ascent mdp estimate</c>, run in-process: every estimator's mean is within 4 standard errors of the exact gradient, and bad input is a clear error.</summary>
public class MdpEstimateCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    private static string Data(string name) => TestData.Path("mdp", name);

    [Theory]
    [InlineData("total", "none")]
    [InlineData("reward-to-go", "optimal")]
    [InlineData("pseudo-loss", "mean")]
    [InlineData("is-trajectory", "mean")]
    [InlineData("is-per-decision", "none")]
    public void Json_MeanIsWithinFourStandardErrorsOfTheExactGradient(string estimator, string baseline)
    {
        var args = new List<string> { "mdp", "estimate", Data("short-corridor.json"), "--theta", Data("short-corridor-pstar.theta.json"),
            "--estimator", estimator, "--baseline", baseline, "--episodes", "20000", "--seed", "3", "--json" };
        if (estimator.StartsWith("is-", StringComparison.Ordinal)) args.AddRange(["--behavior", Data("short-corridor-behavior.theta.json")]);
        var (code, output, error) = Run([.. args]);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["mean", "stderr", "exact"], root.EnumerateObject().Select(p => p.Name));
        for (int s = 0; s < 4; s++)
            for (int a = 0; a < 2; a++)
            {
                double mean = root.GetProperty("mean")[s][a].GetDouble(), se = root.GetProperty("stderr")[s][a].GetDouble(), exact = root.GetProperty("exact")[s][a].GetDouble();
                if (s == 3) { Assert.Equal(0, mean); Assert.Equal(0, exact); continue; } // the goal: no actions are taken there
                Assert.True(Math.Abs(mean - exact) <= 4 * se, $"{estimator}/{baseline} [{s}][{a}]: mean {mean} ± {se}, exact {exact}");
            }
    }

    [Fact]
    public void TheTable_ShowsTheEpisodesAndTheLargestError()
    {
        var (code, output, error) = Run("mdp", "estimate", Data("chain3.json"), "--estimator", "reward-to-go", "--episodes", "2000");
        Assert.True(code == 0, error);
        Assert.Contains("estimator reward-to-go, baseline none: 2000 episodes", output);
        Assert.Contains("episodes end with probability 1 - gamma = 0.1 per step", output);
        Assert.Contains("standard errors", output);
    }

    [Theory]
    [InlineData("never-terminates.json", new[] { "--estimator", "total" }, "never terminates")]
    [InlineData("short-corridor.json", new[] { "--estimator", "total", "--episodes", "0" }, "--episodes: 0 is outside the allowed range [1, ∞)")]
    [InlineData("short-corridor.json", new[] { "--estimator", "is-trajectory" }, "give its parameters (--behavior")]
    [InlineData("short-corridor.json", new[] { "--estimator", "reward-to-go", "--behavior", "short-corridor-behavior.theta.json" }, "only applies to the importance-sampling estimators")]
    [InlineData("short-corridor.json", new[] { "--estimator", "is-per-decision", "--behavior", "short-corridor-never-left.theta.json" }, "mu(a=1|s=0) = 0 where the target policy has pi(a|s) = 0.5")]
    [InlineData("short-corridor.json", new[] { "--estimator", "is-per-decision", "--behavior", "short-corridor-behavior.theta.json", "--max-ratio", "0" }, "--max-ratio: 0 is outside")]
    public void BadInput_IsAClearError(string mdp, string[] options, string message)
    {
        var args = new List<string> { "mdp", "estimate", Data(mdp) };
        foreach (var o in options) args.Add(o.EndsWith(".json", StringComparison.Ordinal) ? Data(o) : o);
        var (code, output, error) = Run([.. args]);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.StartsWith("error: ", error);
    }
}
