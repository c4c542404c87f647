using System.Text.Json;

namespace Ascent.Tests.Cli;

/// <summary><c>ascent train</c> and <c>ascent bench train</c>, run in-process.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ascent-train-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void TrainA2c_Json_EndsWithTheResultLine_AndWritesARunDirectory()
    {
        var (code, output, error) = Run("train", "a2c", "CartPole-v1", "--steps", "4000", "--seed", "3", "--json", "--runs", _root, "--eval-episodes", "2");
        Assert.True(code == 0, error);
        var lines = output.Trim().Split('\n');
        using var json = JsonDocument.Parse(lines[^1]);
        var r = json.RootElement;
        Assert.Equal("train", r.GetProperty("bench").GetString());
        Assert.Equal("a2c", r.GetProperty("algo").GetString());
        Assert.Equal("CartPole-v1", r.GetProperty("env").GetString());
        Assert.Equal(4000, r.GetProperty("steps").GetInt64());
        Assert.True(r.GetProperty("steps_per_s").GetDouble() > 0);
        Assert.True(r.GetProperty("mean_return_100").GetDouble() > 0);
        Assert.Equal(2, r.GetProperty("eval_episodes").GetInt32());
        string runDir = r.GetProperty("run_dir").GetString()!;
        Assert.StartsWith("CartPole-v1__a2c__3__", Path.GetFileName(runDir));
        foreach (var file in new[] { "config.yaml", "progress.csv", "progress.jsonl", "machine.json", "model.zip" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), file);
        string config = File.ReadAllText(Path.Combine(runDir, "config.yaml"));
        Assert.Contains("n_envs: 8", config);                      // the shipped tuned CartPole-v1 section
        Assert.Contains("seed: 3", config);
    }

    [Fact]
    public void TrainA2c_WithoutJson_PrintsProgressAndASummary()
    {
        var (code, output, error) = Run("train", "a2c", "Acrobot-v1", "--steps", "2000", "--seed", "1", "--runs", _root, "--set", "n_envs=4");
        Assert.True(code == 0, error);
        Assert.Contains("a2c on Acrobot-v1, seed 1, 2,000 steps (hyperparams/a2c.yml)", output);
        Assert.Contains("steps 2000/2000 (100%)", output);
        Assert.Contains("| return, last", output);                  // the summary table
        Assert.Contains("| evaluation ", output);
        Assert.Contains("| run directory", output);
        Assert.Contains("Next: ascent eval", output);
    }

    [Fact]
    public void TrainA3c_Runs()
    {
        var (code, output, error) = Run("train", "a3c", "CartPole-v1", "--steps", "3000", "--seed", "1", "--json", "--runs", _root, "--set", "n_workers=2");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        Assert.Equal("a3c", json.RootElement.GetProperty("algo").GetString());
        Assert.True(json.RootElement.GetProperty("steps").GetInt64() >= 3000);
    }

    [Fact]
    public void TrainA3c_WritesPeriodicCheckpoints_AndResumesFromThem()
    {
        var (code, output, error) = Run("train", "a3c", "CartPole-v1", "--steps", "12000", "--seed", "1", "--json", "--runs", _root, "--set", "n_workers=2",
            "--checkpoint-freq", "4000", "--keep-checkpoints", "5", "--eval-episodes", "0");
        Assert.True(code == 0, error);
        string runDir = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.GetProperty("run_dir").GetString()!;
        var checkpoints = Directory.GetFiles(Path.Combine(runDir, "checkpoints")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, checkpoints.Length);                        // paused near 4000 and 8000, and the end
        Assert.StartsWith("checkpoint_0000000040", checkpoints[0]);
        Assert.StartsWith("checkpoint_0000000080", checkpoints[1]);
        foreach (var later in checkpoints.Skip(1)) File.Delete(Path.Combine(runDir, "checkpoints", later!));
        (code, output, error) = Run("train", "a3c", "--resume", runDir, "--json", "--eval-episodes", "0");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        Assert.InRange(json.RootElement.GetProperty("resumed_from").GetInt64(), 4000, 4100);
        Assert.InRange(json.RootElement.GetProperty("steps").GetInt64(), 12000, 12100);
    }

    [Theory]
    [InlineData("--set", "gamma=2", "gamma = 2 is out of range")]
    [InlineData("--set", "learnig_rate=0.1", "Did you mean 'learning_rate'")]
    [InlineData("--steps", "0", "--steps = 0")]
    public void BadInput_ExitsWithOne_AndSaysWhy(string option, string value, string message)
    {
        var (code, _, error) = Run("train", "a2c", "CartPole-v1", option, value, "--runs", _root);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void AnUnknownEnvironment_IsNamedWithCloseMatches()
    {
        var (code, _, error) = Run("train", "a2c", "CartPole-v2", "--runs", _root);
        Assert.Equal(1, code);
        Assert.Contains("Unknown environment id 'CartPole-v2'", error);
        Assert.Contains("CartPole-v1", error);
    }

    [Fact]
    public void AConfigFile_ReplacesTheShippedHyperparameters()
    {
        Directory.CreateDirectory(_root);
        string file = Path.Combine(_root, "mine.yml");
        File.WriteAllText(file, "default:\n  n_envs: 2\n  n_steps: 10\n");
        var (code, output, error) = Run("train", "a2c", "CartPole-v1", "--config", file, "--steps", "200", "--json", "--runs", _root);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        string config = File.ReadAllText(Path.Combine(json.RootElement.GetProperty("run_dir").GetString()!, "config.yaml"));
        Assert.Contains("n_envs: 2", config);
        Assert.Contains("n_steps: 10", config);
    }

    [Fact]
    public void BenchTrain_ReportsThroughputAndPhases()
    {
        var (code, output, error) = Run("bench", "train", "a2c", "CartPole-v1", "--steps", "4000", "--seed", "1", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        Assert.Equal("train", r.GetProperty("bench").GetString());
        Assert.Equal(4000, r.GetProperty("steps").GetInt64());
        foreach (var key in new[] { "seconds", "steps_per_s", "cpu_steps_per_s", "rollout_s", "rollout_act_s", "rollout_env_s", "update_s" })
            Assert.True(r.GetProperty(key).GetDouble() > 0, key);
        Assert.True(r.GetProperty("rollout_s").GetDouble() + r.GetProperty("update_s").GetDouble() <= r.GetProperty("seconds").GetDouble() * 1.01);
    }

    [Fact]
    public void ListOptions_ShowsTheKeysWithDefaultsAndRanges()
    {
        var (code, output, error) = Run("train", "a2c", "--list-options");
        Assert.True(code == 0, error);
        Assert.Contains("gamma", output);
        Assert.Contains("[0, 1]", output);
        Assert.Contains("use_rms_prop", output);
        Assert.Contains("use_sde", output);
        (code, _, error) = Run("train", "a2c", "--runs", _root);
        Assert.Equal(1, code);
        Assert.Contains("an environment id (ENV) is required", error);
    }
}
