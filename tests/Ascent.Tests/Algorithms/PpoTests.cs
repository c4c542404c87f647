using Ascent.Algorithms;
using Ascent.Environments;
using Ascent.Environments.Spaces;
using Ascent.Environments.Vector;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;

namespace Ascent.Tests.Algorithms;

/// <summary>PPO-clip: exact first ratio, reproducible, learns, early-stops on KL, rejects bad options, saves and loads.</summary>
public class PpoTests
{
    /// <summary>RL Zoo's CartPole-v1 settings with a seed.</summary>
    private static PpoOptions ZooCartPole(int seed, params string[] overrides) =>
        OptionsBinder.Bind<PpoOptions>(TunedHyperparameters.Section("ppo", "CartPole-v1"), [$"seed={seed}", .. overrides]);

    private static float[] Parameters(BaseAlgorithm model)
    {
        var values = new float[model.Policy.Parameters.Size];
        model.Policy.Parameters.CopyValuesTo(values);
        return values;
    }

    /// <summary>Records <see cref="Ppo.FirstRatioDeviation"/> after every update.</summary>
    private sealed class FirstRatios : TrainingCallback
    {
        public List<double> Deviations { get; } = [];
        public override void OnRolloutStart(TrainingContext context) { if (context.Algorithm.Updates > 0) Deviations.Add(((Ppo)context.Algorithm).FirstRatioDeviation); }
        public override void OnTrainingEnd(TrainingContext context) => Deviations.Add(((Ppo)context.Algorithm).FirstRatioDeviation);
    }

    [Theory]
    [InlineData("CartPole-v1", "")]
    [InlineData("CartPole-v1", "shared_trunk=true")]
    [InlineData("Pendulum-v1", "")]
    [InlineData("Pendulum-v1", "use_sde=true")]
    [InlineData("Acrobot-v1", "normalize=true")]
    [InlineData("CartPole-v1", "n_envs=1 n_steps=256")]
    public void TheRatio_IsExactlyOne_OnTheFirstMinibatchOfTheFirstEpoch(string env, string extra)
    {
        string[] overrides = ["seed=3", "batch_size=64", "n_epochs=3", "learning_rate=1e-3", .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        bool oneEnv = extra.StartsWith("n_envs=1", StringComparison.Ordinal);
        if (!oneEnv) overrides = [.. overrides, "n_envs=4", "n_steps=64"];
        using var model = new Ppo(env, OptionsBinder.Bind<PpoOptions>(null, overrides));
        // The rollout's log-probabilities stand in for π_old's where the shapes give them bit for bit (categorical, 4 envs,
        // minibatches of 64); one environment per step sums the GEMMs in another order, so the tape re-evaluates them.
        Assert.Equal(!env.StartsWith("Pendulum", StringComparison.Ordinal) && !oneEnv, model.RolloutLogProbsAreExact);
        var ratios = new FirstRatios();
        model.Learn(4 * 64 * 5, ratios, logInterval: 0);
        Assert.Equal(5, ratios.Deviations.Count);
        Assert.All(ratios.Deviations, d => Assert.Equal(0.0, d));                 // exactly: log π_θ − log π_old = 0 bit for bit
        Assert.Equal(5 * 3 * 4, model.Updates);                                    // 4 minibatches × 3 epochs × 5 updates
        Assert.Equal(model.RolloutLogProbsAreExact, model.OldPolicySeconds == 0);
    }

    [Fact]
    public void TwoRunsWithTheSameSeed_GiveBitIdenticalParameters()
    {
        float[] Train(int seed)
        {
            using var model = new Ppo("CartPole-v1", ZooCartPole(seed));
            model.Learn(8 * 32 * 4, logInterval: 0);
            return Parameters(model);
        }
        var first = Train(7);
        Assert.Equal(first, Train(7));
        Assert.NotEqual(first, Train(8));
    }

    [Theory]
    [InlineData("CartPole-v1", "batch_size=100")]
    [InlineData("Pendulum-v1", "clip_range_vf=0.2")]
    public void TwoUpdateThreads_GiveBitIdenticalResults(string env, string extra)
    {
        float[] Train(int threads)
        {
            using var model = new Ppo(env, OptionsBinder.Bind<PpoOptions>(null, ["seed=5", "n_envs=4", "n_steps=64", "n_epochs=3", extra, $"update_threads={threads}"]));
            model.Learn(4 * 64 * 4, logInterval: 0);
            return Parameters(model);
        }
        Assert.Equal(Train(1), Train(2));
        var e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<PpoOptions>(null, ["update_threads=2", "shared_trunk=true"]));
        Assert.Contains("update_threads = 2 needs separate actor and critic networks", e.Message);
    }

    [Fact]
    public void LearnsCartPole_WithTheZooSettings()
    {
        var returns = new List<double>();
        foreach (int seed in new[] { 1, 2 })
        {
            using var model = new Ppo("CartPole-v1", ZooCartPole(seed));
            model.Learn(40_000, logInterval: 0);
            returns.Add(model.Episodes.MeanReturn);
        }
        Assert.All(returns, r => Assert.True(r >= 150, $"last-100 returns {string.Join(", ", returns)} after 40k steps; a random policy gets about 22"));
    }

    [Fact]
    public void TargetKl_StopsTheUpdateAtTheFirstMinibatchAboveOnePointFiveTimesIt()
    {
        using var model = new Ppo("CartPole-v1", ZooCartPole(1, "batch_size=64", "learning_rate=1e-3", "target_kl=1e-9"));   // constant rate: lin_ would be 0 for the only update
        model.Learn(8 * 32, logInterval: 0);
        // The first minibatch has KL exactly 0 (ratio 1), so it steps; the second sees the moved policy and stops.
        Assert.Equal(1, model.Updates);
        Assert.Equal(1, model.LastEpochs);

        using var unlimited = new Ppo("CartPole-v1", ZooCartPole(1, "batch_size=64"));
        unlimited.Learn(8 * 32, logInterval: 0);
        Assert.Equal(20 * 4, unlimited.Updates);
        Assert.Equal(20, unlimited.LastEpochs);
    }

    [Fact]
    public void AMinibatchSizeThatDoesNotDivideTheSegment_IsNoted_AndEveryRowIsUsed()
    {
        using var model = new Ppo("CartPole-v1", ZooCartPole(1, "batch_size=100", "n_epochs=2"));
        Assert.Equal(3, model.Minibatches.Count);                                       // 256 rows: 100, 100, 56
        Assert.Equal(56, model.Minibatches.LastSize);
        Assert.Contains("does not divide", Assert.Single(model.ConfigurationNotes));
        model.Learn(8 * 32 * 2, logInterval: 0);
        Assert.Equal(2 * 2 * 3, model.Updates);

        using var larger = new Ppo("MountainCarContinuous-v0", OptionsBinder.Bind<PpoOptions>(TunedHyperparameters.Section("ppo", "MountainCarContinuous-v0"), ["seed=1", "n_envs=1"]));
        Assert.Equal(1, larger.Minibatches.Count);                                     // the Zoo's batch_size 256 of an 8-step segment
        Assert.Contains("larger than the segment", Assert.Single(larger.ConfigurationNotes));
        larger.Learn(8 * 3, logInterval: 0);
        Assert.Equal(3 * 10, larger.Updates);
    }

    [Theory]
    [InlineData("clip_range=0", "clip_range = 0", "> 0")]
    [InlineData("clip_range=-0.1", "clip_range = -0.1", "> 0")]
    [InlineData("clip_range_vf=0", "clip_range_vf = 0", "> 0")]
    [InlineData("target_kl=0", "target_kl = 0", "> 0")]
    [InlineData("target_kl=-0.01", "target_kl = -0.01", "> 0")]
    [InlineData("batch_size=0", "batch_size = 0", "≥ 1")]
    [InlineData("n_epochs=0", "n_epochs = 0", "[1, 100000]")]
    [InlineData("learning_rate=0", "learning_rate = 0", "> 0")]
    [InlineData("ent_coef=-1", "ent_coef = -1", "≥ 0")]
    [InlineData("max_grad_norm=0", "max_grad_norm = 0", "> 0")]
    public void InvalidOptions_AreRejected_NamingTheKeyTheValueAndTheRange(string setting, string named, string range)
    {
        var e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<PpoOptions>(null, [setting]));
        Assert.Contains(named, e.Message);
        Assert.Contains(range, e.Message);
    }

    [Fact]
    public void OptionsBuiltInCode_AreCheckedTheSameWay()
    {
        var e = Assert.Throws<ConfigException>(() => new Ppo("CartPole-v1", new PpoOptions { ClipRange = 0.0 }));
        Assert.Contains("clip_range = 0", e.Message);
        e = Assert.Throws<ConfigException>(() => new Ppo("CartPole-v1", new PpoOptions { TargetKl = -1 }));
        Assert.Contains("target_kl = -1", e.Message);
        e = Assert.Throws<ConfigException>(() => new Ppo("CartPole-v1", new PpoOptions { BatchSize = 1 }));
        Assert.Contains("batch_size = 1 with normalize_advantage", e.Message);
    }

    /// <summary>A one-step environment with an unbounded action box.</summary>
    private sealed class UnboundedActionEnv : Env
    {
        public override Space ObservationSpace { get; } = new Box(-1f, 1f, 1);
        public override Space ActionSpace { get; } = new Box(float.NegativeInfinity, float.PositiveInfinity, 1);
        public float LastAction { get; private set; }
        protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation) => observation[0] = 0.5f;
        protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
        {
            LastAction = action[0];
            observation[0] = 0.5f;
            return (-action[0] * action[0], true, false);
        }
    }

    [Fact]
    public void AnUnboundedActionBox_IsRejected_WhenClippingIsRequested()
    {
        using var env = new SyncVectorEnv([new UnboundedActionEnv()]);
        var options = OptionsBinder.Bind<PpoOptions>(null, ["seed=1", "n_steps=16", "batch_size=16"]);
        var e = Assert.Throws<ArgumentException>(() => new Ppo(env, options));
        Assert.Contains("clip_actions = true", e.Message);
        Assert.Contains("infinite bounds", e.Message);
        using var model = new Ppo(env, options with { OnPolicy = options.OnPolicy with { ClipActions = false } });
        model.Learn(32, logInterval: 0);
        Assert.Equal(32, model.NumTimesteps);
    }

    [Fact]
    public void Training_LogsStableBaselinesKeys()
    {
        using var model = new Ppo("CartPole-v1", ZooCartPole(1, "clip_range_vf=0.2"));
        var sink = new MemorySink();
        model.Logger = new Logger(sink);
        model.Learn(8 * 32 * 2, logInterval: 1);
        Assert.Equal(2, sink.Dumps.Count);
        var last = sink.Dumps[1];
        foreach (var key in new[] { LogKeys.PolicyGradientLoss, LogKeys.ValueLoss, LogKeys.EntropyLoss, LogKeys.ApproxKl, LogKeys.ClipFraction,
                     LogKeys.ClipRange, LogKeys.ClipRangeVf, LogKeys.ExplainedVariance, LogKeys.LearningRate, LogKeys.UpdateCount, LogKeys.Loss })
            Assert.True(last.ContainsKey(key), key);
        Assert.Equal(40, last[LogKeys.UpdateCount]);
        Assert.Equal(0.1, sink.Dumps[0][LogKeys.ClipRange], 6);             // lin_0.2: progress 0.5 after the first of two rollouts
        Assert.Equal(0.0, last[LogKeys.ClipRange]);                           // and 0 for the last update, as SB3
    }

    private sealed class MemorySink : ILogSink
    {
        public List<Dictionary<string, double>> Dumps { get; } = [];

        public void Write(in LogSnapshot snapshot)
        {
            var d = new Dictionary<string, double>();
            for (int i = 0; i < snapshot.Keys.Length; i++) d[snapshot.Keys[i]] = snapshot.Values[i];
            Dumps.Add(d);
        }

        public void Dispose() { }
    }

    [Fact]
    public void SaveAndLoad_RestoreEverything_AndContinueIdentically()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ascent-ppo-{Guid.NewGuid():N}.zip");
        try
        {
            using var model = new Ppo("CartPole-v1", ZooCartPole(3));
            model.Learn(8 * 32 * 3, logInterval: 0);
            model.Save(path);
            using var loaded = Ppo.Load(path);
            Assert.Equal(Parameters(model), Parameters(loaded));
            Assert.Equal(model.Options, loaded.Options);
            Assert.Equal(model.Optimizer.ExportState().Values, loaded.Optimizer.ExportState().Values);
            Assert.Equal(model.Minibatches.Rng.GetState(), loaded.Minibatches.Rng.GetState());
            Assert.Equal(model.Updates, loaded.Updates);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TrainingIterations_AllocateNothing_OnceWarm()
    {
        using var model = new Ppo("CartPole-v1", ZooCartPole(1, "batch_size=100", "n_epochs=2"));
        model.Learn(8 * 32 * 40, logInterval: 0);
        long Allocated(long steps) => AllocationProbe.Steady(() => model.Learn(steps, logInterval: 0));
        long few = Allocated(8 * 32 * 2), many = Allocated(8 * 32 * 130);
        // 128 more iterations: any per-iteration allocation (≥ 24 bytes each) would add ≥ 3,072 bytes. (A one-off of a few
        // hundred bytes, from the runtime rather than the training code, shows up now and then under a parallel test run.)
        Assert.True(many - few < 128 * 24, $"{many - few} more bytes for 128 more iterations");
    }
}
