using Ascent.Algorithms;
using Ascent.Algorithms.GradientFree;
using Ascent.Environments;
using Ascent.Io.Config;
using Ascent.Io.Plotting;
using Ascent.Numerics;
using Ascent.Search;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;
using Evaluation = Ascent.Training.Evaluation;

namespace Ascent.Tests.Docs;

/// <summary>
/// The C# examples of the documentation, as written there (placeholders given small values), so a renamed or
/// re-signatured public member breaks a test instead of silently breaking the docs. Each test names its page.
/// </summary>
public sealed class DocSnippetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ascent-doc-snippets-").FullName;
    private readonly string _previousDirectory = Environment.CurrentDirectory;

    public DocSnippetTests() => Environment.CurrentDirectory = _dir;

    public void Dispose()
    {
        Environment.CurrentDirectory = _previousDirectory;
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void EnvironmentsMd_StepLoop_EndsAnEpisode()
    {
        int steps = 0;
        using var env = Envs.Make("CartPole-v1");          // CartPoleEnv inside TimeLimit(500), like gymnasium.make
        var (obs, info) = env.Reset(seed: 42);             // obs: float[4], owned by the env
        while (true)
        {
            var r = env.Step(action: 1);                   // (Observation, Reward, Terminated, Truncated, Info)
            steps++;
            if (r.Terminated || r.Truncated) break;
        }
        Assert.Equal(4, obs.Length);
        Assert.InRange(steps, 1, 500);
    }

    [Fact]
    public void EnvironmentsMd_VectorEnv_StepsEveryEnv()
    {
        var rng = new Rng(0);
        using var vec = Envs.MakeVector("CartPole-v1", numEnvs: 1024);   // batched struct-of-arrays CartPole
        vec.Reset(seed: 0);                                               // env i seeded with 0 + i
        var actions = new float[vec.NumEnvs * vec.ActionSize];
        vec.SampleActions(rng, actions);
        vec.Step(actions);
        Assert.Equal(1024 * 4, vec.Observations.Length);
        Assert.Equal(1024, vec.Rewards.Length);
        Assert.Equal(1024, vec.Terminated.Length);
        Assert.Equal(1024, vec.Truncated.Length);
    }

    [Fact]
    public void HyperparametersMd_Binding_AppliesSetAfterTheSection()
    {
        string runDir = _dir;
        var file = HyperparameterFile.Load(TestData.Path("zoo", "ppo-excerpt.yml"));   // the page loads hyperparams/ppo.yml
        var options = OptionsBinder.Bind<PpoOptions>(file.Get("CartPole-v1"), ["n_envs=4", "policy_kwargs.ortho_init=false"]);
        File.WriteAllText(Path.Combine(runDir, "config.yaml"), OptionsBinder.ToYaml(options, "CartPole-v1", "ascent train ppo CartPole-v1"));

        Assert.Equal(4, options.OnPolicy.NEnvs);
        Assert.False(options.OnPolicy.PolicyKwargs.OrthoInit);
        var back = OptionsBinder.Bind<PpoOptions>(HyperparameterFile.Load(Path.Combine(runDir, "config.yaml")).Get("CartPole-v1"));
        Assert.Equal(OptionsBinder.ToYaml(options, "CartPole-v1"), OptionsBinder.ToYaml(back, "CartPole-v1"));
    }

    [Fact]
    public void LoggingMd_Logger_WritesEveryFileOfARunDirectory()
    {
        string runDir = _dir;
        double valueLoss = 0.5, klOfThisMinibatch = 0.01;
        long totalSteps = 2048;
        using (var logger = Logger.ForRunDirectory(runDir, console: TextWriter.Null))   // the page passes Console.Out
        {
            logger.Record(LogKeys.ValueLoss, valueLoss);
            logger.RecordMean(LogKeys.ApproxKl, klOfThisMinibatch);
            logger.RecordMean(LogKeys.ApproxKl, 3 * klOfThisMinibatch);
            logger.Record(LogKeys.TotalTimesteps, totalSteps);
            logger.Dump(totalSteps);
        }
        string[] csv = File.ReadAllLines(Path.Combine(runDir, "progress.csv"));
        Assert.Equal("train/value_loss,train/approx_kl,time/total_timesteps", csv[0]);
        Assert.Equal("0.5,0.02,2048", csv[1]);
        Assert.Single(File.ReadAllLines(Path.Combine(runDir, "progress.jsonl")));
        Assert.Single(Directory.GetFiles(runDir, "events.out.tfevents.*"));
    }

    [Fact]
    public void LoggingMd_Charts_SaveSvgAndCsv()
    {
        double[] steps = [0, 1, 2], mean = [1, 2, 3], std = [0.1, 0.2, 0.3], returns = [1, 3, 2];
        double[] xs = steps, ys = mean, lo = [0, 1, 2], hi = [2, 3, 4], evalSteps = [1, 2], evalReturns = [2, 4];
        var chart = new LineChart { Title = "CartPole-v1", XLabel = "environment steps", YLabel = "return",
                                    Caption = "Mean ± std over 5 seeds." }
            .AddMeanStd("PPO", steps, mean, std)                 // a line with a shaded ± std band
            .AddSeries("A2C", steps, returns, style: new SeriesStyle { Dashed = true })
            .AddSeries("bounds", xs, ys, lower: lo, upper: hi)   // any band
            .AddScatter("evaluations", evalSteps, evalReturns)
            .AddReferenceLine(500, "v*(s0) = 500");
        chart.SaveSvg("fig.svg");
        chart.SaveCsv("fig.csv");                                // the data behind the figure

        var bars = new BarChart("CartPole-v1", "Acrobot-v1") { Title = "Final return", YLabel = "return" }
            .AddSeries("PPO", [487, -81], errors: [12, 6])
            .AddSeries("A2C", [402, -93], errors: [40, 11]);
        bars.SaveSvg("bars.svg");

        Assert.StartsWith("series,kind,x,y,y_lower,y_upper", File.ReadAllText("fig.csv"));
        Assert.Contains("<svg", File.ReadAllText("fig.svg"));
        Assert.Contains("<svg", File.ReadAllText("bars.svg"));
    }

    [Fact]
    public void SearchMd_AskTell_MinimisesASphere()
    {
        double[] start = [1, 1, 1, 1, 1];
        double Sphere(ReadOnlySpan<double> x) { double s = 0; foreach (double v in x) s += v * v; return s; }
        double[] Evaluate(Population p)
        {
            var f = new double[p.Count];
            for (int k = 0; k < p.Count; k++) f[k] = -Sphere(p[k]);   // fitness is maximised
            return f;
        }

        var method = new CovarianceMatrixAdaptation(start, new CmaEsOptions { InitialStepSize = 0.5 }, seed: 1);
        while (method.Generation < 200)
        {
            Population candidates = method.Ask();      // the generation's parameter vectors
            double[] fitness = Evaluate(candidates);   // by anyone, anywhere, in any order
            method.Tell(fitness);                      // the method's update
        }
        Assert.True(Sphere(method.Current) < 1e-8, $"f(Current) = {Sphere(method.Current)}");
        Assert.True(method.BestFitness > -1e-8);
    }

    [Fact]
    public void SearchMd_OutOfRangeOption_NamesTheOptionAndTheRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CrossEntropyMethod([0.0, 0.0], new CrossEntropyMethodOptions { EliteFraction = 1.5 }, seed: 3));
        Assert.Equal("CrossEntropyMethodOptions.EliteFraction", ex.ParamName);
        Assert.Contains("= 1.5 is out of range: it must be in (0, 1].", ex.Message);
    }

    [Fact]
    public void SearchMd_Cem_LearnsSavesAndLoads()
    {
        var observation = new float[4];
        var action = new float[1];
        using var cem = new Cem("linear", "CartPole-v1", new()             // = new PolicySearch<CrossEntropyMethodOptions>(…)
        {
            Search = new() { Seed = 1, EpisodesPerCandidate = 1, NThreads = 1 },   // the page leaves the threads to all cores
            Method = new() { PopulationSize = 40, EliteFraction = 0.1, InitialStd = 1 },
        });
        SearchResult result = cem.Run(new SearchBudget { MaxSteps = 5_000 }, g => Assert.True(g.Generation >= 0));
        cem.Predict(observation, action);                  // the current solution, deterministic
        var evaluation = Evaluation.Run(cem, Envs.Make("CartPole-v1"), 3);
        cem.Save("cem.zip");                               // Cem.Load, or PolicySearchMethods.Load for any method

        using var loaded = Cem.Load("cem.zip");
        using var any = PolicySearchMethods.Load("cem.zip");
        Assert.True(result.Steps >= 5_000);
        Assert.Equal(3, evaluation.Returns.Count);
        float[] saved = new float[cem.Policy.Parameters.Size], read = new float[loaded.Policy.Parameters.Size];
        cem.Policy.Parameters.CopyValuesTo(saved);
        loaded.Policy.Parameters.CopyValuesTo(read);
        Assert.Equal(saved, read);
    }

    [Fact]
    public void TrainingMd_UsingAModel_TrainsSavesExportsAndResumes()
    {
        var options = new A2cOptions { OnPolicy = new() { NEnvs = 2, NSteps = 8, Seed = 1 } };
        var callback = TrainingCallback.OnEveryStep(context => { context.RequestStop(); return true; });   // stop after one iteration
        var observation = new float[4];
        var action = new float[1];
        using (var model = new A2c("CartPole-v1", options))
        {
            model.Learn(160, callback, logInterval: 100);               // continues counting on every call
            model.Predict(observation, action, deterministic: true);    // raw observations; normalisation applied inside
            model.Save("model.zip");                                    // A2c.Load(path, env?) reads it back
            model.ExportOnnx("policy.onnx");
            Evaluation.Run(model, Envs.Make("CartPole-v1"), episodes: 2);
        }
        using var resumed = A2c.Load("model.zip");
        Assert.Equal(16, resumed.NumTimesteps);
        resumed.ContinueLearning();                 // finishes the interrupted Learn call: same schedules, same target
        Assert.True(File.Exists("policy.onnx"));
        Assert.Equal(160, resumed.NumTimesteps);
        Assert.Equal(0, resumed.RemainingTimesteps);
    }
}
