using System.Globalization;
using Ascent.Environments.Lectures;
using Ascent.Io.Plotting;

namespace Ascent.Experiments;

/// <summary>
/// Sutton &amp; Barto's Figure 13.1: REINFORCE on the short corridor with step sizes 2⁻¹², 2⁻¹³ and 2⁻¹⁴, total reward
/// per episode averaged over 100 runs of 1000 episodes, against v*(s₀) = −(6 + 4√2).
/// </summary>
public sealed class Figure13_1 : IExperiment
{
    /// <summary>Episodes per run, as in the book.</summary>
    public const int Episodes = 1000;

    /// <summary>The book's step sizes, as powers of two.</summary>
    public static IReadOnlyList<int> StepSizeExponents { get; } = [-12, -13, -14];

    /// <inheritdoc />
    public string Name => "fig13-1";

    /// <inheritdoc />
    public string Description => "REINFORCE on the short corridor, α = 2^-12, 2^-13, 2^-14 (Sutton & Barto Figure 13.1)";

    /// <inheritdoc />
    public int DefaultRuns => 100;

    /// <summary>The averaged curve of each step size (in <see cref="StepSizeExponents"/> order).</summary>
    public static RunCurves[] Curves(int runs, ulong seed, int? maxThreads = null)
    {
        var curves = new RunCurves[StepSizeExponents.Count];
        for (int i = 0; i < curves.Length; i++)
        {
            double alpha = Math.Pow(2, StepSizeExponents[i]);
            ulong stepSeed = seed + (ulong)i * 1_000_003;
            curves[i] = new RunCurves(ParallelRuns.Run(runs, stepSeed, (_, rng) => ShortCorridorRuns.Reinforce(alpha, Episodes, rng), maxThreads));
        }
        return curves;
    }

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int runs = options.RunsFor(this);
        var curves = Curves(runs, options.Seed, options.MaxThreads);
        var chart = new LineChart
        {
            Title = "REINFORCE on the short corridor (Sutton & Barto Figure 13.1)",
            XLabel = "episode",
            YLabel = $"total reward on episode (mean of {runs} runs)",
            YMin = -90, YMax = -10,
            Legend = LegendPlacement.BottomRight,
            Caption = $"REINFORCE (Sutton & Barto's box, γ = 1) with the linear softmax over x(s,right) = [1,0], x(s,left) = [0,1], from θ = [−1.47, 1.47] (p(right) ≈ 0.05). " +
                      $"Each curve is the total reward per episode averaged over {runs} independent runs; the band is ± one standard error of that mean. " +
                      "Too large a step size learns fast but settles below the optimum; too small a step learns slowly.",
        };
        var summary = new List<string>();
        for (int i = 0; i < curves.Length; i++)
        {
            string label = $"α = 2^{StepSizeExponents[i]}";
            chart.AddSeries(label, curves[i].Episodes, curves[i].Mean, curves[i].Lower, curves[i].Upper, new SeriesStyle { LineWidth = 1.5, BandOpacity = 0.15 });
            summary.Add($"{label}: first episode {F(curves[i].Mean[0])}, mean of the last 100 episodes {F(curves[i].FinalAverage(100))}");
        }
        chart.AddReferenceLine(ShortCorridor.OptimalStartValue, "v*(s₀) = −(6 + 4√2) ≈ −11.66");
        summary.Add($"v*(s0) = {F(ShortCorridor.OptimalStartValue)}");
        return new ExperimentResult(ExperimentFiles.Save(chart, options.OutputDirectory, Name), summary);
    }

    internal static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
