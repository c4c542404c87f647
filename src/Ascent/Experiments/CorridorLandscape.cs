using Ascent.Environments.Lectures;
using Ascent.Io.Plotting;
using Ascent.Mdp;

namespace Ascent.Experiments;

/// <summary>
/// The inset of Sutton &amp; Barto's Example 13.1: the exact value of the short corridor's start state as a function of
/// the probability p of choosing right, J(p) = −(4 − 2p)/(p(1 − p)), with the optimum p* = 2 − √2, v* = −(6 + 4√2), and
/// the two ε-greedy policies an action-value method is limited to.
/// </summary>
public sealed class CorridorLandscape : IExperiment
{
    /// <summary>ε of the ε-greedy policies (0.1: p = 0.95 or 0.05).</summary>
    public const double Epsilon = 0.1;

    /// <inheritdoc />
    public string Name => "corridor-landscape";

    /// <inheritdoc />
    public string Description => "exact J(p) of the short corridor: p*, v* and the ε-greedy values (Sutton & Barto Example 13.1)";

    /// <inheritdoc />
    public int DefaultRuns => 1;

    /// <summary>J(p) from the oracle (three Bellman equations solved exactly).</summary>
    public static double Value(double probabilityOfRight) =>
        MdpOracle.Evaluate(new ShortCorridor().Model, ShortCorridor.PolicyOfProbability(probabilityOfRight)).J;

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const int points = 393;
        var p = new double[points];
        var j = new double[points];
        for (int i = 0; i < points; i++) { p[i] = 0.01 + 0.98 * i / (points - 1); j[i] = Value(p[i]); }
        double pStar = ShortCorridor.OptimalProbabilityOfRight, vStar = Value(pStar);
        double greedyRight = Value(1 - Epsilon / 2), greedyLeft = Value(Epsilon / 2);
        var chart = new LineChart
        {
            Title = "Short corridor: the value of the start state as a function of p(right)",
            XLabel = "probability of the right action, p",
            YLabel = "J(θ) = v_π(s₀)",
            XMin = 0, XMax = 1, YMin = -100, YMax = 0,
            Legend = LegendPlacement.BottomRight,
            Caption = "Exact J(p) = −(4 − 2p)/(p(1 − p)) from solving the Bellman equations (γ = 1). All three states look alike, so a policy is one " +
                      $"probability p. The best stochastic policy p* = 2 − √2 ≈ {pStar:F3} reaches v* = −(6 + 4√2) ≈ {vStar:F2}; an action-value method with " +
                      $"ε-greedy selection (ε = {Epsilon}) can only pick p = 0.95 ({greedyRight:F2}) or p = 0.05 ({greedyLeft:F2}).",
        };
        chart.AddSeries("J(p), exact", p, j, style: new SeriesStyle { LineWidth = 2 });
        chart.AddScatter($"optimal stochastic policy: p* = {pStar:F3}, v* = {vStar:F2}", [pStar], [vStar], new SeriesStyle { MarkerRadius = 6, Color = "#d62728" });
        chart.AddScatter($"ε-greedy right (p = 0.95): {greedyRight:F2}", [1 - Epsilon / 2], [greedyRight], new SeriesStyle { MarkerRadius = 6, Color = "#2ca02c" });
        chart.AddScatter($"ε-greedy left (p = 0.05): {greedyLeft:F2}", [Epsilon / 2], [greedyLeft], new SeriesStyle { MarkerRadius = 6, Color = "#9467bd" });
        chart.AddReferenceLine(vStar, "v* ≈ −11.66");
        string[] summary =
        [
            $"p* = {pStar:F6}, v*(s0) = {vStar:F6}",
            $"epsilon-greedy right (p = 0.95): {greedyRight:F4}; epsilon-greedy left (p = 0.05): {greedyLeft:F4}",
        ];
        return new ExperimentResult(ExperimentFiles.Save(chart, options.OutputDirectory, Name), summary);
    }
}
