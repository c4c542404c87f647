using System.Globalization;
using Ascent.Algorithms;
using Ascent.Environments;
using Ascent.Environments.Spaces;
using Ascent.Io.Plotting;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Experiments;

/// <summary>
/// Batch REINFORCE on CartPole-v1 (CS285's algorithm with reward-to-go, a learned baseline, advantage normalisation,
/// a 64-64 tanh MLP policy and Adam): the 100-episode mean return should pass 475 (the environment's threshold)
/// within 1M steps. One run per seed; the figure shows each seed's 100-episode mean return against steps.
/// </summary>
public sealed class CartPoleReinforce : IExperiment
{
    /// <summary>The step budget per run.</summary>
    public const long StepBudget = 1_000_000;

    /// <summary>CartPole-v1's reward threshold.</summary>
    public const double Threshold = 475;

    /// <summary>The options used: 5000-step batches, γ = 0.99, reward-to-go without γᵗ, learned baseline, normalised advantages, Adam 5e-3.</summary>
    public static BatchReinforceOptions Options { get; } = new()
    {
        StepsPerBatch = 5000,
        Gamma = 0.99,
        Estimator = "reward-to-go",
        Baseline = "learned",
        NormalizeAdvantage = true,
        Optimizer = "adam",
        LearningRate = 5e-3,
        ValueLearningRate = 5e-3,
        ValueGradientSteps = 5,
    };

    /// <inheritdoc />
    public string Name => "reinforce-cartpole";

    /// <inheritdoc />
    public string Description => "batch REINFORCE (reward-to-go, learned baseline, MLP, Adam) on CartPole-v1, one run per seed, 1M steps";

    /// <inheritdoc />
    public int DefaultRuns => 5;

    /// <summary>CartPole-v1 (with its 500-step limit) seeded by <paramref name="seed"/>, a 64-64 tanh MLP policy and value network drawn from <paramref name="rng"/>.</summary>
    public static (Env Env, MlpCategoricalPolicy Policy, MlpValueFunction Value) Create(int seed, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var env = Envs.Make("CartPole-v1");
        env.Reset(seed);
        var policy = new MlpCategoricalPolicy(env.ObservationSpace, (Discrete)env.ActionSpace, [64, 64], Activation.Tanh, rng.Spawn());
        var value = new MlpValueFunction(env.ObservationSpace.FlatSize, [64, 64], Activation.Tanh, rng.Spawn());
        return (env, policy, value);
    }

    /// <summary>
    /// Trains one run for at most <paramref name="stepBudget"/> steps (stopping early once <paramref name="stopWhenSolved"/> and the
    /// 100-episode mean reaches <paramref name="threshold"/>); returns the (steps, 100-episode mean) after each update and the step at
    /// which the mean first reached the threshold (null if never).
    /// </summary>
    public static (double[] Steps, double[] Mean100, long? SolvedAt) Train(int seed, Rng rng, BatchReinforceOptions options, long stepBudget,
        bool stopWhenSolved = false, double threshold = Threshold)
    {
        var (env, policy, value) = Create(seed, rng);
        using (env)
        {
            var learner = new BatchReinforce(policy, env, options, value);
            var recent = new Queue<double>();
            var steps = new List<double>();
            var means = new List<double>();
            long? solvedAt = null;
            while (learner.TotalSteps < stepBudget)
            {
                var report = learner.Update(rng);
                foreach (double r in report.EpisodeReturns)
                {
                    recent.Enqueue(r);
                    if (recent.Count > 100) recent.Dequeue();
                }
                double mean = recent.Average();
                steps.Add(report.TotalSteps);
                means.Add(mean);
                if (solvedAt is null && recent.Count == 100 && mean >= threshold) solvedAt = report.TotalSteps;
                if (stopWhenSolved && solvedAt is not null) break;
            }
            return ([.. steps], [.. means], solvedAt);
        }
    }

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int runs = options.RunsFor(this);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = ParallelRuns.Run(runs, options.Seed, (run, rng) =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (steps, means, solved) = Train((int)(options.Seed % 1_000_000) * 100 + run, rng, Options, StepBudget);
            return (Steps: steps, Means: means, Solved: solved, Seconds: watch.Elapsed.TotalSeconds);
        }, options.MaxThreads);
        double wall = clock.Elapsed.TotalSeconds;
        var chart = new LineChart
        {
            Title = "Batch REINFORCE on CartPole-v1",
            XLabel = "environment steps",
            YLabel = "mean return of the last 100 episodes",
            YMin = 0, YMax = 520,
            Legend = LegendPlacement.BottomRight,
            Caption = "CS285's REINFORCE: 5000-step batches of complete episodes, reward-to-go with γ = 0.99, a learned value baseline (64-64 tanh MLP " +
                      "fitted to standardised returns), normalised advantages, a 64-64 tanh MLP softmax policy and Adam (5e-3). One line per seed.",
        };
        var summary = new List<string>();
        for (int r = 0; r < runs; r++)
        {
            var x = results[r];
            chart.AddSeries($"run {r}", x.Steps, x.Means, style: new SeriesStyle { LineWidth = 1.5 });
            summary.Add($"run {r}: 100-episode mean reached {Threshold} at {(x.Solved is long s ? s.ToString(CultureInfo.InvariantCulture) + " steps" : "never")}; " +
                        $"final 100-episode mean {x.Means[^1]:F1}; {x.Seconds:F1} s");
        }
        chart.AddReferenceLine(Threshold, "threshold 475");
        int solvedRuns = results.Count(x => x.Solved is not null);
        summary.Add($"{solvedRuns} of {runs} runs reached {Threshold} within {StepBudget} steps; wall time {wall:F1} s");
        return new ExperimentResult(ExperimentFiles.Save(chart, options.OutputDirectory, Name), summary);
    }
}
