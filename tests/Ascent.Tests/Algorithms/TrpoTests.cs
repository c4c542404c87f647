using Ascent.Algorithms;
using Ascent.Algorithms.TrustRegion;
using Ascent.Autodiff;
using Ascent.Environments.Vector;
using Ascent.Io.Config;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;
using Ascent.Tests.Training.Logging;

namespace Ascent.Tests.Algorithms;

/// <summary>TRPO and NPG learners: the trust region holds on real rollouts, the critic fits, they learn, reproduce, save and reject bad options.</summary>
public class TrpoTests
{
    /// <summary>RL Zoo's tuned TRPO settings for <paramref name="env"/> (the shipped <c>hyperparams/trpo.yml</c>) with a seed and overrides.</summary>
    private static TrpoOptions Zoo(string env, int seed, params string[] overrides) =>
        OptionsBinder.Bind<TrpoOptions>(TunedHyperparameters.Section("trpo", env), [$"seed={seed}", .. overrides]);

    private static float[] Values(ParameterSet parameters)
    {
        var values = new float[parameters.Size];
        parameters.CopyValuesTo(values);
        return values;
    }

    /// <summary>The policy's distribution parameters (logits, or mean and log-std per row) on <paramref name="observations"/>, copied out.</summary>
    private static float[][] DistributionParameters(ActorCriticPolicy policy, Tensor observations)
    {
        var tape = new Tape();
        var d = policy.Forward(tape, tape.Input(observations));
        var blocks = new float[d.ParameterBlocks][];
        for (int k = 0; k < blocks.Length; k++) blocks[k] = d.ParameterBlock(k).Value.Span.ToArray();
        if (!d.IsCategorical && blocks[1].Length != blocks[0].Length)          // a state-independent log-std: one row for all
        {
            int dims = blocks[1].Length;
            blocks[1] = [.. Enumerable.Range(0, blocks[0].Length).Select(i => blocks[1][i % dims])];
        }
        return blocks;
    }

    /// <summary>The mean over rows of KL(old ‖ new), computed here in double from the distribution parameters.</summary>
    private static double MeanKl(float[][] old, float[][] @new, int rows, bool categorical)
    {
        double total = 0;
        int width = old[0].Length / rows;
        for (int r = 0; r < rows; r++)
        {
            if (categorical)
            {
                var lo = LogSoftmax(old[0].AsSpan(r * width, width));
                var ln = LogSoftmax(@new[0].AsSpan(r * width, width));
                for (int j = 0; j < width; j++) total += Math.Exp(lo[j]) * (lo[j] - ln[j]);
            }
            else
            {
                for (int j = 0; j < width; j++)
                {
                    int k = r * width + j;
                    double mo = old[0][k], mn = @new[0][k], so = Math.Exp(old[1][k]), sn = Math.Exp(@new[1][k]);
                    total += Math.Log(sn / so) + (so * so + (mo - mn) * (mo - mn)) / (2 * sn * sn) - 0.5;
                }
            }
        }
        return total / rows;
    }

    private static double[] LogSoftmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (float l in logits) max = Math.Max(max, l);
        foreach (float l in logits) sum += Math.Exp(l - max);
        var result = new double[logits.Length];
        for (int j = 0; j < logits.Length; j++) result[j] = logits[j] - max - Math.Log(sum);
        return result;
    }

    /// <summary>Records, for every policy step, π_old on the segment (before the step) and the KL to π_new measured afterwards.</summary>
    private sealed class KlProbe : TrainingCallback
    {
        private Tensor? _observations;
        private float[][]? _old;

        public List<(double MeasuredKl, TrustRegionStatistics Step)> Steps { get; } = [];

        public override void OnRolloutEnd(TrainingContext context)
        {
            var b = context.Buffer!;
            _observations = new Tensor(b.Observations.Span.ToArray(), b.Size, b.ObservationSize);
            _old = DistributionParameters(context.Algorithm.Policy, _observations);
        }

        public override void OnRolloutStart(TrainingContext context) => Measure(context);

        public override void OnTrainingEnd(TrainingContext context) => Measure(context);

        private void Measure(TrainingContext context)
        {
            if (_old is null) return;
            var policy = context.Algorithm.Policy;
            double kl = MeanKl(_old, DistributionParameters(policy, _observations!), _observations!.Dim(0), policy.IsCategorical);
            Steps.Add((kl, ((TrustRegionLearner)context.Algorithm).LastStep));
            _old = null;
        }
    }

    [Theory]
    [InlineData("CartPole-v1", 1, 0.01)]
    [InlineData("CartPole-v1", 2, 0.003)]
    [InlineData("Pendulum-v1", 3, 0.01)]          // gSDE: a state-dependent variance
    public void EveryAcceptedStep_RespectsTheMeasuredMeanKl_OnRealRolloutBatches(string env, int seed, double delta)
    {
        using var model = new Trpo(env, Zoo(env, seed, $"target_kl={delta}"));
        var probe = new KlProbe();
        model.Learn(12 * model.Buffer.Size, probe, logInterval: 0);
        Assert.Equal(12, probe.Steps.Count);
        foreach (var (kl, step) in probe.Steps)
        {
            if (!step.Accepted) { Assert.Equal(0, kl); continue; }                  // a rejected step keeps θ_old exactly
            Assert.True(kl <= delta * (1 + 1e-4), $"measured mean KL {kl} > δ = {delta}");
            Assert.Equal(step.Kl, kl, delta * 1e-3);                                 // the learner's KL is the one measured here
            Assert.True(step.SurrogateAfter > step.SurrogateBefore, "an accepted step improves the surrogate");
        }
        Assert.True(probe.Steps.Count(s => s.Step.Accepted) >= 10, "most steps are accepted");
        Assert.True(probe.Steps.Max(s => s.MeasuredKl) >= 0.3 * delta, "the steps use the trust region");
    }

    [Fact]
    public void ARejectedLineSearch_KeepsTheOldActorExactly_AndIsLogged()
    {
        // A huge trust region with one candidate: the full natural step overshoots the surrogate's improvement now and then.
        using var model = new Trpo("CartPole-v1", Zoo("CartPole-v1", 1, "target_kl=5", "line_search_max_iter=1"));
        var sink = new DumpRecorder();
        model.Logger = new Logger(sink);
        var rejected = 0;
        float[]? before = null;
        var callback = new Hooks(
            onRolloutEnd: c => before = Values(c.Algorithm.Policy.ActorParameters),
            onRolloutStart: c =>
            {
                if (before is null || ((Trpo)c.Algorithm).LastStep.Outcome != TrustRegionOutcome.LineSearchRejected) return;
                rejected++;
                Assert.Equal(before, Values(c.Algorithm.Policy.ActorParameters));
            });
        model.Learn(30 * model.Buffer.Size, callback, logInterval: 1);
        if (model.LastStep.Outcome == TrustRegionOutcome.LineSearchRejected) rejected++;
        Assert.True(rejected > 0, "the settings should make the line search reject some steps");
        var logged = sink.Dumps.Where(d => d[LogKeys.LineSearchSuccess] == 0).ToList();
        Assert.Equal(rejected, logged.Count);
        Assert.All(logged, d => Assert.Equal(0, d[LogKeys.KlDivergenceLoss]));
    }

    [Fact]
    public void TheCriticRegression_ReducesTheValueLoss_AndMovesOnlyTheCritic()
    {
        using var model = new Trpo("CartPole-v1", Zoo("CartPole-v1", 1));
        model.Learn(model.Buffer.Size, logInterval: 0);
        var critic = model.Critic;
        var actor = Values(model.Policy.ActorParameters);
        double before = critic.Loss(model.Buffer);
        double meanMinibatchLoss = critic.Fit(model.Buffer, 20);
        double after = critic.Loss(model.Buffer);
        Assert.True(after < 0.5 * before, $"value loss {before} → {after}");
        Assert.True(meanMinibatchLoss < before);
        Assert.Equal(actor, Values(model.Policy.ActorParameters));
    }

    [Fact]
    public void WithASharedTrunk_TheCriticMovesOnlyTheValueHead()
    {
        using var model = new Trpo("CartPole-v1", Zoo("CartPole-v1", 1, "shared_trunk=true", "policy_kwargs=dict(net_arch=[32, 32])"));
        Assert.All(model.Critic.Parameters, p => Assert.StartsWith("vf_head", p.Name));
        model.Learn(model.Buffer.Size, logInterval: 0);
        var actor = Values(model.Policy.ActorParameters);
        double before = model.Critic.Loss(model.Buffer);
        model.Critic.Fit(model.Buffer, 5);
        Assert.Equal(actor, Values(model.Policy.ActorParameters));
        Assert.True(model.Critic.Loss(model.Buffer) < before);
    }

    [Fact]
    public void AMinibatchSizeThatDoesNotDivideTheSegment_EndsEachEpochWithASmallerMinibatch()
    {
        using var model = new Trpo("CartPole-v1", Zoo("CartPole-v1", 1, "batch_size=300"));     // 1024 = 3 × 300 + 124
        model.Learn(model.Buffer.Size, logInterval: 0);
        double before = model.Critic.Loss(model.Buffer);
        model.Critic.Fit(model.Buffer, 3);
        Assert.Equal(4 * 3, model.Critic.Optimizer.Steps - 4 * 20);                                    // 4 minibatches per epoch
        Assert.True(model.Critic.Loss(model.Buffer) < before);
    }

    [Fact]
    public void LearnsCartPole_WithTheZooSettings()
    {
        var returns = new List<double>();
        foreach (int seed in new[] { 1, 2 })
        {
            using var model = new Trpo("CartPole-v1", Zoo("CartPole-v1", seed, "fisher_sub_sampling_factor=5"));
            model.Learn(60_000, logInterval: 0);
            returns.Add(model.Episodes.MeanReturn);
        }
        Assert.All(returns, r => Assert.True(r >= 150, $"last-100 returns {string.Join(", ", returns)}; a random policy gets about 22"));
    }

    [Fact]
    public void NaturalPolicyGradient_LearnsCartPole_WithoutALineSearch()
    {
        var options = OptionsBinder.Bind<NpgOptions>(TunedHyperparameters.Section("npg", "CartPole-v1"), ["seed=1", "fisher_sub_sampling_factor=5"]);
        using var model = new Npg("CartPole-v1", options);
        Assert.False(model.TrustRegion.LineSearch);
        var sink = new DumpRecorder();
        model.Logger = new Logger(sink);
        model.Learn(60_000, logInterval: 10);
        Assert.True(model.Episodes.MeanReturn >= 120, $"last-100 return {model.Episodes.MeanReturn}; a random policy gets about 22");
        Assert.All(sink.Dumps, d => Assert.False(d.ContainsKey(LogKeys.LineSearchSuccess)));
        Assert.Equal(1, model.LastStep.StepFraction);                                                // the full natural step, always
    }

    [Fact]
    public void TwoRunsWithTheSameSeed_GiveBitIdenticalParameters_WithSubSampling()
    {
        float[] Train(int seed)
        {
            using var model = new Trpo("CartPole-v1", Zoo("CartPole-v1", seed, "sub_sampling_factor=2", "fisher_sub_sampling_factor=4", "n_steps=128", "batch_size=64"));
            model.Learn(6 * 256, logInterval: 0);
            return Values(model.Policy.Parameters);
        }
        var first = Train(7);
        Assert.Equal(first, Train(7));
        Assert.NotEqual(first, Train(8));
    }

    [Fact]
    public void SaveAndLoad_RestoreParametersCriticOptimizerGeneratorsAndCounters()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ascent-trpo-{Guid.NewGuid():N}.zip");
        try
        {
            var options = Zoo("Pendulum-v1", 3, "n_steps=128", "batch_size=100", "sub_sampling_factor=2");   // gSDE, two envs
            using var model = new Trpo("Pendulum-v1", options);
            model.Learn(4 * 256, logInterval: 0);
            model.Save(path);
            using var loaded = Trpo.Load(path);
            Assert.Equal(model.Options, loaded.Options);
            Assert.Equal(Values(model.Policy.Parameters), Values(loaded.Policy.Parameters));
            Assert.Equal(model.Critic.Optimizer.ExportState().Values, loaded.Critic.Optimizer.ExportState().Values);
            Assert.Equal(model.Critic.Optimizer.Steps, loaded.Critic.Optimizer.Steps);
            Assert.Equal(model.Critic.Rng.GetState(), loaded.Critic.Rng.GetState());
            Assert.Equal(model.Collector.Rng.GetState(), loaded.Collector.Rng.GetState());
            Assert.Equal((4L, 4L, 1024L), (loaded.Updates, loaded.Iterations, loaded.NumTimesteps));

            float[] observations = [0.3f, -0.9f, 1.5f];
            float[] a = new float[1], b = new float[1];
            model.Predict(observations, a);
            loaded.Predict(observations, b);
            Assert.Equal(a, b);

            loaded.Learn(2 * 256, logInterval: 0);                                   // continues training
            Assert.Equal(6, loaded.Updates);
            Assert.ThrowsAny<Exception>(() => A2c.Load(path));                      // a TRPO file is not an A2C model
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ATrainedModel_ExportsItsDeterministicPathForOnnx()
    {
        using var model = new Trpo("Acrobot-v1", OptionsBinder.Bind<TrpoOptions>(TunedHyperparameters.Section("trpo", "Acrobot-v1"), ["seed=1", "n_steps=64"]));
        model.Learn(2 * 64 * 2, logInterval: 0);
        var graph = model.DescribeForOnnx();
        Assert.Equal("trpo", graph.Algorithm);
        Assert.NotNull(graph.Normalization);                                          // the Zoo's normalize: true
        Assert.NotEmpty(Ascent.Io.Onnx.OnnxExporter.ToBytes(graph));
    }

    [Fact]
    public void TrainingIterations_AllocateNothing_OnceWarm()
    {
        using var model = new Trpo("CartPole-v1", Zoo("CartPole-v1", 1, "n_steps=64", "batch_size=48", "sub_sampling_factor=2", "fisher_sub_sampling_factor=2"));
        model.Learn(128 * 10, logInterval: 0);                                      // warm-up: shapes seen, episodes ended
        long Allocated(long steps) => AllocationProbe.Steady(() => model.Learn(steps, logInterval: 0));
        long few = Allocated(128 * 2), many = Allocated(128 * 12);
        // Per Learn call only, none per iteration: 10 more iterations would add ≥ 240 bytes for even one small object each.
        Assert.True(many - few < 10 * 24, $"{many - few} more bytes for 10 more iterations (few: {few}, many: {many})");
    }

    [Fact]
    public void Training_LogsStableBaselinesTrpoKeys()
    {
        using var model = new Trpo("CartPole-v1", Zoo("CartPole-v1", 1));
        var sink = new DumpRecorder();
        model.Logger = new Logger(sink);
        model.Learn(3 * model.Buffer.Size, logInterval: 1);
        Assert.Equal(3, sink.Dumps.Count);                                                          // TRPO logs every iteration by default (SB3: log_interval = 1)
        foreach (var key in new[] { LogKeys.PolicyObjective, LogKeys.ValueLoss, LogKeys.KlDivergenceLoss, LogKeys.LineSearchSuccess, LogKeys.ExplainedVariance,
                     LogKeys.UpdateCount, LogKeys.LearningRate, LogKeys.StepSize, LogKeys.EpisodeRewardMean, LogKeys.Fps })
            Assert.True(sink.Dumps[2].ContainsKey(key), key);
        Assert.Equal(3, sink.Dumps[2][LogKeys.UpdateCount]);
        Assert.Equal(3, model.Updates);
    }

    [Fact]
    public void NaNRewards_StopTrainingBeforeTheStep_NamingTheUpdate_AndKeepTheLastGoodParameters()
    {
        using var env = new SyncVectorEnv([new NanRewardEnv(100)]);
        using var model = new Trpo(env, Zoo("CartPole-v1", 1, "n_envs=1", "n_steps=32", "batch_size=16"));
        float[]? before = null;
        var e = Assert.Throws<NonFiniteException>(() => model.Learn(1000, new Hooks(c => before = Values(c.Algorithm.Policy.Parameters), _ => { }), logInterval: 0));
        Assert.Contains("trpo: at update 4", e.Message);                          // 3 good segments of 32 steps, the 4th holds the first NaN reward
        Assert.Contains("surrogate", e.Message);
        Assert.Equal(3, model.Updates);
        Assert.Equal(before, Values(model.Policy.Parameters));
    }

    [Theory]
    [InlineData("target_kl=0", "target_kl = 0", "> 0")]
    [InlineData("target_kl=-0.01", "target_kl = -0.01", "> 0")]
    [InlineData("cg_max_steps=0", "cg_max_steps = 0", "≥ 1")]
    [InlineData("cg_damping=-0.1", "cg_damping = -0.1", "≥ 0")]
    [InlineData("line_search_shrinking_factor=1", "line_search_shrinking_factor = 1", "(0, 1)")]
    [InlineData("line_search_max_iter=0", "line_search_max_iter = 0", "≥ 1")]
    [InlineData("n_critic_updates=0", "n_critic_updates = 0", "≥ 1")]
    [InlineData("batch_size=5000", "batch_size = 5000", "[1, 2048]")]
    [InlineData("sub_sampling_factor=0", "sub_sampling_factor = 0", "≥ 1")]
    [InlineData("fisher_sub_sampling_factor=0", "fisher_sub_sampling_factor = 0", "≥ 1")]
    [InlineData("line_search=false", "line_search = false", "npg")]
    public void InvalidOptions_AreRejected_NamingTheKeyTheValueAndTheRange(string setting, string named, string range)
    {
        var e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<TrpoOptions>(null, [setting]));
        Assert.Contains(named, e.Message);
        Assert.Contains(range, e.Message);
    }

    [Fact]
    public void InvalidOptionsBuiltInCode_AreRejectedAsOnTheCommandLine()
    {
        var e = Assert.Throws<ConfigException>(() => new Trpo("CartPole-v1", new TrpoOptions { TrustRegion = new() { TargetKl = 0 } }));
        Assert.Contains("target_kl = 0", e.Message);
        e = Assert.Throws<ConfigException>(() => new Trpo("CartPole-v1", new TrpoOptions { TrustRegion = new() { CgMaxSteps = 0 } }));
        Assert.Contains("cg_max_steps = 0", e.Message);
        e = Assert.Throws<ConfigException>(() => new Npg("CartPole-v1", new NpgOptions { TrustRegion = new() { CgDamping = -1 } }));
        Assert.Contains("cg_damping = -1", e.Message);
        e = Assert.Throws<ConfigException>(() => new Npg("CartPole-v1", new NpgOptions { TrustRegion = new() { LineSearch = true } }));
        Assert.Contains("trpo", e.Message);
        e = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<NpgOptions>(null, ["npg_learning_rate=0"]));
        Assert.Contains("npg_learning_rate = 0", e.Message);
    }

    private sealed class Hooks(Action<TrainingContext> onRolloutEnd, Action<TrainingContext> onRolloutStart) : TrainingCallback
    {
        public override void OnRolloutEnd(TrainingContext context) => onRolloutEnd(context);
        public override void OnRolloutStart(TrainingContext context) => onRolloutStart(context);
    }
}
