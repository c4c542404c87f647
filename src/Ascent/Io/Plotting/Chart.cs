using System.Text;

namespace Ascent.Io.Plotting;

/// <summary>Where a chart puts its legend.</summary>
public enum LegendPlacement
{
    /// <summary>The inside corner of the plot that covers the fewest data points.</summary>
    Auto,
    /// <summary>Inside, top left.</summary>
    TopLeft,
    /// <summary>Inside, top right.</summary>
    TopRight,
    /// <summary>Inside, bottom left.</summary>
    BottomLeft,
    /// <summary>Inside, bottom right.</summary>
    BottomRight,
    /// <summary>No legend.</summary>
    None,
}

/// <summary>
/// A standalone SVG chart with a title, axis labels, a legend, a caption and horizontal reference lines;
/// <see cref="LineChart"/> and <see cref="BarChart"/> draw the data. <see cref="ToCsv"/> exports the numbers
/// behind the figure.
/// </summary>
public abstract class Chart
{
    private const double TickFont = 11, LabelFont = 13, TitleFont = 16, CaptionFont = 12, LegendFont = 12;
    private const double CharWidth = 0.58; // average glyph width of a sans-serif font, in ems
    private static int s_nextId;

    private readonly List<ReferenceLine> _references = [];
    private int _width = 720, _height = 440;

    /// <summary>The heading above the plot.</summary>
    public string? Title { get; set; }

    /// <summary>The label under the horizontal axis.</summary>
    public string? XLabel { get; set; }

    /// <summary>The label beside the vertical axis.</summary>
    public string? YLabel { get; set; }

    /// <summary>Text under the figure (wrapped to its width), e.g. what the band shows and how many seeds.</summary>
    public string? Caption { get; set; }

    /// <summary>Width in pixels, 200 to 4000 (default 720).</summary>
    public int Width
    {
        get => _width;
        set => _width = value is >= 200 and <= 4000 ? value : throw new ArgumentOutOfRangeException(nameof(Width), value, "Chart.Width must be in [200, 4000] pixels.");
    }

    /// <summary>Height in pixels, 150 to 4000 (default 440).</summary>
    public int Height
    {
        get => _height;
        set => _height = value is >= 150 and <= 4000 ? value : throw new ArgumentOutOfRangeException(nameof(Height), value, "Chart.Height must be in [150, 4000] pixels.");
    }

    /// <summary>Where the legend goes (default: the emptiest corner).</summary>
    public LegendPlacement Legend { get; set; } = LegendPlacement.Auto;

    /// <summary>The horizontal reference lines.</summary>
    public IReadOnlyList<ReferenceLine> ReferenceLines => _references;

    /// <summary>Adds a horizontal reference line (non-finite values are rejected).</summary>
    protected void AddReference(double y, string label, string? color)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!double.IsFinite(y)) throw new ArgumentOutOfRangeException(nameof(y), y, $"reference line \"{label}\": the value must be finite.");
        _references.Add(color is null ? new ReferenceLine(y, label) : new ReferenceLine(y, label, color));
    }

    /// <summary>The figure as a standalone SVG document.</summary>
    public string ToSvg()
    {
        string id = "ascent-chart-" + Interlocked.Increment(ref s_nextId);
        var caption = Wrap(Caption, (int)((Width - 24) / (CaptionFont * CharWidth)));
        double top = string.IsNullOrEmpty(Title) ? 16 : 42;
        double bottom = Height - (10 + TickFont + 8 + (string.IsNullOrEmpty(XLabel) ? 0 : LabelFont + 10) + caption.Count * (CaptionFont + 5) + (caption.Count > 0 ? 10 : 0));
        if (bottom - top < 60) throw new InvalidOperationException($"Chart \"{Title}\": {Width}x{Height} pixels leave no room for the plot; make it taller or shorten the caption.");

        var yAxis = CreateYAxis(bottom, top, TargetTicks(bottom - top, 45));
        double tickWidth = yAxis.Ticks.Select(t => yAxis.Label(t).Length).DefaultIfEmpty(1).Max() * TickFont * CharWidth;
        double left = 12 + (string.IsNullOrEmpty(YLabel) ? 0 : LabelFont + 10) + tickWidth + 8;
        double right = Width - 20;
        if (right - left < 80) throw new InvalidOperationException($"Chart \"{Title}\": {Width} pixels are too narrow for the plot.");
        var plot = new PlotArea(left, top, right, bottom);

        var svg = new SvgWriter();
        svg.Raw($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" ")
           .Raw("font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\" role=\"img\"");
        svg.Raw(" aria-label=\"").Text(Title ?? "chart").Line("\">");
        if (!string.IsNullOrEmpty(Title)) svg.Raw("<title>").Text(Title!).Line("</title>");
        svg.Line("<style>.asc-tick{font-size:11px;fill:#444}.asc-label{font-size:13px;fill:#222}.asc-title{font-size:16px;font-weight:600;fill:#111}"
               + ".asc-caption{font-size:12px;fill:#555}.asc-legend{font-size:12px;fill:#222}.asc-ref{font-size:11px;fill:#222;paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}</style>");
        svg.Line($"<defs><clipPath id=\"{id}-clip\"><rect x=\"{SvgWriter.Format(left)}\" y=\"{SvgWriter.Format(top)}\" width=\"{SvgWriter.Format(right - left)}\" height=\"{SvgWriter.Format(bottom - top)}\"/></clipPath></defs>");
        svg.Rect(0, 0, Width, Height, "fill=\"#ffffff\"");

        // Horizontal grid and y ticks.
        foreach (double t in yAxis.Ticks)
        {
            double y = yAxis.Map(t);
            svg.Segment(left, y, right, y, "stroke=\"#e5e5e5\" stroke-width=\"1\"");
            svg.TextAt(left - 6, y + TickFont * 0.35, yAxis.Label(t), "asc-tick", "end");
        }

        svg.Line($"<g clip-path=\"url(#{id}-clip)\">");
        DrawData(svg, plot, yAxis);
        foreach (var r in _references)
        {
            if (!yAxis.Accepts(r.Y) || r.Y < Math.Min(yAxis.Min, yAxis.Max) || r.Y > Math.Max(yAxis.Min, yAxis.Max)) continue;
            svg.Segment(left, yAxis.Map(r.Y), right, yAxis.Map(r.Y), $"stroke=\"{SvgWriter.Escape(r.Color)}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
        }
        svg.Line("</g>");
        foreach (var r in _references)
        {
            if (!yAxis.Accepts(r.Y) || r.Y < Math.Min(yAxis.Min, yAxis.Max) || r.Y > Math.Max(yAxis.Min, yAxis.Max)) continue;
            double y = yAxis.Map(r.Y);
            svg.TextAt(right - 4, y - 4 < top + TickFont ? y + TickFont + 2 : y - 4, r.Label, "asc-ref", "end");
        }
        DrawXAxis(svg, plot);
        svg.Rect(left, top, right - left, bottom - top, "fill=\"none\" stroke=\"#999999\" stroke-width=\"1\"");

        DrawLegend(svg, plot, yAxis);

        if (!string.IsNullOrEmpty(Title)) svg.TextAt(Width / 2.0, 26, Title!, "asc-title", "middle");
        double below = bottom + 10 + TickFont + 8;
        if (!string.IsNullOrEmpty(XLabel))
        {
            svg.TextAt((left + right) / 2, below + LabelFont - 2, XLabel!, "asc-label", "middle");
            below += LabelFont + 10;
        }
        if (!string.IsNullOrEmpty(YLabel))
            svg.TextAt(12 + LabelFont - 2, (top + bottom) / 2, YLabel!, "asc-label", "middle", rotate: -90);
        below += 10;
        foreach (var line in caption)
        {
            svg.TextAt(12, below + CaptionFont - 2, line, "asc-caption");
            below += CaptionFont + 5;
        }
        svg.Line("</svg>");
        return svg.ToString();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> (UTF-8).</summary>
    public void SaveSvg(string path) => File.WriteAllText(path, ToSvg(), new UTF8Encoding(false));

    /// <summary>The numbers behind the figure as CSV (a header line, then one row per point or bar).</summary>
    public abstract string ToCsv();

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> (UTF-8).</summary>
    public void SaveCsv(string path) => File.WriteAllText(path, ToCsv(), new UTF8Encoding(false));

    /// <summary>The vertical axis for the given pixel range (bottom first: y grows downward in SVG).</summary>
    private protected abstract Axis CreateYAxis(double pixelBottom, double pixelTop, int targetTicks);

    /// <summary>Draws the data inside the plot area (clipped to it).</summary>
    private protected abstract void DrawData(SvgWriter svg, PlotArea plot, Axis yAxis);

    /// <summary>Draws the horizontal axis: grid, ticks and tick labels.</summary>
    private protected abstract void DrawXAxis(SvgWriter svg, PlotArea plot);

    /// <summary>The legend rows, in order.</summary>
    private protected abstract IReadOnlyList<LegendEntry> LegendEntries();

    /// <summary>The data positions in pixels, to place the legend where it hides least.</summary>
    private protected abstract IEnumerable<(double X, double Y)> PixelPoints(PlotArea plot, Axis yAxis);

    /// <summary>About one tick per <paramref name="pixelsPerTick"/> pixels, at least 2.</summary>
    private protected static int TargetTicks(double pixels, double pixelsPerTick) => Math.Max(2, (int)(pixels / pixelsPerTick));

    /// <summary>The SVG stroke-dasharray attribute for a dashed line, or empty.</summary>
    private protected static string Dash(bool dashed) => dashed ? " stroke-dasharray=\"7 4\"" : "";

    /// <summary>Text cut to about <paramref name="pixels"/> wide at tick-label size, with an ellipsis if cut.</summary>
    private protected static string Fit(string text, double pixels)
    {
        int max = Math.Max(1, (int)(pixels / (TickFont * CharWidth)));
        return text.Length <= max ? text : text[..Math.Max(1, max - 1)] + "…";
    }

    private void DrawLegend(SvgWriter svg, PlotArea plot, Axis yAxis)
    {
        var entries = LegendEntries();
        if (Legend == LegendPlacement.None || entries.Count == 0) return;
        const double row = 18, swatch = 24, pad = 8;
        double width = pad + swatch + 6 + entries.Max(e => e.Name.Length) * LegendFont * CharWidth + pad;
        width = Math.Min(width, plot.Width - 8);
        double height = pad + entries.Count * row + pad - 4;
        var placement = Legend == LegendPlacement.Auto ? EmptiestCorner(plot, yAxis, width, height) : Legend;
        double x = placement is LegendPlacement.TopLeft or LegendPlacement.BottomLeft ? plot.Left + 6 : plot.Right - 6 - width;
        double y = placement is LegendPlacement.TopLeft or LegendPlacement.TopRight ? plot.Top + 6 : plot.Bottom - 6 - height;

        svg.Rect(x, y, width, height, "fill=\"#ffffff\" fill-opacity=\"0.88\" stroke=\"#cccccc\" stroke-width=\"1\" rx=\"3\"");
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            double cy = y + pad + i * row + row / 2 - 2;
            double sx = x + pad;
            string color = SvgWriter.Escape(e.Color);
            if (e.Band) svg.Rect(sx, cy - 6, swatch, 12, $"fill=\"{color}\" fill-opacity=\"0.2\"");
            switch (e.Swatch)
            {
                case LegendSwatch.Line:
                    svg.Segment(sx, cy, sx + swatch, cy, $"stroke=\"{color}\" stroke-width=\"2.5\"{Dash(e.Dashed)}");
                    if (e.Markers) svg.Circle(sx + swatch / 2, cy, 3, $"fill=\"{color}\"");
                    break;
                case LegendSwatch.Marker:
                    svg.Circle(sx + swatch / 2, cy, 3.5, $"fill=\"{color}\"");
                    break;
                case LegendSwatch.Box:
                    svg.Rect(sx + 4, cy - 6, swatch - 8, 12, $"fill=\"{color}\"");
                    break;
            }
            svg.TextAt(sx + swatch + 6, cy + LegendFont * 0.35, Fit(e.Name, width - swatch - 2 * pad), "asc-legend");
        }
    }

    private LegendPlacement EmptiestCorner(PlotArea plot, Axis yAxis, double width, double height)
    {
        LegendPlacement[] corners = [LegendPlacement.TopRight, LegendPlacement.TopLeft, LegendPlacement.BottomRight, LegendPlacement.BottomLeft];
        var counts = new int[corners.Length];
        foreach (var (px, py) in PixelPoints(plot, yAxis))
        {
            bool leftSide = px <= plot.Left + 6 + width, rightSide = px >= plot.Right - 6 - width;
            bool topSide = py <= plot.Top + 6 + height, bottomSide = py >= plot.Bottom - 6 - height;
            if (topSide && rightSide) counts[0]++;
            if (topSide && leftSide) counts[1]++;
            if (bottomSide && rightSide) counts[2]++;
            if (bottomSide && leftSide) counts[3]++;
        }
        int best = 0;
        for (int i = 1; i < corners.Length; i++) if (counts[i] < counts[best]) best = i;
        return corners[best];
    }

    private static List<string> Wrap(string? text, int maxChars)
    {
        var lines = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return lines;
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > maxChars)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }
}

/// <summary>The plot rectangle in pixels.</summary>
internal readonly record struct PlotArea(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;
    public double Height => Bottom - Top;
}
