using System.Globalization;
using Ascent.Algorithms;
using Ascent.Environments.Lectures;
using Ascent.Io.Plotting;
using Ascent.Mdp;
using Ascent.Policies;

namespace Ascent.Experiments;

/// <summary>
/// Rock-paper-scissors against the exploiting opponent of seed 000: REINFORCE, started from a policy that favours rock,
/// is driven towards the uniform policy (the Nash equilibrium, J = 0), since the opponent punishes every predictable answer.
/// </summary>
public sealed class RockPaperScissorsExperiment : IExperiment
{
    /// <summary>Episodes (matches) per run.</summary>
    public const int Episodes = 5000;

    /// <summary>REINFORCE's step size α.</summary>
    public const double StepSize = 0.002;

    /// <summary>Episodes between exact evaluations.</summary>
    public const int EvaluationInterval = 50;

    /// <summary>The initial preference for rock in every observation (p(rock) ≈ 0.79).</summary>
    public const double InitialRockPreference = 2.0;

    /// <inheritdoc />
    public string Name => "rock-paper-scissors";

    /// <inheritdoc />
    public string Description => "REINFORCE against an exploiting opponent approaches the uniform (Nash) policy (seed 000)";

    /// <inheritdoc />
    public int DefaultRuns => 20;

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int runs = options.RunsFor(this);
        var game = new RockPaperScissors();
        var model = game.Model;
        int points = Episodes / EvaluationInterval + 1;
        var results = ParallelRuns.Run(runs, options.Seed, (run, rng) =>
        {
            using var env = new RockPaperScissors();
            env.Seed(run);
            var theta = new double[4, 3];
            for (int o = 0; o < 4; o++) theta[o, RockPaperScissors.Rock] = InitialRockPreference;
            var policy = new TabularSoftmaxPolicy(theta);
            var learner = new EpisodicReinforce(policy, env, StepSize);
            var values = new double[points];
            var moves = new double[3][];
            for (int a = 0; a < 3; a++) moves[a] = new double[points];
            var largest = new double[points];
            for (int e = 0; e <= Episodes; e++)
            {
                if (e % EvaluationInterval == 0)
                {
                    int k = e / EvaluationInterval;
                    var table = policy.ToTable();
                    values[k] = MdpOracle.Evaluate(model, game.Observations.Lift(table.ToArray())).J;
                    // Observations 1–3 (the opponent's last move); the first round is against a random opponent and teaches nothing.
                    for (int o = 1; o < 4; o++)
                        for (int a = 0; a < 3; a++)
                        {
                            moves[a][k] += table[o, a] / 3;
                            largest[k] = Math.Max(largest[k], table[o, a]);
                        }
                }
                if (e < Episodes) learner.RunEpisode(rng);
            }
            return (Values: values, Moves: moves, Largest: largest);
        }, options.MaxThreads);

        var episodes = Enumerable.Range(0, points).Select(i => (double)(i * EvaluationInterval)).ToArray();
        var value = new RunCurves(results.Select(r => r.Values).ToArray());
        var largestCurve = new RunCurves(results.Select(r => r.Largest).ToArray());
        string[] names = ["rock", "paper", "scissors"];

        var policyChart = new LineChart
        {
            Title = "Rock-paper-scissors: REINFORCE approaches the uniform policy",
            XLabel = "episode (match)",
            YLabel = "probability",
            YMin = 0, YMax = 1,
            Legend = LegendPlacement.TopRight,
            Caption = $"REINFORCE (α = {StepSize}, γ = 1) with a tabular softmax over the opponent's last move, from a policy that plays rock with " +
                      $"probability {Math.Exp(InitialRockPreference) / (Math.Exp(InitialRockPreference) + 2):F2}. The opponent remembers each answer and " +
                      "plays what beats it, so every predictable answer loses; the gradient pushes the policy to the uniform Nash equilibrium. " +
                      $"Lines: each move's probability and the largest probability, averaged over the three observations after the first round and {runs} runs.",
        };
        for (int a = 0; a < 3; a++)
        {
            var curve = new RunCurves(results.Select(r => r.Moves[a]).ToArray());
            policyChart.AddSeries($"p({names[a]})", episodes, curve.Mean);
        }
        policyChart.AddSeries("largest probability", episodes, largestCurve.Mean, style: new SeriesStyle { Dashed = true, Color = "#555555" });
        policyChart.AddReferenceLine(1.0 / 3, "uniform: 1/3", "#d62728");

        var (_, deterministic) = BestDeterministic(model, game.Observations);
        var valueChart = new LineChart
        {
            Title = "Rock-paper-scissors: exact value of the learned policy",
            XLabel = "episode (match)",
            YLabel = $"exact J(θ) (mean of {runs} runs)",
            Legend = LegendPlacement.BottomRight,
            Caption = "The same runs, evaluated exactly on the 194-state model (the opponent's memory is hidden from the player). The uniform policy " +
                      $"is optimal with J = 0; the best deterministic policy gets {deterministic:F2}. Band: ± one standard error.",
        };
        valueChart.AddSeries("REINFORCE (tabular softmax)", episodes, value.Mean, value.Lower, value.Upper);
        valueChart.AddReferenceLine(0, "uniform (Nash equilibrium): J = 0", "#d62728");
        valueChart.AddReferenceLine(deterministic, $"best deterministic policy: {deterministic:F2}");

        var files = ExperimentFiles.Save(policyChart, options.OutputDirectory, Name).Concat(ExperimentFiles.Save(valueChart, options.OutputDirectory, Name + "-value")).ToArray();
        string[] summary =
        [
            $"J: {F(value.Mean[0])} at the start, {F(value.Mean[^1])} after {Episodes} matches (uniform policy: 0; best deterministic: {F(deterministic)})",
            $"largest action probability after the first round: {F(largestCurve.Mean[0])} at the start, {F(largestCurve.Mean[^1])} at the end (uniform: 0.333)",
        ];
        return new ExperimentResult(files, summary);
    }

    /// <summary>The best of the 3⁴ deterministic observation policies.</summary>
    private static (int[] Actions, double J) BestDeterministic(FiniteMdp model, ObservationMap observations)
    {
        int[] best = [];
        double bestJ = double.NegativeInfinity;
        for (int code = 0; code < 81; code++)
        {
            int[] actions = [code % 3, code / 3 % 3, code / 9 % 3, code / 27 % 3];
            double j = MdpOracle.Evaluate(model, observations.LiftDeterministic(actions, 3)).J;
            if (j > bestJ) { bestJ = j; best = actions; }
        }
        return (best, bestJ);
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
