using System.CommandLine;
using System.Text.Json;
using Ascent.Cli;

namespace Ascent.Tests.Cli;

/// <summary><c>ascent train ppo|ppo-kl</c> and <c>ascent bench train ppo</c>: tuned settings, presets, notes and errors.</summary>
public sealed class TrainPpoCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ascent-train-ppo-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void TrainPpo_WithTheCleanRlPreset_UsesItsSettings()
    {
        var (code, output, error) = Run("train", "ppo", "CartPole-v1", "--preset", "cleanrl", "--steps", "1024", "--seed", "2", "--json", "--runs", _root);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        string runDir = json.RootElement.GetProperty("run_dir").GetString()!;
        string config = File.ReadAllText(Path.Combine(runDir, "config.yaml"));
        foreach (var line in new[] { "n_envs: 4", "n_steps: 128", "batch_size: 128", "n_epochs: 4", "clip_range_vf: 0.2", "ent_coef: 0.01", "bootstrap_truncated: false" })
            Assert.Contains(line, config);
        Assert.Equal(1024, json.RootElement.GetProperty("steps").GetInt64());
    }

    [Fact]
    public void TrainPpo_NotesAMinibatchSizeThatDoesNotFit()
    {
        var (code, output, error) = Run("train", "ppo", "MountainCarContinuous-v0", "--steps", "64", "--seed", "1", "--runs", _root);
        Assert.True(code == 0, error);
        Assert.Contains("note: batch_size = 256 is larger than the segment (n_steps × n_envs = 32)", output);
    }

    [Fact]
    public void TrainPpoKl_Runs_WithItsTunedSettings()
    {
        var (code, output, error) = Run("train", "ppo-kl", "CartPole-v1", "--steps", "512", "--seed", "1", "--runs", _root);
        Assert.True(code == 0, error);
        Assert.Contains("ppo-kl on CartPole-v1, seed 1, 512 steps (hyperparams/ppo-kl.yml)", output);
    }

    [Theory]
    [InlineData("--preset", "nosuch", "--preset nosuch: no such preset for ppo; choose one of cleanrl.")]
    [InlineData("--set", "clip_range=0", "clip_range = 0")]
    [InlineData("--set", "target_kl=-1", "target_kl = -1")]
    public void BadInput_IsReportedWithExitCode1(string option, string value, string message)
    {
        var (code, _, error) = Run("train", "ppo", "CartPole-v1", "--steps", "256", option, value, "--runs", _root);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void ConfigAndPreset_Together_AreRefused()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ascent-ppo-{Guid.NewGuid():N}.yml");
        File.WriteAllText(file, "default:\n  n_envs: 2\n");
        try
        {
            var (code, _, error) = Run("train", "ppo", "CartPole-v1", "--config", file, "--preset", "cleanrl", "--runs", _root);
            Assert.Equal(1, code);
            Assert.Contains("give one of them", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BenchTrainPpo_ReportsThePhases()
    {
        var (code, output, error) = Run("bench", "train", "ppo", "CartPole-v1", "--preset", "cleanrl", "--steps", "2048", "--seed", "1", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        Assert.Equal("ppo", r.GetProperty("algo").GetString());
        Assert.Equal(2048, r.GetProperty("steps").GetInt64());
        Assert.True(r.GetProperty("update_s").GetDouble() > 0);
        Assert.True(r.GetProperty("rollout_s").GetDouble() > 0);
    }
}
