using System.Globalization;
using Ascent.Algorithms;
using Ascent.Environments.Lectures;
using Ascent.Io.Plotting;
using Ascent.Mdp;
using Ascent.Policies;
using Ascent.Policies.Features;

namespace Ascent.Experiments;

/// <summary>
/// The aliased gridworld of seed 000: REINFORCE with a linear softmax over the lecture's wall × action features learns a
/// stochastic policy (E or W with ½ each in the grey cells) worth more than the best deterministic policy and its
/// ε-greedy version, which value-based methods are limited to. The learned policy is evaluated exactly along the way.
/// </summary>
public sealed class AliasedGridworldExperiment : IExperiment
{
    /// <summary>Episodes per run.</summary>
    public const int Episodes = 3000;

    /// <summary>REINFORCE's step size α.</summary>
    public const double StepSize = 0.1;

    /// <summary>Episodes between exact evaluations of the learned policy.</summary>
    public const int EvaluationInterval = 25;

    /// <inheritdoc />
    public string Name => "aliased-gridworld";

    /// <inheritdoc />
    public string Description => "REINFORCE learns the stochastic policy of the aliased gridworld, beating every deterministic and ε-greedy policy (seed 000)";

    /// <inheritdoc />
    public int DefaultRuns => 20;

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int runs = options.RunsFor(this);
        var model = new AliasedGridworld().Model;
        var results = ParallelRuns.Run(runs, options.Seed, (run, rng) =>
        {
            using var env = new AliasedGridworld();
            env.Seed(run);
            var policy = new LinearSoftmaxPolicy(env.ObservationSpace, new ObservationTimesActionFeatures(4, AliasedGridworld.West + 1));
            var learner = new EpisodicReinforce(policy, env, StepSize, AliasedGridworld.Discount, maxEpisodeSteps: 100);
            var values = new double[Episodes / EvaluationInterval + 1];
            for (int e = 0; e <= Episodes; e++)
            {
                if (e % EvaluationInterval == 0) values[e / EvaluationInterval] = ExactValue(model, policy, out _);
                if (e < Episodes) learner.RunEpisode(rng);
            }
            ExactValue(model, policy, out var table);
            return (Values: values, East: table[1, AliasedGridworld.East], West: table[1, AliasedGridworld.West]);
        }, options.MaxThreads);

        var curves = new RunCurves(results.Select(r => r.Values).ToArray());
        var episodes = Enumerable.Range(0, curves.Mean.Length).Select(i => (double)(i * EvaluationInterval)).ToArray();
        double optimum = MdpOracle.Evaluate(model, AliasedGridworld.OptimalStochasticPolicy).J;
        double deterministic = AliasedGridworld.BestDeterministicPolicy().Evaluation.J;
        double greedy = MdpOracle.Evaluate(model, AliasedGridworld.EpsilonGreedyPolicy(0.1)).J;
        double east = results.Average(r => r.East), west = results.Average(r => r.West);
        var chart = new LineChart
        {
            Title = "Aliased gridworld: REINFORCE learns a stochastic policy",
            XLabel = "episode",
            YLabel = $"exact J(θ), mean of {runs} runs",
            YMin = -0.2, YMax = 0.9,
            Legend = LegendPlacement.BottomRight,
            Caption = $"REINFORCE (Sutton & Barto's box, α = {StepSize}, γ = {AliasedGridworld.Discount}) with a linear softmax over the lecture's 16 features " +
                      "φ(s,a) = (wall to d) ∧ (a = move d'), from θ = 0; every " + EvaluationInterval + " episodes the current policy is evaluated exactly. " +
                      $"The two grey cells look alike, so every deterministic policy gets stuck on one side; the learned policy moves E or W with " +
                      $"p(E) = {east:F2}, p(W) = {west:F2} there (mean over runs; optimum ½ each). Band: ± one standard error.",
        };
        chart.AddSeries("REINFORCE (linear softmax)", episodes, curves.Mean, curves.Lower, curves.Upper);
        chart.AddReferenceLine(optimum, $"optimal stochastic policy: {optimum:F3}", "#d62728");
        chart.AddReferenceLine(deterministic, $"best deterministic policy: {deterministic:F3}", "#444444");
        chart.AddReferenceLine(greedy, $"ε-greedy (ε = 0.1) around it: {greedy:F3}", "#2ca02c");
        string[] summary =
        [
            $"learned policy after {Episodes} episodes: J = {F(curves.Mean[^1])} (mean of {runs} runs; ± {F(curves.StandardError[^1])})",
            $"optimal stochastic J = {F(optimum)}, best deterministic J = {F(deterministic)}, epsilon-greedy (0.1) J = {F(greedy)}",
            $"grey cells: p(E) = {F(east)}, p(W) = {F(west)}",
        ];
        return new ExperimentResult(ExperimentFiles.Save(chart, options.OutputDirectory, Name), summary);
    }

    /// <summary>The exact J of the linear softmax policy, and its table over the model's states.</summary>
    private static double ExactValue(FiniteMdp model, LinearSoftmaxPolicy policy, out PolicyTable table)
    {
        table = LinearSoftmax.Policy(AliasedGridworld.Features, policy.ThetaToArray());
        return MdpOracle.Evaluate(model, table).J;
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
