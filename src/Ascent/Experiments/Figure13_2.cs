using Ascent.Environments.Lectures;
using Ascent.Io.Plotting;

namespace Ascent.Experiments;

/// <summary>
/// Sutton &amp; Barto's Figure 13.2: on the short corridor, REINFORCE with its best step size α = 2⁻¹³ against REINFORCE
/// with baseline (α_θ = 2⁻⁹, α_w = 2⁻⁶), total reward per episode averaged over 100 runs of 1000 episodes.
/// </summary>
public sealed class Figure13_2 : IExperiment
{
    /// <summary>Episodes per run, as in the book.</summary>
    public const int Episodes = 1000;

    /// <summary>Plain REINFORCE's step size, 2⁻¹³.</summary>
    public static readonly double ReinforceStepSize = Math.Pow(2, -13);

    /// <summary>α_θ = 2⁻⁹ of REINFORCE with baseline.</summary>
    public static readonly double PolicyStepSize = Math.Pow(2, -9);

    /// <summary>α_w = 2⁻⁶ of REINFORCE with baseline.</summary>
    public static readonly double ValueStepSize = Math.Pow(2, -6);

    /// <inheritdoc />
    public string Name => "fig13-2";

    /// <inheritdoc />
    public string Description => "REINFORCE (α = 2^-13) vs REINFORCE with baseline (α_θ = 2^-9, α_w = 2^-6) on the short corridor (Sutton & Barto Figure 13.2)";

    /// <inheritdoc />
    public int DefaultRuns => 100;

    /// <summary>The curves of plain REINFORCE and of REINFORCE with baseline.</summary>
    public static (RunCurves Reinforce, RunCurves WithBaseline) Curves(int runs, ulong seed, int? maxThreads = null)
    {
        var plain = new RunCurves(ParallelRuns.Run(runs, seed, (_, rng) => ShortCorridorRuns.Reinforce(ReinforceStepSize, Episodes, rng), maxThreads));
        var withBaseline = new RunCurves(ParallelRuns.Run(runs, seed + 7_919, (_, rng) =>
            ShortCorridorRuns.ReinforceWithBaseline(PolicyStepSize, ValueStepSize, Episodes, rng), maxThreads));
        return (plain, withBaseline);
    }

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int runs = options.RunsFor(this);
        var (plain, withBaseline) = Curves(runs, options.Seed, options.MaxThreads);
        var chart = new LineChart
        {
            Title = "REINFORCE with and without a baseline (Sutton & Barto Figure 13.2)",
            XLabel = "episode",
            YLabel = $"total reward on episode (mean of {runs} runs)",
            YMin = -90, YMax = -10,
            Legend = LegendPlacement.BottomRight,
            Caption = "Short corridor, γ = 1, from θ = [−1.47, 1.47] (p(right) ≈ 0.05). REINFORCE with baseline subtracts a learned v̂(s,w) = w " +
                      "(every state looks the same) from the return and can use a 16× larger policy step size, so it learns much faster. " +
                      $"Mean of {runs} runs, band ± one standard error.",
        };
        var style = new SeriesStyle { LineWidth = 1.5, BandOpacity = 0.15 };
        chart.AddSeries("REINFORCE, α = 2^-13", plain.Episodes, plain.Mean, plain.Lower, plain.Upper, style);
        chart.AddSeries("with baseline, α_θ = 2^-9, α_w = 2^-6", withBaseline.Episodes, withBaseline.Mean, withBaseline.Lower, withBaseline.Upper, style);
        chart.AddReferenceLine(ShortCorridor.OptimalStartValue, "v*(s₀) ≈ −11.66");
        string[] summary =
        [
            $"REINFORCE α = 2^-13: mean of the last 100 episodes {Figure13_1.F(plain.FinalAverage(100))}",
            $"REINFORCE with baseline: mean of the last 100 episodes {Figure13_1.F(withBaseline.FinalAverage(100))}, of episodes 101-200 {Figure13_1.F(withBaseline.Mean.Skip(100).Take(100).Average())}",
            $"v*(s0) = {Figure13_1.F(ShortCorridor.OptimalStartValue)}",
        ];
        return new ExperimentResult(ExperimentFiles.Save(chart, options.OutputDirectory, Name), summary);
    }
}
