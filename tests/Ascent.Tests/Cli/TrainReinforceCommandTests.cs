using Ascent.Io.Reports;
using Ascent.Tests.Io;
using Ascent.Training.Logging;

namespace Ascent.Tests.Cli;

/// <summary>
/// <c>ascent train reinforce</c> end to end: the shipped settings, a run directory with REINFORCE's logs, its model through
/// <c>eval</c> and <c>export</c>, <c>--resume</c> bit-identical to an uninterrupted run, bad options, and <c>bench train reinforce</c>.
/// </summary>
public sealed class TrainReinforceCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    private string Train(params string[] extra)
    {
        var (code, output, error) = Run(["train", "reinforce", "CartPole-v1", "--runs", _root.Path, "--json", .. extra]);
        Assert.True(code == 0, error);
        return CliRunner.LastJsonLine(output).GetProperty("run_dir").GetString()!;
    }

    [Fact]
    public void Train_WithTheShippedSettings_ThenEvalAndExportTheModel()
    {
        string run = Train("--steps", "6000", "--seed", "2", "--eval-freq", "3000", "--eval-episodes", "2");
        Assert.Contains("steps_per_batch: 2000", File.ReadAllText(Path.Combine(run, "config.yaml")));       // hyperparams/reinforce.yml
        Assert.Contains("learning_rate: lin_0.01", File.ReadAllText(Path.Combine(run, "config.yaml")));
        var progress = RunDirectory.Load(run).Progress;
        foreach (var key in new[] { LogKeys.PolicyGradientLoss, LogKeys.ValueLoss, LogKeys.EntropyLoss, LogKeys.BatchSteps, LogKeys.EpisodeRewardMean, LogKeys.EvalMeanReward })
            Assert.Contains(key, progress.ColumnNames);
        Assert.True(File.Exists(Path.Combine(run, "report.html")));

        string model = Path.Combine(run, "model.zip");
        var (code, output, error) = Run("eval", model, "-n", "3", "--json");
        Assert.True(code == 0, error);
        var json = CliRunner.LastJsonLine(output);
        Assert.Equal("reinforce", json.GetProperty("algo").GetString());
        Assert.Equal(3, json.GetProperty("returns").GetArrayLength());
        (code, output, error) = Run("export", model, Path.Combine(run, "policy.onnx"));
        Assert.True(code == 0, error);
        Assert.Contains("reinforce policy for CartPole-v1", output);
    }

    [Fact]
    public void Resume_ContinuesFromTheNewestCheckpoint_BitIdenticalToTheUninterruptedRun()
    {
        string[] options = ["--steps", "10000", "--seed", "5", "--eval-freq", "0", "--checkpoint-freq", "3000", "--keep-checkpoints", "10",
            "--set", "steps_per_batch=1000"];
        string full = Train(options);
        var checkpoints = Directory.GetFiles(Path.Combine(full, "checkpoints")).Order(StringComparer.Ordinal).ToArray();
        Assert.True(checkpoints.Length >= 3, string.Join(", ", checkpoints));                        // after the batches crossing 3000 and 6000 (and 9000), and the end

        // The same run interrupted after its first checkpoint: later checkpoints and the final model are gone.
        string cut = Path.Combine(_root.Path, "cut");
        CliRunner.CopyRunDirectory(full, cut);
        foreach (var later in checkpoints.Skip(1)) File.Delete(Path.Combine(cut, "checkpoints", Path.GetFileName(later)));
        File.Delete(Path.Combine(cut, "model.zip"));

        var (code, output, error) = Run("train", "reinforce", "--resume", cut, "--json", "--eval-episodes", "0");
        Assert.True(code == 0, error);
        var result = CliRunner.LastJsonLine(output);
        Assert.InRange(result.GetProperty("resumed_from").GetInt64(), 3000, 3500);
        Assert.Equal(CliRunner.ModelTensors(Path.Combine(full, "model.zip")), CliRunner.ModelTensors(Path.Combine(cut, "model.zip")));     // parameters, both optimizers, generators, environment
        double[] Steps(string dir) => RunDirectory.Load(dir).Progress.Column(LogKeys.TotalTimesteps)!;
        Assert.Equal(Steps(full), Steps(cut));
    }

    [Theory]
    [InlineData("steps_per_batch=-5", "steps_per_batch = -5")]
    [InlineData("baseline=median", "'learned'")]
    [InlineData("n_steps=8", "unknown option 'n_steps'")]                 // a segment learner's key
    [InlineData("shared_trunk=true", "shared_trunk")]
    public void BadOptions_ExitWithOne_NamingTheKeyAndWhatIsAllowed(string setting, string message)
    {
        var (code, _, error) = Run("train", "reinforce", "CartPole-v1", "--runs", _root.Path, "--set", setting);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void ListOptions_ShowsTheReinforceKeys()
    {
        var (code, output, error) = Run("train", "reinforce", "--list-options");
        Assert.True(code == 0, error);
        foreach (var key in new[] { "steps_per_batch", "episodes_per_batch", "estimator", "discount_factor", "baseline", "normalize_advantage", "ent_coef", "value_learning_rate", "n_envs", "policy_kwargs" })
            Assert.Contains(key, output);
        Assert.DoesNotContain("gae_lambda", output);
    }

    [Fact]
    public void BenchTrainReinforce_ReportsThroughputAndPhases()
    {
        var (code, output, error) = Run("bench", "train", "reinforce", "CartPole-v1", "--steps", "4000", "--seed", "1", "--json");
        Assert.True(code == 0, error);
        var r = CliRunner.LastJsonLine(output);
        Assert.Equal("reinforce", r.GetProperty("algo").GetString());
        foreach (var key in new[] { "seconds", "steps_per_s", "rollout_s", "rollout_act_s", "rollout_env_s", "update_s" })
            Assert.True(r.GetProperty(key).GetDouble() > 0, key);
    }
}
