using System.Globalization;
using System.Net;
using System.Text;
using Ascent.Io.Plotting;
using Ascent.Training.Logging;

namespace Ascent.Io.Reports;

/// <summary>
/// A self-contained HTML report (inline SVG and CSS, no scripts, nothing fetched) for one or more run
/// directories: a table of runs, learning curves (return against steps and wall time, episode length),
/// every other logged scalar (losses, KL, entropy, …) against steps, each run's configuration and machine.
/// Runs that share environment and algorithm are overlaid with their mean ± std band.
/// </summary>
public sealed class RunReport
{
    private static readonly string[] PreferredOrder =
    [
        LogKeys.PolicyGradientLoss, LogKeys.ValueLoss, LogKeys.EntropyLoss, LogKeys.Loss, LogKeys.ApproxKl, LogKeys.Kl,
        LogKeys.ClipFraction, LogKeys.ExplainedVariance, LogKeys.Std, LogKeys.GradNorm, LogKeys.LearningRate,
        LogKeys.ClipRange, LogKeys.StepSize, LogKeys.EvalMeanReward, LogKeys.EvalMeanEpisodeLength, LogKeys.Fps,
    ];

    // Columns that are axes or counters, not curves worth a chart of their own.
    private static readonly HashSet<string> NotCharted =
    [
        LogKeys.TotalTimesteps, LogKeys.TimeElapsed, LogKeys.Iterations, LogKeys.UpdateCount, LogKeys.Episodes,
        LogKeys.EpisodeRewardMean, LogKeys.EpisodeLengthMean, LogKeys.EvalMeanReward,
    ];

    private readonly IReadOnlyList<RunDirectory> _runs;

    /// <summary>A report over <paramref name="runs"/> (at least one).</summary>
    public RunReport(IReadOnlyList<RunDirectory> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("RunReport: at least one run directory is needed.", nameof(runs));
        _runs = runs;
    }

    /// <summary>The heading of the page (default: "Ascent report" and the environments).</summary>
    public string? Title { get; set; }

    /// <summary>Loads the run directories at <paramref name="paths"/> and writes the report to <paramref name="outputPath"/>.</summary>
    public static void Write(IEnumerable<string> paths, string outputPath, string? title = null)
    {
        var report = new RunReport([.. paths.Select(RunDirectory.Load)]) { Title = title };
        string? dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        string temp = outputPath + ".tmp";
        File.WriteAllText(temp, report.ToHtml(), new UTF8Encoding(false));
        File.Move(temp, outputPath, overwrite: true);
    }

    /// <summary>The report as one HTML document.</summary>
    public string ToHtml()
    {
        var envs = _runs.Select(r => r.Env).Distinct().ToList();
        string title = Title ?? "Ascent report: " + string.Join(", ", envs);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n");
        html.Append("<p class=\"meta\">").Append(_runs.Count).Append(_runs.Count == 1 ? " run" : " runs")
            .Append(" · generated ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</p>\n");

        html.Append("<nav>").Append(Link("runs", "Runs"));
        foreach (var env in envs) html.Append(" · ").Append(Link(Anchor(env), env));
        if (_runs.Any(r => r.Config is not null)) html.Append(" · ").Append(Link("configuration", "Configuration"));
        if (_runs.Any(r => r.Machine.Count > 0)) html.Append(" · ").Append(Link("machine", "Machine"));
        html.Append("</nav>\n");

        AppendRunTable(html);
        foreach (var env in envs)
        {
            var runs = _runs.Where(r => r.Env == env).ToList();
            html.Append("<h2 id=\"").Append(Anchor(env)).Append("\">").Append(E(env)).Append("</h2>\n");
            AppendLearningCurves(html, env, runs);
            AppendDiagnostics(html, env, runs);
        }
        AppendConfigs(html);
        AppendMachines(html);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private void AppendRunTable(StringBuilder html)
    {
        html.Append("<h2 id=\"runs\">Runs</h2>\n<table class=\"runs\">\n<thead><tr><th>run</th><th>environment</th><th>algorithm</th><th>seed</th>")
            .Append("<th>dumps</th><th>steps</th><th>wall time</th><th>final mean return</th><th>best mean return</th></tr></thead>\n<tbody>\n");
        foreach (var run in _runs)
        {
            var p = run.Progress;
            double steps = LastFinite(p.Column(LogKeys.TotalTimesteps));
            double seconds = LastFinite(p.Column(LogKeys.TimeElapsed));
            double final = LastFinite(p.Column(LogKeys.EpisodeRewardMean));
            double best = p.Column(LogKeys.EpisodeRewardMean)?.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max() ?? double.NaN;
            html.Append("<tr><td class=\"name\">").Append(E(run.Name)).Append("</td><td>").Append(E(run.Env)).Append("</td><td>").Append(E(run.Algorithm))
                .Append("</td><td class=\"num\">").Append(run.Seed?.ToString(CultureInfo.InvariantCulture) ?? "–")
                .Append("</td><td class=\"num\">").Append(p.RowCount)
                .Append("</td><td class=\"num\">").Append(Number(steps, "N0"))
                .Append("</td><td class=\"num\">").Append(double.IsFinite(seconds) ? E(Duration(seconds)) : "–")
                .Append("</td><td class=\"num\">").Append(Number(final, "G5"))
                .Append("</td><td class=\"num\">").Append(Number(best, "G5")).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private void AppendLearningCurves(StringBuilder html, string env, List<RunDirectory> runs)
    {
        bool anyReturn = runs.Any(r => r.Progress.HasData(LogKeys.EpisodeRewardMean));
        if (!anyReturn)
        {
            html.Append("<p class=\"note\">No <code>").Append(LogKeys.EpisodeRewardMean).Append("</code> column was logged: no learning curve.</p>\n");
            return;
        }
        html.Append("<div class=\"wide\">\n");
        html.Append(CurveChart(env, runs, LogKeys.EpisodeRewardMean, StepsAxis, "mean episode return", 1200, 460, band: true,
            caption: "Mean return of the recent training episodes. " + BandCaption(runs)).ToSvg());
        html.Append("</div>\n<div class=\"grid\">\n");
        if (runs.Any(r => r.Progress.HasData(LogKeys.TimeElapsed)))
            html.Append(Figure(CurveChart(env, runs, LogKeys.EpisodeRewardMean, WallTimeAxis, "mean episode return", 590, 360, band: false,
                caption: "Return against wall-clock time since the start of training.")));
        if (runs.Any(r => r.Progress.HasData(LogKeys.EvalMeanReward)))
            html.Append(Figure(CurveChart(env, runs, LogKeys.EvalMeanReward, StepsAxis, "mean evaluation return", 590, 360, band: true,
                caption: "Mean return of the periodic evaluations (deterministic policy, separate environment).")));
        if (runs.Any(r => r.Progress.HasData(LogKeys.EpisodeLengthMean)))
            html.Append(Figure(CurveChart(env, runs, LogKeys.EpisodeLengthMean, StepsAxis, "mean episode length", 590, 360, band: true, caption: null)));
        html.Append("</div>\n");
    }

    private void AppendDiagnostics(StringBuilder html, string env, List<RunDirectory> runs)
    {
        var columns = runs.SelectMany(r => r.Progress.ColumnNames).Distinct()
            .Where(c => !NotCharted.Contains(c) && runs.Any(r => r.Progress.HasData(c)))
            .OrderBy(c => Array.IndexOf(PreferredOrder, c) is int i and >= 0 ? i : PreferredOrder.Length)
            .ThenBy(c => c, StringComparer.Ordinal)
            .ToList();
        if (columns.Count == 0) return;
        html.Append("<h3>Training diagnostics</h3>\n<div class=\"grid\">\n");
        foreach (var column in columns)
            html.Append(Figure(CurveChart(env, runs, column, StepsAxis, column[(column.IndexOf('/') + 1)..], 590, 340, band: true, caption: null)));
        html.Append("</div>\n");
    }

    private void AppendConfigs(StringBuilder html)
    {
        if (_runs.All(r => r.Config is null)) return;
        html.Append("<h2 id=\"configuration\">Configuration</h2>\n");
        // Open when there are few; with many runs (often differing only in the seed) they start folded.
        string open = _runs.Count <= 2 ? " open" : "";
        foreach (var run in _runs.Where(r => r.Config is not null))
            html.Append("<details").Append(open).Append("><summary>").Append(E(run.Name)).Append("</summary>\n<pre>").Append(E(run.Config!.TrimEnd())).Append("</pre>\n</details>\n");
    }

    private void AppendMachines(StringBuilder html)
    {
        var withMachine = _runs.Where(r => r.Machine.Count > 0).ToList();
        if (withMachine.Count == 0) return;
        html.Append("<h2 id=\"machine\">Machine</h2>\n");
        // Runs on identical machines share one table.
        foreach (var group in withMachine.GroupBy(r => string.Join("\n", r.Machine.Select(kv => kv.Key + "=" + kv.Value))))
        {
            var names = group.Select(r => r.Name).ToList();
            html.Append("<table class=\"machine\">\n<caption>").Append(E(names.Count == _runs.Count && _runs.Count > 1 ? "all runs" : string.Join(", ", names))).Append("</caption>\n<tbody>\n");
            foreach (var (key, value) in group.First().Machine)
                html.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
            html.Append("</tbody>\n</table>\n");
        }
    }

    private record struct XAxis(string Label, Func<ProgressTable, double[]> Values);

    private static readonly XAxis StepsAxis = new("environment steps", p =>
        p.Column(LogKeys.TotalTimesteps) is { } steps && steps.Any(double.IsFinite) ? steps : [.. Enumerable.Range(1, p.RowCount).Select(i => (double)i)]);

    private static readonly XAxis WallTimeAxis = new("wall time (s)", p => p.Column(LogKeys.TimeElapsed) ?? new double[p.RowCount]);

    /// <summary>
    /// One chart of <paramref name="column"/>: every run as a line; for algorithms with several runs, faint lines
    /// per run plus a bold mean with a ± std band (when <paramref name="band"/>).
    /// </summary>
    private static LineChart CurveChart(string env, List<RunDirectory> runs, string column, XAxis x, string yLabel,
        int width, int height, bool band, string? caption)
    {
        bool stepsAreDumps = runs.All(r => !r.Progress.HasData(LogKeys.TotalTimesteps));
        var chart = new LineChart
        {
            Title = $"{column} — {env}",
            XLabel = x.Label == StepsAxis.Label && stepsAreDumps ? "logger dump" : x.Label,
            YLabel = yLabel,
            Caption = caption,
            Width = width,
            Height = height,
        };
        var groups = runs.GroupBy(r => r.Algorithm).ToList();
        for (int g = 0; g < groups.Count; g++)
        {
            string color = Palette.Color(g);
            var members = groups[g].Where(r => r.Progress.HasData(column)).ToList();
            if (members.Count == 0) continue;
            var curves = members.Select(r => Logged(x.Values(r.Progress), r.Progress.Column(column)!)).ToList();
            if (members.Count == 1)
            {
                chart.AddSeries(Label(groups[g].Key, members[0]), curves[0].X, curves[0].Y, style: new SeriesStyle { Color = color });
                continue;
            }
            foreach (var (xs, ys) in curves)
                chart.AddSeries("", xs, ys, style: new SeriesStyle { Color = color, LineWidth = 1.2, Opacity = 0.35, InLegend = false });
            var (mx, mean, std) = band ? CurveAggregate.MeanStd(curves) : ([], [], []);
            if (mx.Length > 0)
                chart.AddMeanStd($"{groups[g].Key} (mean ± std of {members.Count} runs)", mx, mean, std, new SeriesStyle { Color = color, LineWidth = 2.5 });
            else
                chart.AddSeries($"{groups[g].Key} ({members.Count} runs)", [], [], style: new SeriesStyle { Color = color });
        }
        return chart;
    }

    /// <summary>
    /// The points where both coordinates were logged: rows written by other dumps (an evaluation's, which has no training
    /// losses; a training dump, which has no evaluation) leave empty cells that must not break a curve.
    /// </summary>
    private static (double[] X, double[] Y) Logged(double[] xs, double[] ys)
    {
        var keep = Enumerable.Range(0, Math.Min(xs.Length, ys.Length)).Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
        return ([.. keep.Select(i => xs[i])], [.. keep.Select(i => ys[i])]);
    }

    private static string Label(string algorithm, RunDirectory run) =>
        run.Seed is int seed ? $"{algorithm} (seed {seed})" : $"{algorithm} ({run.Name})";

    private static string BandCaption(List<RunDirectory> runs) =>
        runs.GroupBy(r => r.Algorithm).Any(g => g.Count() > 1)
            ? "Faint lines: single runs. Bold line and band: mean ± std (population) across the runs of an algorithm, each interpolated linearly onto common steps over the range all of them cover."
            : "One line per run.";

    private static string Figure(LineChart chart) => "<figure>" + chart.ToSvg() + "</figure>\n";

    private static double LastFinite(double[]? values)
    {
        if (values is null) return double.NaN;
        for (int i = values.Length - 1; i >= 0; i--) if (double.IsFinite(values[i])) return values[i];
        return double.NaN;
    }

    private static string Number(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:D2}s" : $"{seconds:0.0}s";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An element id for a section: letters, digits, '-' and '_' kept, anything else '-'.</summary>
    private static string Anchor(string name) =>
        "env-" + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);

    private static string Link(string anchor, string text) => $"<a href=\"#{anchor}\">{E(text)}</a>";

    private const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f6f7f9; color: #1b1f24; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #d9dde3; }
        h3 { font-size: 16px; margin: 24px 0 10px; }
        nav { margin: 8px 0 0; }
        nav a { color: #0b5cad; text-decoration: none; }
        .meta, .note { color: #5b6470; margin: 0 0 12px; }
        table { border-collapse: collapse; background: #fff; border: 1px solid #d9dde3; margin: 0 0 16px; }
        th, td { padding: 5px 10px; border-bottom: 1px solid #e8ebef; text-align: left; vertical-align: top; }
        thead th { background: #eef1f4; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.name { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
        table.runs { width: 100%; }
        table.machine { min-width: 50%; }
        table.machine caption { text-align: left; font-weight: 600; padding: 6px 0; }
        table.machine th { width: 9em; color: #5b6470; font-weight: 500; }
        .wide, figure { background: #fff; border: 1px solid #d9dde3; border-radius: 6px; padding: 8px; margin: 0; overflow-x: auto; }
        .wide { margin-bottom: 16px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr)); gap: 16px; margin-bottom: 16px; }
        svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        details { background: #fff; border: 1px solid #d9dde3; border-radius: 6px; padding: 8px 12px; margin-bottom: 10px; }
        summary { cursor: pointer; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
        pre { margin: 8px 0 0; font-size: 12.5px; overflow-x: auto; }

        """;
}
