using Ascent.Io.Reports;
using Ascent.Tests.Io;
using Ascent.Training.Logging;

namespace Ascent.Tests.Cli;

/// <summary>
/// What <c>ascent train</c> leaves behind and how it continues: the run directory (config, logs, TensorBoard, checkpoints,
/// models, evaluations, report), periodic evaluation with a target return, <c>--resume</c> bit-identical to an
/// uninterrupted run, and the errors of bad input — all before any training step is wasted.
/// </summary>
public sealed class TrainRunTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    private string Train(params string[] extra)
    {
        var (code, output, error) = Run(["train", "a2c", "CartPole-v1", "--runs", _root.Path, "--json", .. extra]);
        Assert.True(code == 0, error);
        return CliRunner.LastJsonLine(output).GetProperty("run_dir").GetString()!;
    }

    [Fact]
    public void ARun_WritesEverythingTheRunDirectoryPromises()
    {
        string run = Train("--steps", "6000", "--seed", "2", "--eval-freq", "2000", "--eval-episodes", "2", "--checkpoint-freq", "2000");
        foreach (var file in new[] { "config.yaml", "machine.json", "progress.csv", "progress.jsonl", "model.zip", "best_model.zip", "evaluations.csv", "report.html" })
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        Assert.Single(Directory.GetFiles(run, "events.out.tfevents.*"));
        Assert.Equal(["checkpoint_000000006000.zip", "checkpoint_000000004000.zip"],
            Directory.GetFiles(Path.Combine(run, "checkpoints")).Select(Path.GetFileName).OrderDescending());   // newest two kept
        var progress = RunDirectory.Load(run).Progress;
        Assert.Contains(LogKeys.EvalMeanReward, progress.ColumnNames);
        var evaluations = File.ReadAllLines(Path.Combine(run, "evaluations.csv"));
        Assert.Equal("timesteps,mean_reward,std_reward,mean_ep_length", evaluations[0]);
        Assert.Equal(["2000", "4000", "6000"], evaluations.Skip(1).Select(l => l.Split(',')[0]));
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("<svg", html);
        Assert.Contains("eval/mean_reward", html);
    }

    /// <summary>Every registered learner with every environment it ships tuned settings for (PPO and TRPO join when they register).</summary>
    public static IEnumerable<object[]> TunedPairs()
    {
        var train = Ascent.Cli.Program.BuildRoot().Subcommands.Single(c => c.Name == "train");
        foreach (var algorithm in train.Subcommands.Select(c => c.Name))
            foreach (var env in Ascent.Training.TunedHyperparameters.For(algorithm)?.EnvIds ?? [])
                if (env != "default") yield return [algorithm, env];
    }

    [Theory]
    [MemberData(nameof(TunedPairs))]
    public void EveryTunedPair_TrainsWithItsDefaults_AndItsModelEvaluatesAndExports(string algorithm, string env)
    {
        var (code, output, error) = Run("train", algorithm, env, "--runs", _root.Path, "--steps", "1", "--seed", "1", "--json",
            "--eval-episodes", "0");   // no --checkpoint-freq: a policy search rejects it (one step checkpoints only at the end anyway)
        Assert.True(code == 0, error);
        string run = CliRunner.LastJsonLine(output).GetProperty("run_dir").GetString()!;
        string model = Path.Combine(run, "model.zip");
        (code, output, error) = Run("eval", model, "-n", "1", "--json");
        Assert.True(code == 0, error);
        Assert.Equal(algorithm, CliRunner.LastJsonLine(output).GetProperty("algo").GetString());
        (code, _, error) = Run("export", model, Path.Combine(run, "policy.onnx"));
        Assert.True(code == 0, error);
        Assert.True(new FileInfo(Path.Combine(run, "policy.onnx")).Length > 0);
    }

    [Fact]
    public void ATargetReward_StopsTrainingAfterTheEvaluationThatReachesIt()
    {
        var (code, output, error) = Run("train", "a2c", "CartPole-v1", "--runs", _root.Path, "--steps", "100000", "--seed", "1",
            "--eval-freq", "1000", "--eval-episodes", "1", "--target-reward", "9");
        Assert.True(code == 0, error);
        Assert.Contains("| target reached", output);
        Assert.Contains("(stopped)", output);
        (code, _, error) = Run("train", "a2c", "CartPole-v1", "--runs", _root.Path, "--target-reward", "9", "--eval-freq", "0");
        Assert.Equal(1, code);
        Assert.Contains("--target-reward = 9 needs", error);
    }

    [Fact]
    public void Resume_ContinuesFromTheNewestCheckpoint_BitIdenticalToTheUninterruptedRun()
    {
        string[] options = ["--steps", "4000", "--seed", "5", "--eval-freq", "1000", "--eval-episodes", "1", "--checkpoint-freq", "1000", "--keep-checkpoints", "10"];
        string full = Train(options);

        // The same run interrupted after its checkpoint at step 2000: later files are gone, the logs ran a little further.
        string cut = Path.Combine(_root.Path, "cut");
        CliRunner.CopyRunDirectory(full, cut);
        foreach (var checkpoint in Directory.GetFiles(Path.Combine(cut, "checkpoints")).Where(f => string.CompareOrdinal(Path.GetFileName(f), "checkpoint_000000002000.zip") > 0))
            File.Delete(checkpoint);
        File.Delete(Path.Combine(cut, "model.zip"));

        var (code, output, error) = Run("train", "a2c", "--resume", cut, "--json", "--eval-episodes", "1", "--eval-freq", "1000");
        Assert.True(code == 0, error);
        var result = CliRunner.LastJsonLine(output);
        Assert.Equal(2000, result.GetProperty("resumed_from").GetInt64());
        Assert.Equal(4000, result.GetProperty("steps").GetInt64());
        Assert.Equal(CliRunner.ModelTensors(Path.Combine(full, "model.zip")), CliRunner.ModelTensors(Path.Combine(cut, "model.zip")));     // parameters, optimizer, generators, environments

        // The logs continue without the rows the interrupted part wrote: same steps as the uninterrupted run.
        double[] Steps(string dir) => RunDirectory.Load(dir).Progress.Column(LogKeys.TotalTimesteps)!;
        Assert.Equal(Steps(full), Steps(cut));
        Assert.Equal(File.ReadAllLines(Path.Combine(full, "evaluations.csv")), File.ReadAllLines(Path.Combine(cut, "evaluations.csv")));
        Assert.Equal(2, Directory.GetFiles(cut, "events.out.tfevents.*").Length);

        (code, _, error) = Run("train", "a2c", "--resume", cut);
        Assert.Equal(1, code);
        Assert.Contains("already finished its 4,000 steps", error);
        (code, output, error) = Run("train", "a2c", "--resume", cut, "--steps", "400", "--json", "--eval-episodes", "0");
        Assert.True(code == 0, error);
        Assert.Equal(4400, CliRunner.LastJsonLine(output).GetProperty("steps").GetInt64());
    }

    [Theory]
    [InlineData("a3c", "", "is a checkpoint of a2c, not a3c")]
    [InlineData("a2c", "Acrobot-v1", "the run trains on CartPole-v1, not Acrobot-v1")]
    [InlineData("a2c", "--set=gamma=0.9", "cannot change them")]
    public void Resume_RefusesAnotherAlgorithmEnvironmentOrOptions(string algorithm, string extra, string message)
    {
        string run = Train("--steps", "200", "--seed", "1", "--eval-episodes", "0", "--checkpoint-freq", "0");
        string[] args = extra.Length == 0 ? ["train", algorithm, "--resume", run] : ["train", algorithm, extra, "--resume", run];
        var (code, _, error) = Run(args);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Resume_OfADirectoryWithoutCheckpoints_SaysSo()
    {
        var (code, _, error) = Run("train", "a2c", "--resume", Path.Combine(_root.Path, "nothing"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);
        Directory.CreateDirectory(Path.Combine(_root.Path, "empty"));
        (code, _, error) = Run("train", "a2c", "--resume", Path.Combine(_root.Path, "empty"));
        Assert.Equal(1, code);
        Assert.Contains("has no checkpoint", error);
    }

    [Fact]
    public void AnUnwritableRunDirectory_IsAnErrorBeforeTrainingStarts()
    {
        string file = Path.Combine(_root.Path, "a-file");
        File.WriteAllText(file, "not a directory");
        var started = DateTime.UtcNow;
        var (code, output, error) = Run("train", "a2c", "CartPole-v1", "--runs", Path.Combine(file, "runs"));
        Assert.Equal(1, code);
        Assert.Contains("cannot create the run directory", error);
        Assert.DoesNotContain("steps", output);                                 // no training started (the default budget is 500,000 steps)
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("a2x", "Did you mean 'a2c'")]
    [InlineData("A3C", "Did you mean 'a3c'")]
    public void AnUnknownAlgorithm_IsNamedWithCloseMatches(string name, string message)
    {
        var (code, _, error) = Run("train", name, "CartPole-v1", "--steps", "100");
        Assert.Equal(1, code);
        Assert.Contains($"unknown algorithm '{name}'", error);
        Assert.Contains(message, error);
        Assert.Contains("Algorithms: a2c, a3c", error);
    }

    [Theory]
    [InlineData("default:\n  n_envz: 4\n", "n_envz", "Did you mean 'n_envs'")]
    [InlineData("default:\n  gamma: 1.5\n", "gamma = 1.5", "[0, 1]")]
    [InlineData("default:\n  policy: CnnPolicy\n", "policy", "MlpPolicy")]
    public void AConfigFileWithABadKeyOrValue_IsAnErrorNamingTheKeyAndWhatIsAllowed(string yaml, string key, string allowed)
    {
        string file = Path.Combine(_root.Path, "bad.yml");
        File.WriteAllText(file, yaml);
        var (code, _, error) = Run("train", "a2c", "CartPole-v1", "--config", file, "--runs", _root.Path);
        Assert.Equal(1, code);
        Assert.Contains(key, error);
        Assert.Contains(allowed, error);
        Assert.Empty(Directory.GetDirectories(_root.Path));                     // nothing was created
    }

    [Theory]
    [InlineData("train", "a2c")]
    [InlineData("eval")]
    [InlineData("export")]
    [InlineData("report")]
    public void Help_ListsEveryOption(params string[] command)
    {
        var (code, output, _) = Run([.. command, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
        if (command[0] == "train")
            foreach (var option in new[] { "--steps", "--seed", "--config", "--set", "--resume", "--eval-freq", "--eval-episodes", "--target-reward", "--checkpoint-freq", "--keep-checkpoints", "--runs", "--json" })
                Assert.Contains(option, output);
    }
}
