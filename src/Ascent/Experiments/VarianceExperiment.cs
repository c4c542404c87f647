using System.Globalization;
using System.Text;
using Ascent.Algorithms;
using Ascent.Environments;
using Ascent.Environments.Lectures;
using Ascent.Environments.Spaces;
using Ascent.Estimators;
using Ascent.Io;
using Ascent.Io.Plotting;
using Ascent.Mdp;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Policies.Features;

namespace Ascent.Experiments;

/// <summary>
/// How much each variance-reduction idea of the lectures buys: the variance of one episode's gradient estimate,
/// Σ_k Var(ĝ_k), for the total-return estimator, reward-to-go, and reward-to-go with a mean, a learned and the optimal
/// constant baseline — on the short corridor (where the exact gradient is known, so the means are checked too) and on
/// CartPole-v1. All estimators are computed on the same episodes, so the comparison is paired.
/// </summary>
public sealed class VarianceExperiment : IExperiment
{
    /// <summary>Episodes of the short corridor.</summary>
    public const int CorridorEpisodes = 20_000;

    /// <summary>Episodes of CartPole-v1.</summary>
    public const int CartPoleEpisodes = 1_000;

    /// <summary>The estimators compared, in order.</summary>
    public static IReadOnlyList<string> EstimatorNames { get; } =
        ["total return", "reward-to-go", "+ mean baseline", "+ learned v̂(s)", "+ optimal b*"];

    /// <inheritdoc />
    public string Name => "variance";

    /// <inheritdoc />
    public string Description => "variance of the gradient estimators (total return, reward-to-go, mean / learned / optimal baseline) on the short corridor and CartPole-v1";

    /// <inheritdoc />
    public int DefaultRuns => 1;

    /// <summary>One environment's measurements: per estimator the total variance, its standard error, and the largest bias in standard errors (NaN when the exact gradient is unknown).</summary>
    public sealed record Measurement(string Environment, double[] Variance, double[] VarianceError, double[] BiasZ, string Setting);

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int scale = options.RunsFor(this);
        var corridor = Corridor(CorridorEpisodes * scale, ParallelRuns.RunRng(options.Seed, 0));
        var cartPole = CartPole(CartPoleEpisodes * scale, ParallelRuns.RunRng(options.Seed, 1), (int)(options.Seed % 1_000_000));
        Measurement[] all = [corridor, cartPole];

        var chart = new BarChart([.. EstimatorNames])
        {
            Title = "Variance of the policy-gradient estimators",
            YLabel = "log₁₀ variance relative to total return",
            Width = 900, Height = 470,
            Legend = LegendPlacement.TopRight,
            Caption = "The baselines are subtracted from reward-to-go. " + $"Short corridor: {corridor.Setting}. CartPole-v1: {cartPole.Setting}. Every estimator is computed on the same episodes; " +
                      "Bars: log₁₀(Σ_k Var(ĝ_k) / that of the total-return estimator), so −1 is a tenfold reduction; error bars ± one standard error. " +
                      "Mean and optimal baselines are leave-one-out batch estimates; the learned v̂ is fitted on separate episodes.",
        };
        foreach (var m in all)
        {
            double reference = m.Variance[0];
            chart.AddSeries(m.Environment, m.Variance.Select(v => Math.Log10(v / reference)).ToArray(), m.VarianceError.Select((e, i) => e / (m.Variance[i] * Math.Log(10))).ToArray());
        }
        var files = ExperimentFiles.Save(chart, options.OutputDirectory, Name).ToList();
        string table = Path.Combine(options.OutputDirectory, Name + "-table.csv");
        File.WriteAllText(table, Table(all), new UTF8Encoding(false));
        files.Add(table);

        var summary = new List<string>();
        foreach (var m in all)
            for (int i = 0; i < EstimatorNames.Count; i++)
                summary.Add($"{m.Environment}, {EstimatorNames[i]}: variance {m.Variance[i]:G4} ± {m.VarianceError[i]:G2} ({m.Variance[i] / m.Variance[0]:F3} of total return)" +
                            (double.IsNaN(m.BiasZ[i]) ? "" : $", largest |mean − exact| {m.BiasZ[i]:F2} standard errors"));
        return new ExperimentResult(files, summary);
    }

    /// <summary>The short corridor at the book's initial policy (p(right) ≈ 0.05, no exploration floor), γ = 1.</summary>
    public static Measurement Corridor(int episodes, Rng rng)
    {
        var policy = new LinearSoftmaxPolicy(new Discrete(1), PerActionFeatures.ShortCorridor());
        policy.SetTheta([.. ShortCorridorRuns.InitialTheta]);
        using var env = new ShortCorridor();
        env.Seed(0);
        var sampler = new EpisodeSampler(env, policy);
        var value = new LinearValueFunction(new OneHotFeatures(1));
        FitBaseline(sampler, value, new Adam(value.Parameters, 0.5f), 2_000, 1.0, rng, standardize: null);
        var batch = new EpisodeBatch(1, 1);
        sampler.CollectEpisodes(batch, episodes, rng);
        var exact = MdpOracle.EvaluateLinearSoftmax(env.Model, ShortCorridor.Features, policy.ThetaToArray()).LinearSoftmaxGradient(ShortCorridor.Features);
        var m = Measure("short corridor", policy, batch, 1.0, value, exact);
        return m with { Setting = $"{episodes} episodes at θ = [−1.47, 1.47] (p(right) ≈ 0.05), γ = 1, learned v̂(s,w) = w (all states look alike)" };
    }

    /// <summary>CartPole-v1 at a partly trained MLP policy (10 batch-REINFORCE updates), γ = 0.99 with the γᵗ factor, so every estimator is unbiased for the same ∇J.</summary>
    public static Measurement CartPole(int episodes, Rng rng, int seed)
    {
        var (env, policy, network) = CartPoleReinforce.Create(seed, rng);
        using (env)
        {
            var training = CartPoleReinforce.Options with { StepsPerBatch = 2_000, LearningRate = 1e-2, ValueLearningRate = 1e-2 };
            var learner = new BatchReinforce(policy, env, training, network);
            double meanReturn = 0;
            for (int u = 0; u < 10; u++) meanReturn = learner.Update(rng).MeanReturn;
            var sampler = new EpisodeSampler(env, policy);
            var value = new StandardizedValueFunction(new MlpValueFunction(env.ObservationSpace.FlatSize, [64, 64], Nn.Activation.Tanh, rng.Spawn()));
            FitBaseline(sampler, value.Inner, new Adam(value.Inner.Parameters, 3e-3f), 100, 0.99, rng, value);
            var batch = new EpisodeBatch(env.ObservationSpace.FlatSize, env.ActionSpace.FlatSize);
            sampler.CollectEpisodes(batch, episodes, rng);
            double meanLength = batch.StepCount / (double)episodes;
            var m = Measure("CartPole-v1", policy, batch, 0.99, value, null);
            return m with { Setting = $"{episodes} episodes of a 64-64 MLP policy after 10 batch-REINFORCE updates (mean length {meanLength:F0}), γ = 0.99 with the γ^t factor, learned v̂ a 64-64 MLP" };
        }
    }

    /// <summary>Fits a learned baseline by Monte-Carlo regression on <paramref name="episodes"/> separate episodes (in standardised units when <paramref name="standardize"/> is given).</summary>
    private static void FitBaseline(EpisodeSampler sampler, IValueFunction network, Optimizer optimizer, int episodes, double gamma, Rng rng, StandardizedValueFunction? standardize)
    {
        var batch = new EpisodeBatch(sampler.Env.ObservationSpace.FlatSize, sampler.Env.ActionSpace.FlatSize);
        sampler.CollectEpisodes(batch, episodes, rng);
        var targets = new double[batch.StepCount];
        for (int i = 0; i < batch.EpisodeCount; i++)
        {
            var e = batch[i];
            Returns.RewardToGo(batch.Rewards.Slice(e.Start, e.Length), gamma, targets.AsSpan(e.Start, e.Length));
        }
        if (standardize is not null)
        {
            double mean = targets.Average(), std = Math.Sqrt(targets.Average(t => (t - mean) * (t - mean)));
            standardize.Mean = mean; standardize.Std = std;
            for (int t = 0; t < targets.Length; t++) targets[t] = (targets[t] - mean) / std;
        }
        new MonteCarloValueFit(network, optimizer).Fit(batch, targets, 300);
    }

    private static Measurement Measure(string environment, IPolicy policy, EpisodeBatch batch, double gamma, IValueFunction learned, double[]? exact)
    {
        ScoreFunctionEstimator[] estimators =
        [
            new(new TotalReturn(gamma)),
            new(new RewardToGo(gamma)),
            new(new RewardToGo(gamma), new MeanReturnBaseline()),
            new(new RewardToGo(gamma), new StateValueBaseline(learned)),
            new(new RewardToGo(gamma), new OptimalConstantBaseline()),
        ];
        int n = batch.EpisodeCount, p = policy.Parameters.Size;
        var scores = new PolicyScores(policy);
        var rows = new double[n * p];
        var variance = new double[estimators.Length];
        var error = new double[estimators.Length];
        var bias = new double[estimators.Length];
        for (int i = 0; i < estimators.Length; i++)
        {
            estimators[i].EstimatePerEpisode(scores, batch, rows);
            var statistics = new GradientStatistics(p);
            statistics.AddRows(rows);
            (variance[i], error[i]) = TotalVariance(rows, statistics);
            bias[i] = exact is null ? double.NaN : Enumerable.Range(0, p).Max(k => Math.Abs(statistics.Mean[k] - exact[k]) / statistics.StandardError(k));
        }
        return new Measurement(environment, variance, error, bias, "");
    }

    /// <summary>Σ_k Var(ĝ_k) as the mean of dᵢ = ‖ĝᵢ − ḡ‖² (times n/(n−1)), and its standard error from the spread of dᵢ.</summary>
    private static (double Variance, double Error) TotalVariance(double[] rows, GradientStatistics statistics)
    {
        int p = statistics.Size, n = rows.Length / p;
        var d = new double[n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < p; k++) { double x = rows[i * p + k] - statistics.Mean[k]; d[i] += x * x; }
        double mean = d.Average(), spread = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        double correction = n / (n - 1.0);
        return (mean * correction, spread / Math.Sqrt(n) * correction);
    }

    private static string Table(IEnumerable<Measurement> measurements)
    {
        var csv = new StringBuilder("environment,estimator,total_variance,standard_error,relative_to_total_return,largest_bias_in_standard_errors\n");
        foreach (var m in measurements)
            for (int i = 0; i < EstimatorNames.Count; i++)
                csv.Append(CsvText.Quote(m.Environment)).Append(',').Append(CsvText.Quote(EstimatorNames[i])).Append(',')
                   .Append(CsvText.FormatNumber(m.Variance[i])).Append(',').Append(CsvText.FormatNumber(m.VarianceError[i])).Append(',')
                   .Append(CsvText.FormatNumber(m.Variance[i] / m.Variance[0])).Append(',')
                   .Append(double.IsNaN(m.BiasZ[i]) ? "" : CsvText.FormatNumber(m.BiasZ[i])).Append('\n');
        return csv.ToString();
    }
}
