using Ascent.Algorithms;
using Ascent.Autodiff;
using Ascent.Environments;
using Ascent.Environments.Spaces;
using Ascent.Environments.Vector;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;
using Ascent.Tests.Training.Logging;

namespace Ascent.Tests.Algorithms;

/// <summary>A2C: reproducible, learns, stops cleanly on bad numbers and bad options, saves and loads everything.</summary>
public class A2cTests
{
    private static A2cOptions CartPole(int seed, bool sharedTrunk = false) => new()
    {
        OnPolicy = new A2cOptions().OnPolicy with
        {
            NEnvs = 8, Seed = seed, SharedTrunk = sharedTrunk,
        },
    };

    private static float[] Parameters(BaseAlgorithm model)
    {
        var values = new float[model.Policy.Parameters.Size];
        model.Policy.Parameters.CopyValuesTo(values);
        return values;
    }

    [Fact]
    public void TwoRunsWithTheSameSeed_GiveBitIdenticalParameters()
    {
        float[] Train(int seed)
        {
            using var model = new A2c("CartPole-v1", CartPole(seed));
            model.Learn(4000);
            return Parameters(model);
        }
        var first = Train(7);
        Assert.Equal(first, Train(7));          // exact float equality, element by element
        Assert.NotEqual(first, Train(8));
    }

    [Fact]
    public void LearnsCartPole_WithZooSettings_InAFewThousandUpdates()
    {
        var returns = new List<double>();
        foreach (int seed in new[] { 1, 2, 3 })
        {
            using var model = new A2c("CartPole-v1", CartPole(seed));
            model.Learn(60_000, logInterval: 0);
            returns.Add(model.Episodes.MeanReturn);
        }
        Assert.All(returns, r => Assert.True(r >= 75, $"last-100 returns {string.Join(", ", returns)}; a random policy gets about 22"));
        Assert.True(returns.Average() >= 100, $"last-100 returns {string.Join(", ", returns)}");
    }

    [Fact]
    public void LearnsCartPole_WithASharedTrunk()
    {
        using var model = new A2c("CartPole-v1", CartPole(4, sharedTrunk: true));
        Assert.Contains(model.Policy.Parameters, p => p.Name.StartsWith("trunk.", StringComparison.Ordinal));
        model.Learn(60_000, logInterval: 0);
        Assert.True(model.Episodes.MeanReturn >= 60, $"last-100 return {model.Episodes.MeanReturn}");
    }

    /// <summary>A one-step continuous bandit: observe a target in [−1, 1], reward −(a − target)².</summary>
    private sealed class TargetEnv : Env
    {
        private float _target;
        public override Space ObservationSpace { get; } = new Box(-1f, 1f, 1);
        public override Space ActionSpace { get; } = new Box(-3f, 3f, 1);
        protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation) =>
            observation[0] = _target = (float)NpRandom.Uniform(-1, 1);
        protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
        {
            observation[0] = _target;
            return (-(action[0] - _target) * (action[0] - _target), true, false);
        }
    }

    [Fact]
    public void GaussianPolicy_LearnsAContinuousBandit()
    {
        using var env = new SyncVectorEnv([.. Enumerable.Range(0, 8).Select(_ => (Env)new TargetEnv())]);
        var options = new A2cOptions
        {
            OnPolicy = new A2cOptions().OnPolicy with { NEnvs = 8, Seed = 2, NormalizeAdvantage = true },
            UseRmsProp = false, LearningRate = 3e-3,
        };
        using var model = new A2c(env, options);
        model.Learn(30_000, logInterval: 0);
        Assert.True(model.Episodes.MeanReturn > -0.15, $"last-100 return {model.Episodes.MeanReturn}; σ = 1 at the start gives about −1.3");
        Assert.True(Math.Exp(model.Policy.LogStd!.Value[0]) < 0.5, "the policy should have narrowed");
    }

    [Fact]
    public void Pendulum_WithTheZooSettings_UsesGsdeAndBothNormalisers()
    {
        var options = OptionsBinder.Bind<A2cOptions>(TunedHyperparameters.Section("a2c", "Pendulum-v1"), ["seed=1"]);
        using var model = new A2c("Pendulum-v1", options);
        model.Learn(8 * 8 * 3, logInterval: 0);
        Assert.NotNull(model.ObservationNormalizer);
        Assert.NotNull(model.RewardNormalizer);
        Assert.Equal(0.9, model.RewardNormalizer.Gamma);                  // the algorithm's gamma, as RL Zoo does
        Assert.True(model.ObservationNormalizer.Statistics.Count > 8 * 8 * 3);
        Assert.True(model.Policy.UsesStateDependentNoise);
        Assert.Equal([64, 1], model.Policy.LogStd!.Value.Shape.ToArray());
    }

    [Fact]
    public void Gsde_ImprovesPendulumQuickly_WithTheZooSettings()
    {
        var options = OptionsBinder.Bind<A2cOptions>(TunedHyperparameters.Section("a2c", "Pendulum-v1"), ["seed=2"]);
        using var model = new A2c("Pendulum-v1", options);
        var reached = new StopTrainingOnRewardThreshold(-600, minEpisodes: 50);
        model.Learn(1_000_000, reached, logInterval: 0);                 // the Zoo's budget, so lin_7e-4 decays as in the benchmark
        Assert.True(reached.ReachedAt is <= 500_000, $"the last-50 return reached −600 at {reached.ReachedAt?.ToString() ?? "never"}; a random policy gets about −1200");
    }

    [Fact]
    public void Training_LogsStableBaselinesKeys()
    {
        using var model = new A2c("CartPole-v1", CartPole(1));
        var sink = new DumpRecorder();
        model.Logger = new Logger(sink);
        model.Learn(8 * 5 * 20, logInterval: 10);
        Assert.Equal(2, sink.Dumps.Count);
        foreach (var key in new[] { LogKeys.PolicyGradientLoss, LogKeys.ValueLoss, LogKeys.EntropyLoss, LogKeys.ExplainedVariance, LogKeys.GradNorm,
                     LogKeys.LearningRate, LogKeys.EpisodeRewardMean, LogKeys.Fps, LogKeys.TotalTimesteps, LogKeys.Iterations })
            Assert.True(sink.Dumps[1].ContainsKey(key), key);
        Assert.Equal(800, sink.Dumps[1][LogKeys.TotalTimesteps]);
        Assert.Equal(20, model.Updates);
    }

    [Fact]
    public void ALinearSchedule_DecaysTheLearningRateWithTheBudget()
    {
        using var model = new A2c("CartPole-v1", CartPole(1) with { LearningRate = Schedule.Linear(1e-3) });
        var rates = new List<float>();
        model.Learn(8 * 5 * 10, TrainingCallback.OnEveryStep(c => { rates.Add(((A2c)c.Algorithm).Optimizer.LearningRate); return true; }));
        // The update after rollout k of 10 uses lr·(1 − k/10), as Stable-Baselines3 (the last one 0).
        Assert.Equal(1e-3f, rates[0]);
        Assert.Equal(1e-3 * 0.9, rates[5], 1e-9);          // steps of rollout 2 see the rate the first update used
        Assert.Equal(0f, model.Optimizer.LearningRate);
        Assert.Equal(0.0, model.ProgressRemaining);
    }

    [Fact]
    public void ACallback_CanStopTraining_AndSeesEveryHook()
    {
        using var model = new A2c("CartPole-v1", CartPole(1));
        var hooks = new List<string>();
        var callback = new RecordingCallback(hooks, stopAfterSteps: 13);
        model.Learn(100_000, callback);
        Assert.Equal(13 * 8, model.NumTimesteps);
        Assert.Equal(2, model.Iterations);                  // two full segments of 5 steps, the third stopped after 3 steps
        Assert.Equal("start", hooks[0]);
        Assert.Equal("end", hooks[^1]);
        Assert.Equal(3, hooks.Count(h => h == "rollout-start"));
        Assert.Equal(2, hooks.Count(h => h == "rollout-end"));
    }

    private sealed class RecordingCallback(List<string> hooks, int stopAfterSteps) : TrainingCallback
    {
        private int _steps;
        public override void OnTrainingStart(TrainingContext context) => hooks.Add("start");
        public override void OnRolloutStart(TrainingContext context) => hooks.Add("rollout-start");
        public override bool OnStep(TrainingContext context) => ++_steps < stopAfterSteps;
        public override void OnRolloutEnd(TrainingContext context) => hooks.Add("rollout-end");
        public override void OnTrainingEnd(TrainingContext context) => hooks.Add(context.Stopped ? "end" : "end-not-stopped");
    }

    [Fact]
    public void StopTrainingOnRewardThreshold_StopsWhenTheWindowReachesIt()
    {
        using var model = new A2c("CartPole-v1", CartPole(2));
        var stop = new StopTrainingOnRewardThreshold(60, minEpisodes: 20);
        model.Learn(400_000, stop, logInterval: 0);
        Assert.NotNull(stop.ReachedAt);
        Assert.True(model.Episodes.MeanReturn >= 60);
        Assert.True(model.NumTimesteps < 400_000);
    }

    [Fact]
    public void ANaNLoss_StopsTraining_NamesTheTerm_AndKeepsTheLastGoodParameters()
    {
        using var env = new SyncVectorEnv([new NanRewardEnv(30)]);
        using var model = new A2c(env, new A2cOptions { OnPolicy = new A2cOptions().OnPolicy with { Seed = 1 } });
        var e = Assert.Throws<NonFiniteException>(() => model.Learn(1000, logInterval: 0));
        Assert.Contains("policy-gradient term is NaN", e.Message);
        Assert.Contains("update 7", e.Message);                           // 6 good updates of 5 steps, the 7th segment holds the first NaN reward
        Assert.Equal(6, model.Updates);
        Assert.True(model.Policy.Parameters.ValuesAreFinite());
    }

    [Fact]
    public void AnOptimizerStepThatOverflows_RestoresTheParameters()
    {
        using var model = new A2c("CartPole-v1", CartPole(1) with { LearningRate = 3e38 });
        var before = Parameters(model);          // RMSprop's first step moves weights by about 10·lr: +∞
        var e = Assert.Throws<NonFiniteException>(() => model.Learn(40, logInterval: 0));
        Assert.Contains("made", e.Message);
        Assert.Contains("non-finite", e.Message);
        Assert.Equal(before, Parameters(model));
    }

    [Theory]
    [InlineData("gamma=1.5", "gamma = 1.5", "[0, 1]")]
    [InlineData("gae_lambda=-0.1", "gae_lambda = -0.1", "[0, 1]")]
    [InlineData("n_steps=0", "n_steps = 0", "≥ 1")]
    [InlineData("n_envs=0", "n_envs = 0", "[1, 4096]")]
    [InlineData("ent_coef=-0.01", "ent_coef = -0.01", "≥ 0")]
    [InlineData("vf_coef=-1", "vf_coef = -1", "≥ 0")]
    [InlineData("max_grad_norm=0", "max_grad_norm = 0", "> 0")]
    public void InvalidOptions_AreRejected_NamingTheKeyTheValueAndTheRange(string setting, string named, string range)
    {
        var e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<A2cOptions>(null, [setting]));
        Assert.Contains(named, e.Message);
        Assert.Contains(range, e.Message);
        var key = setting[..setting.IndexOf('=')];
        var options = OptionsBinder.Bind<A2cOptions>();
        var bad = key switch
        {
            "gamma" => options with { OnPolicy = options.OnPolicy with { Gamma = 1.5 } },
            "gae_lambda" => options with { OnPolicy = options.OnPolicy with { GaeLambda = -0.1 } },
            "n_steps" => options with { OnPolicy = options.OnPolicy with { NSteps = 0 } },
            "n_envs" => options with { OnPolicy = options.OnPolicy with { NEnvs = 0 } },
            "ent_coef" => options with { EntCoef = -0.01 },
            "vf_coef" => options with { VfCoef = -1 },
            _ => options with { MaxGradNorm = 0 },
        };
        e = Assert.Throws<ConfigException>(() => new A2c("CartPole-v1", bad));   // options built in code are checked the same way
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void ASegmentTooLarge_AndAnEnvCountMismatch_AreRejected()
    {
        var e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<A2cOptions>(null, ["n_steps=100000", "n_envs=1000"]));
        Assert.Contains("n_steps × n_envs", e.Message);
        using var env = Envs.MakeVector("CartPole-v1", 3);
        var m = Assert.Throws<ArgumentException>(() => new A2c(env, CartPole(1)));
        Assert.Contains("3 envs but n_envs = 8", m.Message);
    }

    [Fact]
    public void SaveAndLoad_RestoreParametersNormalisersOptimizerAndCounters()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ascent-a2c-{Guid.NewGuid():N}.zip");
        try
        {
            var options = OptionsBinder.Bind<A2cOptions>(TunedHyperparameters.Section("a2c", "Pendulum-v1"), ["seed=3", "n_envs=4"]);
            using var model = new A2c("Pendulum-v1", options);
            model.Learn(4 * 16 * 6, logInterval: 0);
            model.Save(path);
            using var loaded = A2c.Load(path);
            Assert.Equal(Parameters(model), Parameters(loaded));
            Assert.Equal(model.Options, loaded.Options);
            Assert.Equal(model.ObservationNormalizer!.Statistics.Mean.ToArray(), loaded.ObservationNormalizer!.Statistics.Mean.ToArray());
            Assert.Equal(model.RewardNormalizer!.Statistics.Variance.ToArray(), loaded.RewardNormalizer!.Statistics.Variance.ToArray());
            Assert.Equal(model.Optimizer.ExportState().Values, loaded.Optimizer.ExportState().Values);
            Assert.Equal(model.NumTimesteps, loaded.NumTimesteps);
            Assert.Equal(model.Updates, loaded.Updates);
            Assert.Equal(model.Collector.Rng.GetState(), loaded.Collector.Rng.GetState());

            float[] observations = [0.3f, -0.9f, 1.5f, -1f, 0f, -7f];
            float[] a = new float[2], b = new float[2];
            model.Predict(observations, 2, a);
            loaded.Predict(observations, 2, b);
            Assert.Equal(a, b);
            Assert.All(a, x => Assert.InRange(x, -2f, 2f));

            loaded.Learn(4 * 8 * 2, logInterval: 0);                      // continues training
            Assert.Equal(model.NumTimesteps + 64, loaded.NumTimesteps);

            using var acrobot = Envs.MakeVector("Acrobot-v1", 4);
            Assert.Throws<IncompatibleModelException>(() => A2c.Load(path, acrobot));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Predict_ShiftsDiscreteActions_AndIsDeterministicByDefault()
    {
        using var model = new A2c("CartPole-v1", CartPole(1));
        float[] obs = [0.01f, 0.2f, -0.03f, -0.1f];
        var a = new float[1]; var b = new float[1];
        model.Predict(obs, a);
        model.Predict(obs, b);
        Assert.Equal(a, b);
        Assert.True(a[0] is 0f or 1f);
        var e = Assert.Throws<ArgumentException>(() => model.Predict(new float[3], a));
        Assert.Contains("3 observation values", e.Message);
    }

    [Fact]
    public void ARunDirectory_HoldsTheConfigTheProgressAndTheMachine()
    {
        string root = Path.Combine(Path.GetTempPath(), $"ascent-runs-{Guid.NewGuid():N}");
        try
        {
            using var model = new A2c("CartPole-v1", CartPole(5));
            string dir = TrainingRun.Start(model, root, "ascent train a2c CartPole-v1 --seed 5");
            model.Learn(8 * 5 * 4, logInterval: 2);
            model.Logger.Dispose();
            Assert.StartsWith("CartPole-v1__a2c__5__", Path.GetFileName(dir));
            var run = Ascent.Io.Reports.RunDirectory.Load(dir);
            Assert.Equal("a2c", run.Algorithm);
            Assert.Equal(5, run.Seed);
            Assert.Contains(LogKeys.TotalTimesteps, run.Progress.ColumnNames);
            var config = HyperparameterFile.Load(Path.Combine(dir, "config.yaml"));
            Assert.Equal(model.Options, OptionsBinder.Bind<A2cOptions>(config.Get("CartPole-v1")));
            Assert.Single(Directory.GetFiles(dir, "events.out.tfevents.*"));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TrainingIterations_AllocateNothing_OnceWarm()
    {
        using var model = new A2c("CartPole-v1", CartPole(1));
        model.Learn(8 * 5 * 300, logInterval: 0);                   // warm-up: shapes seen, episodes ended, buffers grown
        long Allocated(long steps) => AllocationProbe.Steady(() => model.Learn(steps, logInterval: 0));
        long few = Allocated(8 * 5 * 10), many = Allocated(8 * 5 * 410);
        // Per Learn call only (context, closure), none per iteration: 400 more iterations would add ≥ 400 × 24 bytes for
        // even one small object each; the runtime itself may rarely allocate a few bytes on this thread (a one-off cache).
        Assert.True(many - few < 400, $"{many - few} more bytes over 400 more iterations (few: {few}, many: {many})");
    }

    [Fact]
    public void ATrainedModel_DescribesItsDeterministicPathForOnnx()
    {
        var options = OptionsBinder.Bind<A2cOptions>(TunedHyperparameters.Section("a2c", "Pendulum-v1"), ["seed=1", "n_envs=2", "shared_trunk=true", "use_sde=false"]);
        using var model = new A2c("Pendulum-v1", options);
        model.Learn(2 * 8 * 3, logInterval: 0);
        var graph = model.DescribeForOnnx();
        Assert.Equal(["trunk.0", "trunk.1", "pi_head.0"], graph.Layers.Select(l => l.Name));
        Assert.NotNull(graph.Normalization);
        Assert.Equal("a2c", graph.Algorithm);
        Assert.Equal("Pendulum-v1", graph.EnvId);
        Assert.NotEmpty(Ascent.Io.Onnx.OnnxExporter.ToBytes(graph));
    }

    [Fact]
    public void ACheckpointCallback_SavesLoadableModelsAlongTheWay()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ascent-ckpt-{Guid.NewGuid():N}");
        try
        {
            using var model = new A2c("CartPole-v1", CartPole(1));
            var series = new Ascent.Io.CheckpointSeries(dir, keep: 2);
            model.Learn(8 * 5 * 30, new CheckpointCallback(series, everySteps: 400), logInterval: 0);
            var saved = series.List();
            Assert.Equal(2, saved.Count);                                    // older ones pruned
            Assert.Equal([1200L, 800L], saved.Select(c => c.Step));        // newest first; the last one is the save at the end of training
            using var last = A2c.Load(saved[0].Path);
            Assert.Equal(Parameters(model), Parameters(last));
            Assert.Equal(1200, last.NumTimesteps);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
