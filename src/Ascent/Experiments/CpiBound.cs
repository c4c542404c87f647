using System.Globalization;

namespace Ascent.Experiments;

/// <summary>
/// <c>ascent experiment cpi-bound</c>: the true return of conservative policy iteration's mixtures against the
/// surrogate L and the Kakade–Langford and TRPO lower bounds (seed 004), computed exactly by <see cref="CpiBoundExperiment"/>.
/// </summary>
public sealed class CpiBound : IExperiment
{
    /// <inheritdoc />
    public string Name => "cpi-bound";

    /// <inheritdoc />
    public string Description => "conservative policy iteration: true η(π_new) vs the surrogate L and the Kakade–Langford/TRPO lower bounds along α (exact)";

    /// <inheritdoc />
    public int DefaultRuns => 1;

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = CpiBoundExperiment.Run(options.OutputDirectory);
        var step = result.BoundMaximizingStep;
        string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        string[] summary =
        [
            result.Description,
            $"η(π) = {F(result.CurrentReturn)}, η(π') = {F(result.GreedyReturn)} (greedy, α = 1)",
            $"CPI's bound-maximising α* = {F(step.Alpha)}: true η = {F(step.TrueReturn)}, Kakade–Langford bound = {F(step.KakadeLangfordBound)}",
            $"true η ≥ every bound on all {result.Rows.Count} values of α: {result.Rows.All(r => r.TrueReturn >= r.KakadeLangfordBound && r.TrueReturn >= r.TrpoTotalVariationBound && r.TrueReturn >= r.TrpoKlBound)}",
        ];
        return new ExperimentResult([result.SvgPath!, result.CsvPath!], summary);
    }
}
