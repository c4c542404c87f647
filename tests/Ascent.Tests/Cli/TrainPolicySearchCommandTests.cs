using System.CommandLine;
using System.Text.Json;
using Ascent.Algorithms.GradientFree;
using Ascent.Cli;

namespace Ascent.Tests.Cli;

/// <summary><c>ascent train cem|cmaes|…</c> and <c>ascent bench policy-search</c>, run in-process.</summary>
public sealed class TrainPolicySearchCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ascent-search-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void TrainCem_PrintsALinePerGeneration_WritesARunDirectory_AndALoadableModel()
    {
        var (code, output, error) = Run("train", "cem", "CartPole-v1", "--steps", "3000", "--seed", "2", "--policy", "mlp:4", "--runs", _root, "--eval-episodes", "2");
        Assert.True(code == 0, error);
        Assert.Contains("cem on CartPole-v1, seed 2, 3,000 steps (hyperparams/cem.yml)", output);
        var generations = output.Split('\n').Where(l => l.StartsWith("gen ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(generations);
        Assert.All(generations, l => Assert.Matches(@"^gen \d+  steps \d+/\d+ \(\d+%\)  best -?[\d.]+  mean -?[\d.]+  std [\d.]+  σ ", l));
        Assert.Contains("deterministic evaluation:", output);
        string runDir = Directory.GetDirectories(_root).Single();
        Assert.StartsWith("CartPole-v1__cem__2__", Path.GetFileName(runDir));
        string config = File.ReadAllText(Path.Combine(runDir, "config.yaml"));
        Assert.Contains("policy: 'mlp:4'", config);
        Assert.Contains("population_size: 40", config); // the shipped tuned section
        Assert.Contains("search/gen_best", File.ReadAllText(Path.Combine(runDir, "progress.csv")));
        using var model = PolicySearchMethods.Load(Path.Combine(runDir, "model.zip"));
        Assert.Equal("mlp:4", model.Settings.Policy);
        Assert.Equal(4 * 4 + 4 + 4 * 2 + 2, model.Dimension);
    }

    [Fact]
    public void TrainCmaEs_Json_EndsWithTheResultLine()
    {
        var (code, output, error) = Run("train", "cmaes", "Pendulum-v1", "--steps", "4000", "--seed", "1", "--json", "--runs", _root);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        Assert.Equal("cmaes", r.GetProperty("algo").GetString());
        Assert.True(r.GetProperty("steps").GetInt64() >= 4000);
        Assert.Contains("gen 1 ", error); // with --json the progress goes to standard error
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
        var (code, _, error) = Run("train", "cem", "CartPole-v1", "--set", "elite_fraction=2", "--runs", _root);
        Assert.Equal(1, code);
        Assert.Contains("elite_fraction", error);
        (code, _, error) = Run("train", "es", "CartPole-v1", "--policy", "mlp:x", "--runs", _root);
        Assert.Equal(1, code);
        Assert.Contains("policy", error);
    }

    [Fact]
    public void BenchPolicySearch_ReportsStepsToThreshold_AndTheFinalEvaluation()
    {
        var (code, output, error) = Run("bench", "policy-search", "ars", "CartPole-v1", "--seed", "1", "--steps", "20000", "--eval-episodes", "5", "--final-episodes", "10", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        Assert.Equal(475, r.GetProperty("threshold").GetDouble());
        Assert.True(r.GetProperty("reached").GetBoolean());
        Assert.True(r.GetProperty("steps_to_threshold").GetInt64() <= r.GetProperty("steps").GetInt64());
        Assert.Equal(10, r.GetProperty("final_episodes").GetInt32());
    }
}
