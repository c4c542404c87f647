using System.Globalization;
using System.Text;
using static System.FormattableString;
using Ascent.Algorithms.PolicyImprovement;
using Ascent.Environments.Lectures;
using Ascent.Io;
using Ascent.Io.Plotting;
using Ascent.Mdp;

namespace Ascent.Experiments;

/// <summary>
/// The <c>cpi-bound</c> experiment (seed 004, issue 6): along the conservative policy-iteration line
/// π_new = (1 − α)π + απ' from a policy π toward its greedy policy π', the true return η(π_new) against the local
/// approximation L_π(π_new) and the lower bounds of Kakade &amp; Langford and of TRPO (total variation and KL), all
/// computed exactly on a finite MDP.
/// </summary>
/// <remarks>
/// Writes <c>cpi-bound.svg</c> (the figure) and <c>cpi-bound.csv</c> (one row per α: <see cref="CsvColumns"/>).
/// What it shows: L is a straight line tangent to η at α = 0 (first-order agreement) that overestimates η for large
/// steps; each bound touches η at α = 0, rises above η(π) only for small α — the improvement it certifies, largest
/// at CPI's bound-maximising α — and falls far below η for larger steps. The KL bound lies below the TV bound
/// (D_TV² ≤ D_KL) and is −∞ at α = 1 when π' is deterministic, since KL(π ‖ π') is infinite there.
/// </remarks>
public static class CpiBoundExperiment
{
    /// <summary>The figure's file name.</summary>
    public const string SvgFile = "cpi-bound.svg";

    /// <summary>The data's file name.</summary>
    public const string CsvFile = "cpi-bound.csv";

    /// <summary>The columns of <see cref="CsvFile"/>, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["alpha", "true_return", "surrogate", "kakade_langford_bound", "trpo_tv_bound", "trpo_kl_bound", "max_kl", "max_tv"];

    /// <summary>Runs the experiment and writes <see cref="SvgFile"/> and <see cref="CsvFile"/> into <paramref name="outputDirectory"/> (created if missing).</summary>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public static CpiBoundResult Run(string outputDirectory, CpiBoundOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        options ??= new CpiBoundOptions();
        options.Validate();
        var result = Compute(options);
        Directory.CreateDirectory(outputDirectory);
        string svgPath = Path.Combine(outputDirectory, SvgFile), csvPath = Path.Combine(outputDirectory, CsvFile);
        AtomicFile.WriteAllText(svgPath, Chart(result).ToSvg());
        AtomicFile.WriteAllText(csvPath, Csv(result.Rows));
        return result with { SvgPath = svgPath, CsvPath = csvPath };
    }

    /// <summary>Computes the curves without writing anything.</summary>
    public static CpiBoundResult Compute(CpiBoundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (model, start, startName) = options.Environment switch
        {
            ThreeStateChain.Id => (new ThreeStateChain().Model, ThreeStateChain.LecturePolicy, "the lecture's policy table (P(Right) = 0.9 in s1, 0.8 in s2)"),
            _ => (new AliasedGridworld().Model, PolicyTable.Uniform(8, 4), "the uniform policy over the cells (the true state is visible)"),
        };
        var mdp = options.Gamma is { } gamma ? model.WithGamma(gamma) : model;

        var current = MdpOracle.Evaluate(mdp, start);
        var greedy = ConservativePolicyIteration.Greedy(current);
        var rows = new MixtureEvaluation[options.Points];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = ConservativePolicyIteration.EvaluateMixture(current, greedy, i == rows.Length - 1 ? 1.0 : (double)i / (rows.Length - 1));

        double alphaStar = ConservativePolicyIteration.BoundMaximizingAlpha(
            PerformanceDifference.PolicyAdvantage(current, greedy), ImprovementBounds.MaxExpectedAdvantage(current, greedy), mdp.Gamma);
        var atAlphaStar = ConservativePolicyIteration.EvaluateMixture(current, greedy, alphaStar);
        string description = string.Create(CultureInfo.InvariantCulture,
            $"{options.Environment} with γ = {mdp.Gamma:0.###}{(options.Gamma is null ? "" : " (set by the experiment)")}, π = {startName}, π' = the greedy policy w.r.t. A^π");
        return new CpiBoundResult(description, mdp.Gamma, current.J, rows[^1].TrueReturn, atAlphaStar, rows, SvgPath: null, CsvPath: null);
    }

    private static LineChart Chart(CpiBoundResult r)
    {
        var alpha = r.Rows.Select(m => m.Alpha).ToArray();
        double gain = Math.Max(r.Rows.Max(m => m.Surrogate), r.Rows.Max(m => m.TrueReturn)) - r.CurrentReturn;
        double floor = r.Rows.Where(m => double.IsFinite(m.TrpoKlBound)).Select(m => m.TrpoKlBound).DefaultIfEmpty(r.CurrentReturn).Min();
        var chart = new LineChart
        {
            Title = "Conservative policy iteration: true return vs. surrogate and lower bounds",
            XLabel = "mixture weight α of the greedy policy:  π_new = (1 − α)·π + α·π'",
            YLabel = "expected discounted return η",
            // Keep the region where the bounds are informative in view: at most a few gains below η(π).
            YMin = Math.Max(floor, r.CurrentReturn - 2 * gain),
            Width = 860,
            Height = 560,
            Legend = LegendPlacement.BottomRight,
            Caption = Caption(r),
        };
        chart.AddSeries("true η(π_new)", alpha, r.Rows.Select(m => m.TrueReturn).ToArray(), style: new SeriesStyle { LineWidth = 3 });
        chart.AddSeries("surrogate L_π(π_new)", alpha, r.Rows.Select(m => m.Surrogate).ToArray(), style: new SeriesStyle { Dashed = true });
        chart.AddSeries("Kakade–Langford bound", alpha, r.Rows.Select(m => m.KakadeLangfordBound).ToArray());
        chart.AddSeries("TRPO bound (max TV)", alpha, r.Rows.Select(m => m.TrpoTotalVariationBound).ToArray());
        chart.AddSeries("TRPO bound (max KL)", alpha, r.Rows.Select(m => m.TrpoKlBound).ToArray());
        chart.AddScatter("CPI step α* (max of the Kakade–Langford bound)", [r.BoundMaximizingStep.Alpha], [r.BoundMaximizingStep.KakadeLangfordBound],
            new SeriesStyle { Color = "#111111", MarkerRadius = 5 });
        chart.AddReferenceLine(r.CurrentReturn, string.Create(CultureInfo.InvariantCulture, $"η(π) = {r.CurrentReturn:0.###}"));
        return chart;
    }

    /// <summary>What the figure shows, with this run's numbers.</summary>
    private static string Caption(CpiBoundResult r)
    {
        var end = r.Rows[^1];
        var star = r.BoundMaximizingStep;
        double miss = end.Surrogate - end.TrueReturn;
        return Invariant($"{r.Description}; everything is exact (finite-MDP oracle). ")
            + "The surrogate L_π(π_new) = η(π) + Σ_s d_π(s) Σ_a π_new(a|s) A^π(s,a) is tangent to the true η at α = 0 "
            + Invariant($"but ignores how π_new changes the state visitation: at α = 1 it is off by {miss:+0.###;−0.###}. ")
            + "Each bound subtracts a penalty quadratic in the step size (Kakade–Langford: 2εγα²/(1 − γ)²; TRPO: 4εγ·TV²/(1 − γ)², or C·KL since TV² ≤ KL, "
            + "maxima over states). The true η stays above every bound, but the bounds certify an improvement over η(π) only for small α: "
            + Invariant($"the marker is CPI's bound-maximising step α* = {star.Alpha:0.####}, guaranteed gain {star.KakadeLangfordBound - r.CurrentReturn:0.####}, ")
            + Invariant($"actual gain {star.TrueReturn - r.CurrentReturn:0.####}.")
            + (double.IsNegativeInfinity(end.TrpoKlBound) ? " At α = 1 the KL bound is −∞: the greedy π' is deterministic, so KL(π ‖ π') is infinite." : "");
    }

    private static string Csv(IReadOnlyList<MixtureEvaluation> rows)
    {
        var csv = new StringBuilder(string.Join(',', CsvColumns)).Append('\n');
        foreach (var m in rows)
            csv.AppendJoin(',', new[] { m.Alpha, m.TrueReturn, m.Surrogate, m.KakadeLangfordBound, m.TrpoTotalVariationBound, m.TrpoKlBound, m.MaxKl, m.MaxTotalVariation }
                .Select(CsvText.FormatNumber)).Append('\n');
        return csv.ToString();
    }
}
