using Ascent.Algorithms.GradientFree;
using Ascent.Environments;
using Ascent.Tests.Io;
using Ascent.Training;
using Ascent.Training.Logging;

namespace Ascent.Tests.Cli;

/// <summary>
/// <c>ascent train cem|cmaes|…</c> through the same training session as every learner (run directory, periodic evaluation,
/// report, <c>ascent eval</c> and <c>ascent export</c> of the model), the options a search cannot honour (<c>--resume</c>,
/// checkpoints) rejected with the reason, and <c>ascent bench policy-search</c> — all run in-process.
/// </summary>
public sealed class TrainPolicySearchCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void TrainCem_ShowsEveryGeneration_WritesARunDirectory_WithoutCheckpoints()
    {
        var (code, output, error) = Run("train", "cem", "CartPole-v1", "--steps", "3000", "--seed", "2", "--policy", "mlp:4", "--runs", _root.Path,
            "--eval-freq", "1000", "--eval-episodes", "2");
        Assert.True(code == 0, error);
        Assert.Contains("cem on CartPole-v1, seed 2, 3,000 steps (hyperparams/cem.yml)", output);
        var generations = output.Split('\n').Where(l => l.Contains("  gen ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(generations);
        Assert.All(generations, l => Assert.Matches(@"^steps \d+/3000 \(\d+%\)  fps \d+.*  gen \d+  best -?[\d.]+  mean -?[\d.]+  std [\d.]+  σ ", l));
        Assert.Equal(Enumerable.Range(1, generations.Length).Select(g => $"gen {g} "),                     // one line per generation, none repeated
            generations.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"gen \d+ ").Value));
        Assert.Contains("| evaluation", output);
        Assert.Contains("Next: ascent eval ", output);
        Assert.DoesNotContain("--resume", output);

        string runDir = Directory.GetDirectories(_root.Path).Single();
        Assert.StartsWith("CartPole-v1__cem__2__", Path.GetFileName(runDir));
        foreach (var file in new[] { "config.yaml", "progress.csv", "model.zip", "best_model.zip", "evaluations.csv", "report.html" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), file);
        Assert.False(Directory.Exists(Path.Combine(runDir, TrainingRun.CheckpointDirectory)));              // nothing to resume from
        string config = File.ReadAllText(Path.Combine(runDir, "config.yaml"));
        Assert.Contains("policy: 'mlp:4'", config);
        Assert.Contains("population_size: 40", config);                                                      // the shipped tuned section
        string progress = File.ReadAllText(Path.Combine(runDir, "progress.csv"));
        Assert.Contains(SearchLogKeys.GenerationBest, progress);
        Assert.Contains(LogKeys.EvalMeanReward, progress);
        using var model = PolicySearchMethods.Load(Path.Combine(runDir, "model.zip"));
        Assert.Equal("mlp:4", model.Settings.Policy);
        Assert.Equal(4 * 4 + 4 + 4 * 2 + 2, model.Dimension);
    }

    [Theory]
    [InlineData("ars")]   // observations normalised (ARS V2)
    [InlineData("cmaes")]
    public void ASearchModel_EvaluatesAndExports_ThroughTheRegistry_AsItsOwnLoadDoes(string method)
    {
        var (code, output, error) = Run("train", method, "CartPole-v1", "--steps", "2000", "--seed", "3", "--runs", _root.Path, "--json", "--eval-freq", "0");
        Assert.True(code == 0, error);
        string run = CliRunner.LastJsonLine(output).GetProperty("run_dir").GetString()!;
        string path = Path.Combine(run, "model.zip");

        using var direct = PolicySearchMethods.Load(path);
        Assert.Equal(method == "ars", direct.ObservationNormalizer is not null);
        using var env = Envs.Make("CartPole-v1");
        var expected = Evaluation.Run(direct, env, 3, firstSeed: 11);

        (code, output, error) = Run("eval", path, "-n", "3", "--seed", "11", "--json");                   // loads through the CLI's registry
        Assert.True(code == 0, error);
        var json = CliRunner.LastJsonLine(output);
        Assert.Equal(method, json.GetProperty("algo").GetString());
        Assert.Equal(expected.Returns, json.GetProperty("returns").EnumerateArray().Select(r => r.GetDouble()));
        Assert.Equal(expected.MeanReturn, json.GetProperty("mean_return").GetDouble(), 9);

        string onnx = Path.Combine(run, "policy.onnx");
        (code, _, error) = Run("export", path, onnx);
        Assert.True(code == 0, error);
        Assert.True(new FileInfo(onnx).Length > 0);
    }

    [Theory]
    [InlineData("--resume", "somewhere")]
    [InlineData("--checkpoint-freq", "1000")]
    [InlineData("--checkpoint-freq", "0")]
    [InlineData("--keep-checkpoints", "3")]
    public void CheckpointOptions_AreRejected_NamingTheOptionAndWhy(string option, string value)
    {
        var (code, _, error) = Run("train", "cem", "CartPole-v1", option, value, "--runs", _root.Path);
        Assert.Equal(1, code);
        Assert.Contains($"{option} is not available for cem", error);
        Assert.Contains("not the search method's own state", error);
        Assert.Empty(Directory.GetDirectories(_root.Path));                                                  // rejected before a run starts
    }

    [Fact]
    public void Help_ShowsPolicy_AndSaysThereIsNoResume()
    {
        var (code, output, _) = Run("train", "es", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--policy", output);
        Assert.Contains("linear or mlp:W[,W...]", output);
        Assert.Contains("No --resume or checkpoints", output);
        Assert.DoesNotContain("--checkpoint-freq", output);
        Assert.DoesNotContain("--policy", Run("train", "ppo", "--help").Output);
    }

    [Fact]
    public void TrainCmaEs_Json_EndsWithTheResultLine()
    {
        var (code, output, error) = Run("train", "cmaes", "Pendulum-v1", "--steps", "4000", "--seed", "1", "--json", "--runs", _root.Path, "--eval-episodes", "0");
        Assert.True(code == 0, error);
        var r = CliRunner.LastJsonLine(output);
        Assert.Equal("cmaes", r.GetProperty("algo").GetString());
        Assert.True(r.GetProperty("steps").GetInt64() >= 4000);
        Assert.Contains("  gen 1  ", error); // with --json the progress goes to standard error
    }

    [Fact]
    public void EveryMethod_IsASubcommand_WithItsOptions()
    {
        foreach (var method in PolicySearchMethods.All)
        {
            var (code, output, error) = Run("train", method.Name, "--list-options");
            Assert.True(code == 0, error);
            Assert.Contains("episodes_per_candidate", output);
            Assert.Contains("common_random_numbers", output);
        }
        Assert.Contains("n_delta", Run("train", "ars", "--list-options").Output);
        Assert.Contains("elite_fraction", Run("train", "cem", "--list-options").Output);
    }

    [Fact]
    public void BadInput_IsAUserError_NamingTheKey()
    {
        var (code, _, error) = Run("train", "cem", "CartPole-v1", "--set", "elite_fraction=2", "--runs", _root.Path);
        Assert.Equal(1, code);
        Assert.Contains("elite_fraction", error);
        (code, _, error) = Run("train", "es", "CartPole-v1", "--policy", "mlp:x", "--runs", _root.Path);
        Assert.Equal(1, code);
        Assert.Contains("policy", error);
    }

    [Fact]
    public void BenchPolicySearch_ReportsStepsToThreshold_AndTheFinalEvaluation()
    {
        var (code, output, error) = Run("bench", "policy-search", "ars", "CartPole-v1", "--seed", "1", "--steps", "20000", "--eval-episodes", "5", "--final-episodes", "10", "--json");
        Assert.True(code == 0, error);
        var r = CliRunner.LastJsonLine(output);
        Assert.Equal(475, r.GetProperty("threshold").GetDouble());
        Assert.True(r.GetProperty("reached").GetBoolean());
        Assert.True(r.GetProperty("steps_to_threshold").GetInt64() <= r.GetProperty("steps").GetInt64());
        Assert.Equal(10, r.GetProperty("final_episodes").GetInt32());
        Assert.Equal("linear", r.GetProperty("policy").GetString());
    }
}
