using Ascent.Algorithms;
using Ascent.Environments;
using Ascent.Io.Models;
using Ascent.Tests.Io;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;

namespace Ascent.Tests.Training;

/// <summary>
/// EvalCallback: evaluates at multiples of its interval on a separate environment without changing training, logs
/// SB3's eval keys, keeps the best model, stops at a target return, and reads its history back after a resume.
/// </summary>
public class EvalCallbackTests
{
    private static A2cOptions Options(int seed) => new() { OnPolicy = new A2cOptions().OnPolicy with { NEnvs = 4, Seed = seed } };

    private static float[] Parameters(BaseAlgorithm model)
    {
        var values = new float[model.Policy.Parameters.Size];
        model.Policy.Parameters.CopyValuesTo(values);
        return values;
    }

    private sealed class Recorder : ILogSink
    {
        public List<(long Step, Dictionary<string, double> Values)> Dumps { get; } = [];

        public void Write(in LogSnapshot snapshot)
        {
            var values = new Dictionary<string, double>();
            for (int i = 0; i < snapshot.Count; i++) values[snapshot.Keys[i]] = snapshot.Values[i];
            Dumps.Add((snapshot.Step, values));
        }

        public void Dispose() { }
    }

    [Fact]
    public void Evaluations_HappenAtMultiples_AreLogged_KeepTheBest_AndDoNotChangeTraining()
    {
        using var dir = new TempDirectory();
        using var plain = new A2c("CartPole-v1", Options(4));
        plain.Learn(3000, logInterval: 0);

        using var model = new A2c("CartPole-v1", Options(4));
        var sink = new Recorder();
        model.Logger = new Logger(sink);
        using var env = Envs.Make("CartPole-v1");
        string best = Path.Combine(dir.Path, "best.zip"), log = Path.Combine(dir.Path, "evaluations.csv");
        var eval = new EvalCallback(env, everySteps: 1000, episodes: 3, bestModelPath: best, logPath: log);
        model.Learn(3000, eval, logInterval: 0);

        Assert.Equal(Parameters(plain), Parameters(model));                                      // evaluation leaves training alone
        Assert.Equal([1000L, 2000L, 3000L], eval.History.Select(p => p.Timesteps));
        var logged = sink.Dumps.Where(d => d.Values.ContainsKey(LogKeys.EvalMeanReward)).ToList();
        Assert.Equal([1000L, 2000L, 3000L], logged.Select(d => d.Step));
        Assert.Equal(eval.History.Select(p => p.MeanReward), logged.Select(d => d.Values[LogKeys.EvalMeanReward]));
        Assert.All(logged, d => Assert.True(d.Values.ContainsKey(LogKeys.EvalStdReward) && d.Values.ContainsKey(LogKeys.TotalTimesteps)));
        Assert.Equal(eval.History.Max(p => p.MeanReward), eval.Best!.MeanReward);
        Assert.Equal(eval.Best.Timesteps, ModelReader.Open(best).GetCounter("num_timesteps"));
        Assert.Equal(4, File.ReadAllLines(log).Length);

        // A fresh callback on a model at step 2000 reads the first two evaluations back.
        var resumed = new EvalCallback(env, everySteps: 1000, episodes: 3, logPath: log);
        using var at2000 = new A2c("CartPole-v1", Options(4));
        at2000.Learn(2000, logInterval: 0);
        resumed.OnTrainingStart(new TrainingContext(at2000, 0, 3000, 0));
        Assert.Equal([1000L, 2000L], resumed.History.Select(p => p.Timesteps));
    }

    [Fact]
    public void ATargetReturn_StopsTrainingCleanly_AfterTheEvaluationThatReachesIt()
    {
        using var model = new A2c("CartPole-v1", Options(1));
        using var env = Envs.Make("CartPole-v1");
        var eval = new EvalCallback(env, everySteps: 200, episodes: 2, stopAtMeanReward: 5);
        model.Learn(100_000, eval, logInterval: 0);
        Assert.Equal(200, eval.ThresholdReachedAt);
        Assert.Equal(200, model.NumTimesteps);                                                     // stopped at the iteration boundary
        Assert.Equal(100_000 - 200, model.RemainingTimesteps);
    }

    [Fact]
    public void BadArguments_AreRejected_NamingTheParameter()
    {
        using var env = Envs.Make("CartPole-v1");
        Assert.Contains("everySteps = 0", Assert.Throws<ArgumentOutOfRangeException>(() => new EvalCallback(env, 0)).Message);
        Assert.Contains("episodes = 0", Assert.Throws<ArgumentOutOfRangeException>(() => new EvalCallback(env, 10, episodes: 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvalCallback(env, 10, stopAtMeanReward: double.NaN));
    }
}
