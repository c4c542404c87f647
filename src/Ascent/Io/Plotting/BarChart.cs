using System.Text;

namespace Ascent.Io.Plotting;

/// <summary>
/// Grouped bars with optional error bars: one group per category along the horizontal axis, one bar per
/// series within each group.
/// <code>
/// var svg = new BarChart("CartPole-v1", "Acrobot-v1") { Title = "Final return", YLabel = "return" }
///     .AddSeries("PPO", [487, -81], errors: [12, 6])
///     .AddSeries("A2C", [402, -93], errors: [40, 11])
///     .ToSvg();
/// </code>
/// Bars start at zero (or at the axis end nearest zero when <see cref="YMin"/>/<see cref="YMax"/> exclude it);
/// a non-finite value draws no bar, a non-finite error no error bar.
/// </summary>
public sealed class BarChart : Chart
{
    private readonly string[] _categories;
    private readonly List<BarSeries> _series = [];

    /// <summary>Creates a chart with one group of bars per category, in order.</summary>
    public BarChart(params string[] categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Length == 0) throw new ArgumentException("BarChart: at least one category is needed.", nameof(categories));
        _categories = (string[])categories.Clone();
    }

    /// <summary>The categories (groups) along the horizontal axis.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>Fixes the bottom of the vertical axis (default: zero or below the data, at a nice tick).</summary>
    public double? YMin { get; set; }

    /// <summary>Fixes the top of the vertical axis (default: zero or above the data, at a nice tick).</summary>
    public double? YMax { get; set; }

    /// <summary>
    /// Adds a bar per category with heights <paramref name="values"/>; <paramref name="errors"/> (same length, or
    /// empty) draws error bars of ± that amount.
    /// </summary>
    public BarChart AddSeries(string name, ReadOnlySpan<double> values, ReadOnlySpan<double> errors = default, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (values.Length != _categories.Length)
            throw new ArgumentException($"BarChart.AddSeries(\"{name}\"): {values.Length} values for {_categories.Length} categories.", nameof(values));
        if (errors.Length != 0 && errors.Length != values.Length)
            throw new ArgumentException($"BarChart.AddSeries(\"{name}\"): {values.Length} values but {errors.Length} errors.", nameof(errors));
        foreach (double e in errors)
            if (e < 0) throw new ArgumentOutOfRangeException(nameof(errors), e, $"BarChart.AddSeries(\"{name}\"): errors must be ≥ 0.");
        _series.Add(new BarSeries(name, values.ToArray(), errors.Length > 0 ? errors.ToArray() : null, color ?? Palette.Color(_series.Count)));
        return this;
    }

    /// <summary>Adds a labelled horizontal line at <paramref name="y"/>.</summary>
    public BarChart AddReferenceLine(double y, string label, string? color = null)
    {
        AddReference(y, label, color);
        return this;
    }

    /// <inheritdoc />
    public override string ToCsv()
    {
        var csv = new StringBuilder("category,series,value,error\n");
        for (int c = 0; c < _categories.Length; c++)
            foreach (var s in _series)
                csv.Append(CsvText.Quote(_categories[c])).Append(',').Append(CsvText.Quote(s.Name)).Append(',')
                   .Append(CsvText.FormatNumber(s.Values[c])).Append(',').Append(s.Errors is null ? "" : CsvText.FormatNumber(s.Errors[c])).Append('\n');
        foreach (var r in ReferenceLines)
            csv.Append(",").Append(CsvText.Quote(r.Label)).Append(',').Append(CsvText.FormatNumber(r.Y)).Append(",\n");
        return csv.ToString();
    }

    private protected override Axis CreateYAxis(double pixelBottom, double pixelTop, int targetTicks)
    {
        double min = 0, max = 0;
        foreach (var s in _series)
            for (int c = 0; c < _categories.Length; c++)
            {
                double v = s.Values[c];
                if (!double.IsFinite(v)) continue;
                double e = s.Errors is { } errs && double.IsFinite(errs[c]) ? errs[c] : 0;
                min = Math.Min(min, v - e);
                max = Math.Max(max, v + e);
            }
        foreach (var r in ReferenceLines) { min = Math.Min(min, r.Y); max = Math.Max(max, r.Y); }
        return Axis.Create(AxisScale.Linear, min, max, YMin, YMax, extend: true, pixelBottom, pixelTop, targetTicks, "BarChart y axis");
    }

    private protected override void DrawData(SvgWriter svg, PlotArea plot, Axis yAxis)
    {
        double baseline = yAxis.Map(Math.Clamp(0, Math.Min(yAxis.Min, yAxis.Max), Math.Max(yAxis.Min, yAxis.Max)));
        foreach (var (s, c, x, width) in Bars(plot))
        {
            double v = s.Values[c];
            if (!double.IsFinite(v)) continue;
            double y = yAxis.Map(v);
            svg.Rect(x, Math.Min(y, baseline), width, Math.Abs(baseline - y), $"fill=\"{SvgWriter.Escape(s.Color)}\"");
            if (s.Errors is { } errors && double.IsFinite(errors[c]) && errors[c] > 0)
            {
                double mid = x + width / 2, cap = Math.Min(6, width / 3);
                double lo = yAxis.Map(v - errors[c]), hi = yAxis.Map(v + errors[c]);
                const string stroke = "stroke=\"#222222\" stroke-width=\"1.3\"";
                svg.Segment(mid, lo, mid, hi, stroke).Segment(mid - cap, lo, mid + cap, lo, stroke).Segment(mid - cap, hi, mid + cap, hi, stroke);
            }
        }
        if (yAxis.Min < 0 && yAxis.Max > 0) svg.Segment(plot.Left, baseline, plot.Right, baseline, "stroke=\"#777777\" stroke-width=\"1\"");
    }

    private protected override void DrawXAxis(SvgWriter svg, PlotArea plot)
    {
        double group = plot.Width / _categories.Length;
        for (int c = 0; c < _categories.Length; c++)
        {
            double mid = plot.Left + (c + 0.5) * group;
            svg.TextAt(mid, plot.Bottom + 8 + 11, Fit(_categories[c], group - 6), "asc-tick", "middle");
        }
    }

    private protected override IReadOnlyList<LegendEntry> LegendEntries() =>
        _series.Count < 2 && _series.All(s => s.Name.Length == 0) ? [] : [.. _series.Where(s => s.Name.Length > 0).Select(s => new LegendEntry(s.Name, s.Color, LegendSwatch.Box))];

    private protected override IEnumerable<(double X, double Y)> PixelPoints(PlotArea plot, Axis yAxis)
    {
        double baseline = yAxis.Map(Math.Clamp(0, Math.Min(yAxis.Min, yAxis.Max), Math.Max(yAxis.Min, yAxis.Max)));
        foreach (var (s, c, x, width) in Bars(plot))
        {
            double v = s.Values[c];
            if (!double.IsFinite(v)) continue;
            double top = yAxis.Map(v + (s.Errors is { } e && double.IsFinite(e[c]) ? Math.Sign(v) * e[c] : 0));
            // Sample the bar's area so a legend is not put over it.
            for (double px = x; px <= x + width; px += Math.Max(2, width / 4))
                for (double py = Math.Min(top, baseline); py <= Math.Max(top, baseline); py += 8)
                    yield return (px, py);
        }
    }

    /// <summary>Each bar's series, category, left edge and width.</summary>
    private IEnumerable<(BarSeries Series, int Category, double X, double Width)> Bars(PlotArea plot)
    {
        if (_series.Count == 0) yield break;
        double group = plot.Width / _categories.Length;
        double width = group * 0.8 / _series.Count;
        for (int c = 0; c < _categories.Length; c++)
            for (int k = 0; k < _series.Count; k++)
                yield return (_series[k], c, plot.Left + c * group + group * 0.1 + k * width, width * 0.92);
    }

    private sealed record BarSeries(string Name, double[] Values, double[]? Errors, string Color);
}
