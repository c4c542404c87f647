using System.Xml.Linq;
using Ascent.Io;
using Ascent.Io.Plotting;

namespace Ascent.Tests.Io.Plotting;

public class LineChartTests
{
    private static LineChart Sample() =>
        new LineChart { Title = "Return <vs> steps & more", XLabel = "environment steps", YLabel = "episode return", Caption = "Mean ± std over 3 seeds." }
            .AddMeanStd("PPO", [0, 1000, 2000, 3000], [10, 50, 120, 200], [5, 10, 20, 15])
            .AddSeries("A2C", [0, 1000, 2000, 3000], [12, 30, 60, 90], style: new SeriesStyle { Dashed = true })
            .AddScatter("eval", [500, 2500], [40, 150])
            .AddReferenceLine(220, "v*(s0) = 220");

    [Fact]
    public void Svg_IsWellFormed_AndShowsTitleLabelsLegendAndCaption()
    {
        var doc = SvgAssert.WellFormed(Sample().ToSvg());
        var texts = SvgAssert.Texts(doc);
        Assert.Contains("Return <vs> steps & more", texts);
        Assert.Contains("environment steps", texts);
        Assert.Contains("episode return", texts);
        Assert.Contains("Mean ± std over 3 seeds.", texts);
        Assert.Contains("v*(s0) = 220", texts);
        foreach (var name in new[] { "PPO", "A2C", "eval" }) Assert.Contains(name, texts);
        Assert.Equal("Return <vs> steps & more", doc.Root!.Element(SvgAssert.Svg + "title")!.Value);
    }

    [Fact]
    public void Coordinates_MapDataLinearlyOntoThePlotArea()
    {
        var chart = new LineChart { XMin = 0, XMax = 10, YMin = 0, YMax = 100 }.AddSeries("s", [0, 5, 10], [0, 50, 100]);
        var doc = SvgAssert.WellFormed(chart.ToSvg());
        var (left, top, right, bottom) = SvgAssert.PlotArea(doc);
        var line = doc.Descendants(SvgAssert.Svg + "path").Single(p => p.Attribute("fill")?.Value == "none");
        var points = SvgAssert.PathPoints(line.Attribute("d")!.Value).ToList();
        Assert.Equal(3, points.Count);
        AssertClose((left, bottom), points[0]);
        AssertClose(((left + right) / 2, (top + bottom) / 2), points[1]);
        AssertClose((right, top), points[2]);
    }

    [Fact]
    public void LogAxes_MapDecadesEvenly_AndSkipNonPositiveValues()
    {
        var chart = new LineChart { XScale = AxisScale.Log, YScale = AxisScale.Log, XMin = 1, XMax = 1000, YMin = 0.01, YMax = 10 }
            .AddSeries("s", [1, 10, 100, 1000, 2000], [0.01, 0.1, 1, 10, 0]);
        var doc = SvgAssert.WellFormed(chart.ToSvg());
        var (left, top, right, bottom) = SvgAssert.PlotArea(doc);
        var line = doc.Descendants(SvgAssert.Svg + "path").Single(p => p.Attribute("fill")?.Value == "none");
        var points = SvgAssert.PathPoints(line.Attribute("d")!.Value).ToList();
        Assert.Equal(4, points.Count); // the point with y = 0 cannot sit on a log axis
        for (int i = 0; i < 4; i++)
            AssertClose((left + i * (right - left) / 3, bottom - i * (bottom - top) / 3), points[i]);
        var texts = SvgAssert.Texts(doc);
        Assert.Contains("0.01", texts);
        Assert.Contains("1000", texts);
    }

    [Fact]
    public void NonFiniteValues_BreakTheLine_AndNeverReachTheSvg()
    {
        var chart = new LineChart()
            .AddSeries("gappy", [0, 1, 2, 3, 4, 5, double.NaN, 7], [1, 2, double.NaN, 4, double.PositiveInfinity, 6, 7, 8],
                lower: [0, 1, 1, double.NegativeInfinity, 3, 5, 6, 7], upper: [2, 3, 3, 5, 5, 7, 8, 9]);
        var doc = SvgAssert.WellFormed(chart.ToSvg());
        var line = doc.Descendants(SvgAssert.Svg + "path").Single(p => p.Attribute("fill")?.Value == "none");
        var pieces = SvgAssert.PathPieces(line.Attribute("d")!.Value);
        Assert.Equal([2, 1, 1, 1], pieces.Select(p => p.Count));
        var band = doc.Descendants(SvgAssert.Svg + "path").Single(p => p.Attribute("fill-opacity") is not null);
        Assert.Equal(3, band.Attribute("d")!.Value.Count(c => c == 'Z')); // lower = -inf and x = NaN split the band in three
    }

    [Fact]
    public void EmptyChart_StillRendersValidSvg()
    {
        SvgAssert.WellFormed(new LineChart { Title = "nothing yet" }.ToSvg());
        SvgAssert.WellFormed(new LineChart().AddSeries("constant", [1, 1], [5, 5]).ToSvg());
    }

    [Fact]
    public void Csv_ListsEveryPointBandAndReferenceLine()
    {
        var lines = Sample().ToCsv().TrimEnd('\n').Split('\n');
        Assert.Equal("series,kind,x,y,y_lower,y_upper", lines[0]);
        Assert.Equal(1 + 4 + 4 + 2 + 1, lines.Length);
        Assert.Equal(["PPO", "line", "1000", "50", "40", "60"], CsvText.SplitLine(lines[2]));
        Assert.Equal(["A2C", "line", "0", "12", "", ""], CsvText.SplitLine(lines[5]));
        Assert.Equal(["eval", "scatter", "2500", "150", "", ""], CsvText.SplitLine(lines[10]));
        Assert.Equal(["v*(s0) = 220", "reference", "", "220", "", ""], CsvText.SplitLine(lines[11]));
    }

    [Fact]
    public void BadInput_NamesTheSeriesAndTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new LineChart().AddSeries("ppo", [1, 2, 3], [1, 2]));
        Assert.Contains("ppo", e.Message);
        Assert.Contains("3 x values but 2 y values", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineChart().AddSeries("s", [1], [1], style: new SeriesStyle { Opacity = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineChart { Width = 10 });
        Assert.Throws<ArgumentException>(() => new LineChart { YScale = AxisScale.Log, YMin = -1 }.AddSeries("s", [1], [1]).ToSvg());
    }

    private static void AssertClose((double X, double Y) expected, (double X, double Y) actual)
    {
        Assert.True(Math.Abs(expected.X - actual.X) < 0.011 && Math.Abs(expected.Y - actual.Y) < 0.011, $"expected {expected}, got {actual}");
    }
}
