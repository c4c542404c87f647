using System.Text;

namespace Ascent.Io.Plotting;

/// <summary>
/// Lines and markers on x–y axes, with optional shaded bands (mean ± std, confidence intervals), horizontal
/// reference lines and log scales.
/// <code>
/// var svg = new LineChart { Title = "CartPole-v1", XLabel = "steps", YLabel = "return" }
///     .AddMeanStd("PPO (5 seeds)", steps, mean, std)
///     .AddReferenceLine(500, "max return")
///     .ToSvg();
/// </code>
/// Points with a non-finite coordinate (or a non-positive one on a log axis) are not drawn: they break the
/// line into pieces, and a band where either bound is missing.
/// </summary>
public sealed class LineChart : Chart
{
    private readonly List<Series> _series = [];

    /// <summary>The horizontal axis scale (default linear).</summary>
    public AxisScale XScale { get; set; }

    /// <summary>The vertical axis scale (default linear).</summary>
    public AxisScale YScale { get; set; }

    /// <summary>Fixes the left end of the horizontal axis (default: the smallest x).</summary>
    public double? XMin { get; set; }

    /// <summary>Fixes the right end of the horizontal axis (default: the largest x).</summary>
    public double? XMax { get; set; }

    /// <summary>Fixes the bottom of the vertical axis (default: below the data, at a nice tick).</summary>
    public double? YMin { get; set; }

    /// <summary>Fixes the top of the vertical axis (default: above the data, at a nice tick).</summary>
    public double? YMax { get; set; }

    /// <summary>The number of series added.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>
    /// Adds a line through (<paramref name="xs"/>[i], <paramref name="ys"/>[i]); with <paramref name="lower"/> and
    /// <paramref name="upper"/> (same length) a band between them is shaded in the series colour.
    /// </summary>
    public LineChart AddSeries(string name, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys,
        ReadOnlySpan<double> lower = default, ReadOnlySpan<double> upper = default, SeriesStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (xs.Length != ys.Length) throw new ArgumentException($"LineChart.AddSeries(\"{name}\"): {xs.Length} x values but {ys.Length} y values.", nameof(ys));
        if (lower.Length != upper.Length) throw new ArgumentException($"LineChart.AddSeries(\"{name}\"): the band needs both bounds, got {lower.Length} lower and {upper.Length} upper values.", nameof(upper));
        if (lower.Length != 0 && lower.Length != xs.Length) throw new ArgumentException($"LineChart.AddSeries(\"{name}\"): {xs.Length} points but {lower.Length} band values.", nameof(lower));
        style ??= new SeriesStyle();
        style.Validate(name);
        string color = style.Color ?? Palette.Color(_series.Count);
        _series.Add(new Series(name, xs.ToArray(), ys.ToArray(), lower.Length > 0 ? lower.ToArray() : null, upper.Length > 0 ? upper.ToArray() : null, style, color));
        return this;
    }

    /// <summary>Adds a line for float32 data (converted to double).</summary>
    public LineChart AddSeries(string name, ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, SeriesStyle? style = null) =>
        AddSeries(name, ToDouble(xs), ToDouble(ys), style: style);

    /// <summary>Adds a line at <paramref name="mean"/> with a shaded band of ± <paramref name="std"/>.</summary>
    public LineChart AddMeanStd(string name, ReadOnlySpan<double> xs, ReadOnlySpan<double> mean, ReadOnlySpan<double> std, SeriesStyle? style = null)
    {
        if (std.Length != mean.Length) throw new ArgumentException($"LineChart.AddMeanStd(\"{name}\"): {mean.Length} means but {std.Length} standard deviations.", nameof(std));
        var lower = new double[mean.Length];
        var upper = new double[mean.Length];
        for (int i = 0; i < mean.Length; i++) { lower[i] = mean[i] - std[i]; upper[i] = mean[i] + std[i]; }
        return AddSeries(name, xs, mean, lower, upper, style);
    }

    /// <summary>Adds unconnected markers at the points (a scatter plot).</summary>
    public LineChart AddScatter(string name, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, SeriesStyle? style = null) =>
        AddSeries(name, xs, ys, style: (style ?? new SeriesStyle()) with { Line = false, Markers = true });

    /// <summary>Adds a labelled horizontal line at <paramref name="y"/>, such as an exact optimum.</summary>
    public LineChart AddReferenceLine(double y, string label, string? color = null)
    {
        AddReference(y, label, color);
        return this;
    }

    /// <inheritdoc />
    public override string ToCsv()
    {
        var csv = new StringBuilder("series,kind,x,y,y_lower,y_upper\n");
        foreach (var s in _series)
        {
            string kind = s.Style.Line ? "line" : "scatter";
            for (int i = 0; i < s.X.Length; i++)
                csv.Append(CsvText.Quote(s.Name)).Append(',').Append(kind).Append(',').Append(CsvText.FormatNumber(s.X[i])).Append(',').Append(CsvText.FormatNumber(s.Y[i]))
                   .Append(',').Append(s.Lower is null ? "" : CsvText.FormatNumber(s.Lower[i])).Append(',').Append(s.Upper is null ? "" : CsvText.FormatNumber(s.Upper[i])).Append('\n');
        }
        foreach (var r in ReferenceLines)
            csv.Append(CsvText.Quote(r.Label)).Append(",reference,,").Append(CsvText.FormatNumber(r.Y)).Append(",,\n");
        return csv.ToString();
    }

    private protected override Axis CreateYAxis(double pixelBottom, double pixelTop, int targetTicks)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var s in _series)
            for (int i = 0; i < s.X.Length; i++)
            {
                if (!AcceptsX(s.X[i])) continue;
                Include(s.Y[i]);
                if (s.Lower is not null) { Include(s.Lower[i]); Include(s.Upper![i]); }
            }
        foreach (var r in ReferenceLines) Include(r.Y);
        if (min > max) (min, max) = (double.NaN, double.NaN);
        return Axis.Create(YScale, min, max, YMin, YMax, extend: true, pixelBottom, pixelTop, targetTicks, "LineChart y axis");

        void Include(double v)
        {
            if (!double.IsFinite(v) || (YScale == AxisScale.Log && v <= 0)) return;
            if (YMin is { } lo && v < lo || YMax is { } hi && v > hi) return;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
    }

    private bool AcceptsX(double x) =>
        double.IsFinite(x) && (XScale == AxisScale.Linear || x > 0) && !(XMin is { } lo && x < lo) && !(XMax is { } hi && x > hi);

    private Axis? _xAxis;

    private Axis XAxis(PlotArea plot)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var s in _series)
            foreach (double x in s.X)
                if (AcceptsX(x)) { min = Math.Min(min, x); max = Math.Max(max, x); }
        if (min > max) (min, max) = (double.NaN, double.NaN);
        return _xAxis = Axis.Create(XScale, min, max, XMin, XMax, extend: false, plot.Left, plot.Right, TargetTicks(plot.Width, 90), "LineChart x axis");
    }

    private protected override void DrawData(SvgWriter svg, PlotArea plot, Axis yAxis)
    {
        var xAxis = XAxis(plot);
        foreach (double t in xAxis.Ticks)
            svg.Segment(xAxis.Map(t), plot.Top, xAxis.Map(t), plot.Bottom, "stroke=\"#eeeeee\" stroke-width=\"1\"");
        foreach (var s in _series)
            if (s.Lower is not null) DrawBand(svg, s, xAxis, yAxis);
        foreach (var s in _series)
        {
            string color = SvgWriter.Escape(s.Color);
            string opacity = s.Style.Opacity < 1 ? $" stroke-opacity=\"{SvgWriter.Format(s.Style.Opacity)}\"" : "";
            if (s.Style.Line)
            {
                string path = Polyline(s.X, s.Y, xAxis, yAxis);
                if (path.Length > 0)
                    svg.Raw("<path d=\"").Raw(path).Line($"\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{SvgWriter.Format(s.Style.LineWidth)}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{opacity}{Dash(s.Style.Dashed)}/>");
            }
            if (s.Style.Markers)
            {
                string fillOpacity = s.Style.Opacity < 1 ? $" fill-opacity=\"{SvgWriter.Format(s.Style.Opacity)}\"" : "";
                svg.Line($"<g fill=\"{color}\"{fillOpacity} stroke=\"#ffffff\" stroke-width=\"0.75\">");
                for (int i = 0; i < s.X.Length; i++)
                    if (xAxis.Accepts(s.X[i]) && yAxis.Accepts(s.Y[i]))
                        svg.Circle(xAxis.Map(s.X[i]), yAxis.Map(s.Y[i]), s.Style.MarkerRadius, "");
                svg.Line("</g>");
            }
        }
    }

    private protected override void DrawXAxis(SvgWriter svg, PlotArea plot)
    {
        var xAxis = _xAxis ?? XAxis(plot);
        foreach (double t in xAxis.Ticks)
        {
            double x = xAxis.Map(t);
            svg.Segment(x, plot.Bottom, x, plot.Bottom + 4, "stroke=\"#999999\" stroke-width=\"1\"");
            svg.TextAt(x, plot.Bottom + 8 + 11, xAxis.Label(t), "asc-tick", "middle");
        }
    }

    private protected override IReadOnlyList<LegendEntry> LegendEntries() =>
        [.. _series.Where(s => s.Style.InLegend && s.Name.Length > 0).Select(s => new LegendEntry(
            s.Name, s.Color, s.Style.Line ? LegendSwatch.Line : LegendSwatch.Marker, s.Style.Dashed, s.Lower is not null, s.Style.Markers))];

    private protected override IEnumerable<(double X, double Y)> PixelPoints(PlotArea plot, Axis yAxis)
    {
        var xAxis = _xAxis ?? XAxis(plot);
        foreach (var s in _series)
            for (int i = 0; i < s.X.Length; i++)
            {
                if (!xAxis.Accepts(s.X[i])) continue;
                double x = xAxis.Map(s.X[i]);
                if (yAxis.Accepts(s.Y[i])) yield return (x, yAxis.Map(s.Y[i]));
                if (s.Lower is not null && yAxis.Accepts(s.Lower[i])) yield return (x, yAxis.Map(s.Lower[i]));
                if (s.Upper is not null && yAxis.Accepts(s.Upper[i])) yield return (x, yAxis.Map(s.Upper[i]));
            }
        foreach (var r in ReferenceLines)
            if (yAxis.Accepts(r.Y))
                for (double x = plot.Left; x <= plot.Right; x += 10) yield return (x, yAxis.Map(r.Y));
    }

    /// <summary>SVG path data through the drawable points; a point that cannot be drawn starts a new piece.</summary>
    private static string Polyline(double[] xs, double[] ys, Axis xAxis, Axis yAxis)
    {
        var d = new StringBuilder();
        bool penDown = false;
        for (int i = 0; i < xs.Length; i++)
        {
            if (!xAxis.Accepts(xs[i]) || !yAxis.Accepts(ys[i])) { penDown = false; continue; }
            d.Append(penDown ? 'L' : 'M').Append(SvgWriter.Format(xAxis.Map(xs[i]))).Append(' ').Append(SvgWriter.Format(yAxis.Map(ys[i])));
            penDown = true;
        }
        return d.ToString();
    }

    /// <summary>One closed polygon per run of points where x and both bounds can be drawn.</summary>
    private static void DrawBand(SvgWriter svg, Series s, Axis xAxis, Axis yAxis)
    {
        var d = new StringBuilder();
        int i = 0;
        while (i < s.X.Length)
        {
            if (!Drawable(i)) { i++; continue; }
            int start = i;
            while (i < s.X.Length && Drawable(i)) i++;
            for (int k = start; k < i; k++)
                d.Append(k == start ? 'M' : 'L').Append(SvgWriter.Format(xAxis.Map(s.X[k]))).Append(' ').Append(SvgWriter.Format(yAxis.Map(s.Upper![k])));
            for (int k = i - 1; k >= start; k--)
                d.Append('L').Append(SvgWriter.Format(xAxis.Map(s.X[k]))).Append(' ').Append(SvgWriter.Format(yAxis.Map(s.Lower![k])));
            d.Append('Z');
        }
        if (d.Length > 0)
            svg.Raw("<path d=\"").Raw(d.ToString()).Line($"\" fill=\"{SvgWriter.Escape(s.Color)}\" fill-opacity=\"{SvgWriter.Format(s.Style.BandOpacity)}\" stroke=\"none\"/>");

        bool Drawable(int k) => xAxis.Accepts(s.X[k]) && yAxis.Accepts(s.Lower![k]) && yAxis.Accepts(s.Upper![k]);
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    private sealed record Series(string Name, double[] X, double[] Y, double[]? Lower, double[]? Upper, SeriesStyle Style, string Color);
}
