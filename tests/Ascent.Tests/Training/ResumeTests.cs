using Ascent.Algorithms;
using Ascent.Io;
using Ascent.Io.Config;
using Ascent.Tests.Io;
using Ascent.Training;
using Ascent.Training.Callbacks;

namespace Ascent.Tests.Training;

/// <summary>
/// Checkpoint and resume: a run continued from any of its checkpoints ends bit-identical to the uninterrupted run —
/// parameters, optimizer state, normalisers, counters, episode statistics — for the batched, the synchronous and the
/// normalised environments, and for A3C with one worker.
/// </summary>
public class ResumeTests
{
    private static float[] Parameters(BaseAlgorithm model)
    {
        var values = new float[model.Policy.Parameters.Size];
        model.Policy.Parameters.CopyValuesTo(values);
        return values;
    }

    /// <summary>Trains <paramref name="steps"/> with checkpoints every <paramref name="every"/> steps, keeping all of them.</summary>
    private static (BaseAlgorithm Model, IReadOnlyList<(long Step, string Path)> Checkpoints) TrainWithCheckpoints(
        Func<BaseAlgorithm> create, long steps, long every, string dir)
    {
        var model = create();
        var series = new CheckpointSeries(dir, keep: 100);
        model.Learn(steps, new CheckpointCallback(series, every), logInterval: 0);
        return (model, series.List());
    }

    private static void AssertSameTrainingState(BaseAlgorithm expected, BaseAlgorithm actual)
    {
        Assert.Equal(expected.NumTimesteps, actual.NumTimesteps);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Updates, actual.Updates);
        Assert.Equal(Parameters(expected), Parameters(actual));                              // bit for bit
        Assert.Equal(expected.Episodes.TotalEpisodes, actual.Episodes.TotalEpisodes);
        Assert.Equal(expected.Episodes.MeanReturn, actual.Episodes.MeanReturn);
        if (expected.Optimizer is { } o) Assert.Equal(o.ExportState().Values, actual.Optimizer!.ExportState().Values);
        if (expected.ObservationNormalizer is { } n)
            Assert.Equal(n.Statistics.Mean.ToArray(), actual.ObservationNormalizer!.Statistics.Mean.ToArray());
        if (expected.RewardNormalizer is { } r)
            Assert.Equal(r.Statistics.Variance.ToArray(), actual.RewardNormalizer!.Statistics.Variance.ToArray());
    }

    [Theory]
    [InlineData("CartPole-v1", new[] { "seed=4" })]                                            // batched environments, Zoo settings
    [InlineData("Pendulum-v1", new[] { "seed=5", "n_envs=4" })]                                // both normalisers, gSDE, lin_ schedule
    [InlineData("Acrobot-v1", new[] { "seed=6", "n_envs=4" })]                                 // SyncVectorEnv of TimeLimit-wrapped envs, normalised
    public void A2c_ResumedFromACheckpoint_EndsBitIdenticalToTheUninterruptedRun(string envId, string[] settings)
    {
        using var dir = new TempDirectory();
        var options = OptionsBinder.Bind<A2cOptions>(TunedHyperparameters.Section("a2c", envId), settings);
        long segment = options.OnPolicy.NEnvs * options.OnPolicy.NSteps, steps = segment * 150;
        var (full, checkpoints) = TrainWithCheckpoints(() => new A2c(envId, options), steps, segment * 40, dir.Path);
        using var _ = full;
        Assert.Equal(4, checkpoints.Count);                                                    // 40, 80, 120 segments and the end
        foreach (var (step, path) in checkpoints.Where(c => c.Step < full.NumTimesteps))
        {
            using var resumed = A2c.Load(path);
            Assert.Equal(step, resumed.NumTimesteps);
            Assert.Equal(steps - step, resumed.RemainingTimesteps);
            resumed.ContinueLearning(logInterval: 0);
            AssertSameTrainingState(full, resumed);
        }
        using var finished = A2c.Load(checkpoints[0].Path);
        Assert.Equal(0, finished.RemainingTimesteps);
        var e = Assert.Throws<InvalidOperationException>(() => finished.ContinueLearning());
        Assert.Contains("call Learn to train more", e.Message);
    }

    [Theory]
    [InlineData("CartPole-v1", new[] { "seed=4" })]                                            // the shipped settings: one env, lin_ schedule
    [InlineData("Acrobot-v1", new[] { "seed=6", "n_envs=3", "steps_per_batch=1500", "normalize=true" })]   // idle envs restarted each batch, normalisers
    [InlineData("Pendulum-v1", new[] { "seed=5", "n_envs=2", "steps_per_batch=800", "normalize=true" })]   // Gaussian policy
    public void Reinforce_ResumedFromACheckpoint_EndsBitIdenticalToTheUninterruptedRun(string envId, string[] settings)
    {
        using var dir = new TempDirectory();
        var options = OptionsBinder.Bind<ReinforceOptions>(TunedHyperparameters.Section("reinforce", envId), settings);
        long batch = options.Batch.StepsPerBatch, steps = batch * 8;
        var (full, checkpoints) = TrainWithCheckpoints(() => new Reinforce(envId, options), steps, batch * 3, dir.Path);
        using var _ = full;
        Assert.True(checkpoints.Count >= 3, $"{checkpoints.Count} checkpoints");            // after ~3 and ~6 batches, and at the end
        foreach (var (step, path) in checkpoints.Where(c => c.Step < full.NumTimesteps))
        {
            using var resumed = Reinforce.Load(path);
            Assert.Equal(step, resumed.NumTimesteps);
            resumed.ContinueLearning(logInterval: 0);
            AssertSameTrainingState(full, resumed);
            var baseline = ((Reinforce)full).Loss.BaselineOptimizer!;
            Assert.Equal(baseline.ExportState().Values, resumed.Loss.BaselineOptimizer!.ExportState().Values);
        }
    }

    [Fact]
    public void A2c_StoppedCleanlyMidRun_ResumesBitIdentically()
    {
        using var dir = new TempDirectory();
        var options = OptionsBinder.Bind<A2cOptions>(TunedHyperparameters.Section("a2c", "Pendulum-v1"), ["seed=2", "n_envs=2"]);
        long steps = 2 * 8 * 100;
        using var full = new A2c("Pendulum-v1", options);
        full.Learn(steps, logInterval: 0);

        using var cancel = new CancellationTokenSource();
        var series = new CheckpointSeries(dir.Path, keep: 1);
        using (var interrupted = new A2c("Pendulum-v1", options))
        {
            var stop = new StopOnCancellation(cancel.Token);
            var trigger = TrainingCallback.OnEveryStep(c => { if (c.NumTimesteps >= 333) cancel.Cancel(); return true; });
            interrupted.Learn(steps, new CallbackList(trigger, stop, new CheckpointCallback(series, everySteps: 10_000)), logInterval: 0);
            Assert.True(stop.Cancelled);
            Assert.Equal(336, interrupted.NumTimesteps);                                       // the segment in progress was finished
        }
        using var resumed = A2c.Load(series.Latest()!);
        Assert.Equal(336, resumed.NumTimesteps);
        resumed.ContinueLearning(logInterval: 0);
        AssertSameTrainingState(full, resumed);
    }

    [Fact]
    public void ADiskFullDuringACheckpoint_StopsTraining_AndThePreviousCheckpointResumesBitIdentically()
    {
        using var dir = new TempDirectory();
        var options = OptionsBinder.Bind<A2cOptions>(TunedHyperparameters.Section("a2c", "CartPole-v1"), ["seed=3"]);
        const long steps = 40 * 60;
        using var full = new A2c("CartPole-v1", options);
        full.Learn(steps, logInterval: 0);

        var series = new CheckpointSeries(dir.Path, keep: 2);
        int saves = 0;
        series.WrapStream = stream => ++saves >= 3 ? new FailingStream(stream, capacity: 1000) : stream;   // the disk fills up at the third save
        using (var model = new A2c("CartPole-v1", options))
        {
            var e = Assert.Throws<IOException>(() => model.Learn(steps, new CheckpointCallback(series, everySteps: 800), logInterval: 0));
            Assert.Contains("No space left on device", e.Message);
            Assert.Contains("checkpoint_000000002400.zip", e.Message);
        }
        Assert.Equal([1600L, 800L], series.List().Select(c => c.Step));                      // both earlier checkpoints survive, whole
        Assert.Empty(Directory.GetFiles(dir.Path, ".*.tmp"));
        using var resumed = A2c.Load(series.Latest()!);
        resumed.ContinueLearning(logInterval: 0);
        AssertSameTrainingState(full, resumed);
    }

    [Fact]
    public void A3cWithOneWorker_ResumesBitIdentically()
    {
        using var dir = new TempDirectory();
        var options = new A3cOptions { OnPolicy = new A3cOptions().OnPolicy with { NEnvs = 2, Seed = 9 }, NWorkers = 1, LearningRate = Schedule.Linear(1e-3) };
        using var full = new A3c("CartPole-v1", options);
        full.Learn(20_000, logInterval: 0);
        string path = Path.Combine(dir.Path, "half.zip");
        using (var half = new A3c("CartPole-v1", options))
        {
            // The callback thread polls every 5 ms: ask for the stop at its first call, wherever the worker then is.
            half.Learn(20_000, TrainingCallback.OnEveryStep(c => { c.RequestStop(); return true; }), logInterval: 0);
            Assert.InRange(half.NumTimesteps, 0, 20_000 - 10);
            half.Save(path);
        }
        using var resumed = A3c.Load(path);
        resumed.ContinueLearning(logInterval: 0);
        Assert.Equal(Parameters(full), Parameters(resumed));
        Assert.Equal(full.NumTimesteps, resumed.NumTimesteps);
        Assert.Equal(full.SharedOptimizer.State.ToArray(), resumed.SharedOptimizer.State.ToArray());
    }

    [Fact]
    public void A3cWithOneWorker_PausesForPeriodicCheckpoints_WithoutChangingTraining_AndResumesBitIdentically()
    {
        using var dir = new TempDirectory();
        var options = new A3cOptions { OnPolicy = new A3cOptions().OnPolicy with { NEnvs = 2, Seed = 9 }, NWorkers = 1, LearningRate = Schedule.Linear(1e-3) };
        var (full, checkpoints) = TrainWithCheckpoints(() => new A3c("CartPole-v1", options), 20_000, 6_000, dir.Path);
        using var _ = full;
        using (var plain = new A3c("CartPole-v1", options))
        {
            plain.Learn(20_000, logInterval: 0);
            Assert.Equal(Parameters(plain), Parameters(full));                                   // pausing at the barrier changes nothing
        }
        Assert.Equal([20_000L, 18_000, 12_000, 6_000], checkpoints.Select(c => c.Step));       // one worker pauses exactly at each mark (2 envs × 5 steps divide it)
        foreach (var (step, path) in checkpoints.Where(c => c.Step < full.NumTimesteps))
        {
            Assert.Contains(Ascent.Io.Models.ModelReader.Open(path).Tensors, t => t.Name.StartsWith("env/worker0/", StringComparison.Ordinal));
            using var resumed = A3c.Load(path);
            Assert.Equal(step, resumed.NumTimesteps);
            resumed.ContinueLearning(logInterval: 0);
            Assert.Equal(Parameters(full), Parameters(resumed));
            Assert.Equal(full.NumTimesteps, resumed.NumTimesteps);
            Assert.Equal(((A3c)full).SharedOptimizer.State.ToArray(), resumed.SharedOptimizer.State.ToArray());
        }
    }

    [Fact]
    public void A3cWithSeveralWorkers_CheckpointsAtPauses_AndAResumedRunFinishesItsBudget()
    {
        using var dir = new TempDirectory();
        var options = new A3cOptions { OnPolicy = new A3cOptions().OnPolicy with { NEnvs = 1, Seed = 3 }, NWorkers = 3 };
        var (full, checkpoints) = TrainWithCheckpoints(() => new A3c("CartPole-v1", options), 30_000, 10_000, dir.Path);
        using var _ = full;
        var periodic = checkpoints.Where(c => c.Step < full.NumTimesteps).OrderBy(c => c.Step).ToArray();
        Assert.Equal(2, periodic.Length);
        for (int k = 0; k < 2; k++) Assert.InRange(periodic[k].Step, 10_000 * (k + 1), 10_000 * (k + 1) + 100);   // the workers stop within a segment or two of the mark
        using var resumed = A3c.Load(periodic[0].Path);
        for (int w = 0; w < 3; w++)
            Assert.Contains(Ascent.Io.Models.ModelReader.Open(periodic[0].Path).Tensors, t => t.Name.StartsWith($"env/worker{w}/", StringComparison.Ordinal));
        resumed.ContinueLearning(logInterval: 0);
        Assert.InRange(resumed.NumTimesteps, 30_000, 30_000 + 100);
        Assert.Equal(0, resumed.RemainingTimesteps);
    }

    [Fact]
    public void AModelTrainedOnAUserEnvironment_SavesNoEnvironmentState_AndLoadsForPrediction()
    {
        using var dir = new TempDirectory();
        var options = new A2cOptions { OnPolicy = new A2cOptions().OnPolicy with { NEnvs = 2, Seed = 1 } };
        using var env = Ascent.Environments.Envs.MakeVector("CartPole-v1", 2, batched: false);
        using var model = new A2c(env, options);
        model.Learn(100, logInterval: 0);
        string path = Path.Combine(dir.Path, "m.zip");
        model.Save(path);
        var reader = Ascent.Io.Models.ModelReader.Open(path);
        Assert.DoesNotContain(reader.Tensors, t => t.Name.StartsWith("env/", StringComparison.Ordinal));
        using var loaded = A2c.Load(path);
        loaded.Learn(20, logInterval: 0);                                                     // environments reset, training goes on
        Assert.Equal(120, loaded.NumTimesteps);
    }
}
