using Ascent.Algorithms.GradientFree;
using Ascent.Environments;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Search;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;
using PolicyEvaluation = Ascent.Training.Evaluation;

namespace Ascent.Tests.Algorithms;

/// <summary>Gradient-free policy search as a model: learns, is reproducible on any number of threads, saves and loads, rejects bad options.</summary>
public class PolicySearchTests
{
    /// <summary>The method's model with the shipped tuned settings for <paramref name="env"/> and the given overrides.</summary>
    private static PolicySearch Tuned(string method, string env, params string[] overrides) =>
        PolicySearchMethods.Find(method).Create(env, TunedHyperparameters.Section(method, env), overrides);

    private static float[] Parameters(BaseAlgorithm model)
    {
        var values = new float[model.Policy.Parameters.Size];
        model.Policy.Parameters.CopyValuesTo(values);
        return values;
    }

    /// <summary>Runs until the current solution's 20-episode evaluation reaches <paramref name="threshold"/> or the budget ends; returns the steps then (null: never).</summary>
    private static long? StepsToThreshold(PolicySearch model, long budget, double threshold, int evaluateEvery = 1)
    {
        long? reached = null;
        using var stop = new CancellationTokenSource();
        model.Run(SearchBudget.Steps(budget), g =>
        {
            if (g.Generation % evaluateEvery != 0 || model.EvaluateCurrent(20).MeanReturn < threshold) return;
            reached = model.NumTimesteps;
            stop.Cancel();
        }, stop.Token);
        return reached;
    }

    [Theory]
    [InlineData("cem", 1)]
    [InlineData("cem", 2)]
    [InlineData("cmaes", 1)]
    [InlineData("cmaes", 2)]
    [InlineData("es", 1)]
    [InlineData("es", 2)]
    [InlineData("ars", 1)]
    [InlineData("ars", 2)]
    public void LinearPolicy_OnCartPole_Reaches475_Within50kSteps(string method, int seed)
    {
        using var model = Tuned(method, "CartPole-v1", $"seed={seed}");
        Assert.Equal("linear", model.Settings.Policy);
        long? steps = StepsToThreshold(model, 50_000, 475);
        Assert.True(steps is <= 50_000, $"{method} seed {seed}: the current solution's evaluation did not reach 475 within 50k steps (last generation: {model.LastGeneration}).");
    }

    /// <summary>Each method under its short name (<c>new Cem(policy, env, options)</c>), seeded and run briefly with defaults.</summary>
    private static PolicySearch Named(string method, PolicySearchSettings s) => method switch
    {
        "cem" => new Cem("linear", "CartPole-v1", new() { Search = s }),
        "cmaes" => new CmaEs("linear", "CartPole-v1", new() { Search = s }),
        "es" => new Es("linear", "CartPole-v1", new() { Search = s }),
        "ars" => new Ars("linear", "CartPole-v1", new() { Search = s }),
        "ga" => new Ga("linear", "CartPole-v1", new() { Search = s }),
        "hill" => new HillClimber("linear", "CartPole-v1", new() { Search = s }),
        "nelder-mead" => new NelderMeadSearch("linear", "CartPole-v1", new() { Search = s }),
        "fd" => new FiniteDifferenceSearch("linear", "CartPole-v1", new() { Search = s }),
        "kohl-stone" => new KohlStone("linear", "CartPole-v1", new() { Search = s }),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "no short name"),
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryMethod_HasAShortName_ThatIsExactlyItsPolicySearch(string method)
    {
        var settings = new PolicySearchSettings { Seed = 4, NThreads = 1 };
        using var named = Named(method, settings);
        using var generic = PolicySearchMethods.Find(method).Create("CartPole-v1", null, ["seed=4", "n_threads=1"]);
        Assert.Equal(method, named.AlgorithmName);
        Assert.Equal(generic.GetType(), named.GetType().BaseType);
        named.Run(SearchBudget.Steps(3_000));
        generic.Run(SearchBudget.Steps(3_000));
        Assert.Equal(generic.NumTimesteps, named.NumTimesteps);
        Assert.Equal(Parameters(generic), Parameters(named));
    }

    [Fact]
    public void Cem_AsTheIssueWritesIt_ReachesTheThreshold_AndItsFileLoadsBack()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ascent-cem-{Guid.NewGuid():N}.zip");
        try
        {
            var options = OptionsBinder.Bind<PolicySearchOptions<CrossEntropyMethodOptions>>(TunedHyperparameters.Section("cem", "CartPole-v1"), ["seed=1"]);
            using var cem = new Cem("linear", "CartPole-v1", options);
            Assert.True(StepsToThreshold(cem, 50_000, 475) is <= 50_000, $"CEM with hyperparams/cem.yml: {cem.LastGeneration}");
            cem.Save(path);
            using var loaded = Cem.Load(path);
            Assert.Equal(Parameters(cem), Parameters(loaded));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CmaEs_SmallMlp_OnPendulum_LeavesTheRandomPolicyFarBehind_Within300kSteps()
    {
        // A random policy scores about −1200; the benchmark (2M steps) reaches ≥ −300. Here: better than −800 within 300k steps.
        foreach (int seed in new[] { 1, 2 })
        {
            using var model = Tuned("cmaes", "Pendulum-v1", $"seed={seed}");
            Assert.Equal(81, model.Dimension); // 3·16 + 16 + 16·1 + 1
            Assert.True(StepsToThreshold(model, 300_000, -800, evaluateEvery: 3) is not null, $"seed {seed}: {model.LastGeneration}");
        }
    }

    public static TheoryData<string> Methods() => [.. PolicySearchMethods.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryMethod_GivesIdenticalResults_SerialAndParallel(string method)
    {
        (float[] Parameters, long Steps, double MeanReturn) RunWith(int threads)
        {
            using var model = PolicySearchMethods.Find(method).Create("CartPole-v1", null, ["seed=5", $"n_threads={threads}", "max_episode_steps=200"]);
            model.Run(SearchBudget.Generations(3));
            return (Parameters(model), model.NumTimesteps, model.Episodes.MeanReturn);
        }
        var serial = RunWith(1);
        var parallel = RunWith(3);
        Assert.Equal(serial.Parameters, parallel.Parameters);
        Assert.Equal(serial.Steps, parallel.Steps);
        Assert.Equal(serial.MeanReturn, parallel.MeanReturn);
        Assert.True(serial.Steps > 0);
    }

    [Fact]
    public void TheModel_HoldsTheMethodsCurrentSolution_AndCountsEveryCandidateStep()
    {
        using var model = new PolicySearch<CmaEsOptions>("linear", "CartPole-v1", new() { Search = new() { Seed = 3, EpisodesPerCandidate = 2 } });
        var start = Parameters(model);
        var result = model.Run(SearchBudget.Generations(4));
        var searched = SearchPolicyArchitecture.SearchedParameters(model.Policy);
        var values = new float[searched.Size];
        searched.CopyValuesTo(values);
        Assert.Equal(result.Current.Select(v => (float)v).ToArray(), values);
        Assert.NotEqual(start, Parameters(model));
        Assert.Equal(result.Steps, model.NumTimesteps);
        Assert.Equal(4, model.Iterations);
        Assert.Equal(4L * 10 * 2, model.Episodes.TotalEpisodes); // λ = 10 candidates × K = 2 episodes per generation
    }

    [Fact]
    public void Predict_ReplaysTheObjectivesEpisode_WithTheSameNormalisation()
    {
        using var model = Tuned("ars", "CartPole-v1", "seed=4");
        Assert.NotNull(model.ObservationNormalizer); // ARS V2
        model.Run(SearchBudget.Generations(5));
        var theta = model.Method.Current.ToArray();
        using var worker = model.Objective.CreateWorker();
        using var env = Envs.Make("CartPole-v1");
        for (int seed = 0; seed < 3; seed++)
        {
            var episode = worker.Evaluate(theta, new EvaluationContext(0, 0, 0, seed));
            var replay = PolicyEvaluation.Run(model, env, 1, firstSeed: seed);
            Assert.Equal(episode.Fitness, replay.Returns[0]);
            Assert.Equal(episode.Steps, replay.Lengths[0]);
        }
    }

    [Fact]
    public void SaveAndLoad_RestoreThePolicyTheNormaliserTheOptionsAndTheCounters()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ascent-search-{Guid.NewGuid():N}.zip");
        try
        {
            using var model = Tuned("ars", "CartPole-v1", "seed=6", "n_top=4");
            model.Learn(5_000);
            model.Save(path);
            using var loaded = PolicySearchMethods.Load(path);
            Assert.IsType<PolicySearch<AugmentedRandomSearchOptions>>(loaded);
            Assert.Equal("ars", loaded.AlgorithmName);
            Assert.Equal(model.OptionSettings(), loaded.OptionSettings());
            Assert.Equal(Parameters(model), Parameters(loaded));
            Assert.Equal(model.NumTimesteps, loaded.NumTimesteps);
            Assert.Equal(model.Iterations, loaded.Iterations);
            Assert.Equal(model.Objective.Normalizer!.Totals.Count, loaded.Objective.Normalizer!.Totals.Count);
            Assert.Equal(model.Objective.Normalizer.Totals.Mean.ToArray(), loaded.Objective.Normalizer.Totals.Mean.ToArray());
            var rng = new Ascent.Numerics.Rng(1);
            var observation = new float[4];
            float[] a = new float[1], b = new float[1];
            for (int i = 0; i < 50; i++)
            {
                for (int j = 0; j < 4; j++) observation[j] = (float)rng.Normal(0, 1);
                model.Predict(observation, a);
                loaded.Predict(observation, b);
                Assert.Equal(a, b);
            }
            Assert.Equal(PolicyEvaluation.Run(model, Envs.Make("CartPole-v1"), 5).Returns, PolicyEvaluation.Run(loaded, Envs.Make("CartPole-v1"), 5).Returns);

            // Training on after loading starts a new search from the saved policy, and keeps counting.
            loaded.Learn(2_000);
            Assert.True(loaded.NumTimesteps >= model.NumTimesteps + 2_000);
            Assert.Throws<IncompatibleModelException>(() => PolicySearch<CmaEsOptions>.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ExportOnnx_DescribesTheSearchedPolicy_WithItsNormalisation()
    {
        using var model = Tuned("ars", "CartPole-v1", "seed=1");
        model.Run(SearchBudget.Generations(2));
        var graph = model.DescribeForOnnx();
        Assert.Equal("ars", graph.Algorithm);
        Assert.NotNull(graph.Normalization);
        Assert.Equal(double.PositiveInfinity, graph.Normalization!.Clip);
        Assert.NotEmpty(Ascent.Io.Onnx.OnnxExporter.ToBytes(graph));
    }

    [Fact]
    public void Learn_CallsTheCallbackOncePerGeneration_LogsTheGeneration_AndStopsWhenAsked()
    {
        using var model = new PolicySearch<CrossEntropyMethodOptions>("CartPole-v1", new() { Search = new() { Seed = 2, EvalEpisodes = 3 }, Method = new() { PopulationSize = 10 } });
        var recording = new RecordingCallback(stopAfter: 4);
        model.Learn(1_000_000, recording);
        Assert.Equal(4, model.Iterations);
        Assert.Equal([1, 4, 4, 4, 1], [recording.Starts, recording.RolloutStarts, recording.RolloutEnds, recording.Steps, recording.Ends]);
        Assert.True(model.LastEvaluation is { Returns.Count: 3 });
        Assert.True(model.SearchSeconds > 0);
    }

    [Fact]
    public void Logger_RecordsTheGenerationStatistics()
    {
        using var model = new PolicySearch<CrossEntropyMethodOptions>("CartPole-v1", new() { Search = new() { Seed = 2 }, Method = new() { PopulationSize = 8 } });
        var values = new List<double>();
        model.Run(SearchBudget.Generations(1), _ =>
        {
            values.Add(model.Logger.ValueOf(SearchLogKeys.GenerationBest));
            values.Add(model.Logger.ValueOf(SearchLogKeys.Candidates));
        });
        Assert.Equal(model.LastGeneration!.Value.Best, values[0]);
        Assert.Equal(8, values[1]);
    }

    [Theory]
    [InlineData("cem", "population_size=1", "population_size")]
    [InlineData("cem", "elite_fraction=0", "elite_fraction")]
    [InlineData("cem", "elite_fraction=1.5", "elite_fraction")]
    [InlineData("cmaes", "initial_step_size=0", "initial_step_size")]
    [InlineData("es", "noise_std=-0.1", "noise_std")]
    [InlineData("es", "population_size=7", "population_size")]
    [InlineData("ars", "n_top=9", "n_top")]
    [InlineData("ga", "population_size=1", "population_size")]
    [InlineData("hill", "initial_step_size=0", "initial_step_size")]
    [InlineData("cem", "policy=mlp:0", "policy")]
    [InlineData("cem", "policy=tree", "policy")]
    public void BadOptions_AreRejected_NamingTheKey(string method, string setting, string key)
    {
        var e = Assert.Throws<ConfigException>(() => PolicySearchMethods.Find(method).Create("CartPole-v1", null, [setting]));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void OptionsBuiltInCode_AreCheckedLikeTheCommandLine()
    {
        Assert.Throws<ConfigException>(() => new PolicySearch<CrossEntropyMethodOptions>("CartPole-v1", new() { Method = new() { EliteFraction = 0 } }));
        Assert.Throws<ConfigException>(() => new PolicySearch<EvolutionStrategiesOptions>("CartPole-v1", new() { Method = new() { NoiseStd = 0 } }));
        Assert.Throws<ArgumentException>(() => new PolicySearch<CmaEsOptions>("CartPole-v2"));
    }

    private sealed class RecordingCallback(int stopAfter) : TrainingCallback
    {
        public int Starts, RolloutStarts, RolloutEnds, Steps, Ends;

        public override void OnTrainingStart(TrainingContext context) => Starts++;
        public override void OnRolloutStart(TrainingContext context) => RolloutStarts++;
        public override void OnRolloutEnd(TrainingContext context) => RolloutEnds++;
        public override bool OnStep(TrainingContext context) => ++Steps < stopAfter;
        public override void OnTrainingEnd(TrainingContext context) => Ends++;
    }
}
