using System.Text.Json;

namespace Ascent.Tests.Cli;

/// <summary><c>ascent train trpo|npg</c> and <c>ascent bench train trpo</c>, run in-process.</summary>
public sealed class TrainTrpoCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ascent-train-trpo-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("trpo", "n_critic_updates: 20")]          // the Zoo's tuned CartPole-v1 section
    [InlineData("npg", "cg_damping: 0.1")]
    public void Train_WithTheShippedSettings_WritesARunDirectoryWithTheTrustRegionLogs(string algorithm, string configLine)
    {
        var (code, output, error) = Run("train", algorithm, "CartPole-v1", "--steps", "2048", "--seed", "2", "--json", "--runs", _root, "--eval-episodes", "2");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        Assert.Equal(algorithm, r.GetProperty("algo").GetString());
        Assert.Equal(2048, r.GetProperty("steps").GetInt64());
        string runDir = r.GetProperty("run_dir").GetString()!;
        Assert.Contains(configLine, File.ReadAllText(Path.Combine(runDir, "config.yaml")));
        string progress = File.ReadAllText(Path.Combine(runDir, "progress.csv"));
        Assert.Contains("train/policy_objective", progress);
        Assert.Contains("train/kl_divergence_loss", progress);
        Assert.Equal(2 + 1, progress.Trim().Split('\n').Length);             // a row per iteration (log interval 1) under the header
    }

    [Fact]
    public void BenchTrainTrpo_ReportsThroughputAndPhases()
    {
        var (code, output, error) = Run("bench", "train", "trpo", "CartPole-v1", "--steps", "2048", "--seed", "1", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        Assert.Equal("trpo", r.GetProperty("algo").GetString());
        foreach (var key in new[] { "seconds", "steps_per_s", "rollout_s", "update_s" })
            Assert.True(r.GetProperty(key).GetDouble() > 0, key);
    }

    [Fact]
    public void BadTrustRegionOptions_ExitWithOne_NamingTheKeyAndTheRange()
    {
        var (code, _, error) = Run("train", "trpo", "CartPole-v1", "--runs", _root, "--set", "target_kl=0");
        Assert.Equal(1, code);
        Assert.Contains("target_kl = 0", error);
        Assert.Contains("> 0", error);
        (code, _, error) = Run("train", "npg", "CartPole-v1", "--runs", _root, "--set", "line_search=true");
        Assert.Equal(1, code);
        Assert.Contains("ascent train trpo", error);
        (code, var output, error) = Run("train", "trpo", "--list-options");
        Assert.True(code == 0, error);
        foreach (var key in new[] { "target_kl", "cg_max_steps", "cg_damping", "line_search_max_iter", "n_critic_updates", "fisher_sub_sampling_factor" })
            Assert.Contains(key, output);
    }
}
