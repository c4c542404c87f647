using Ascent.Io;
using Ascent.Io.Plotting;

namespace Ascent.Tests.Io.Plotting;

public class BarChartTests
{
    [Fact]
    public void GroupedBars_HaveHeightsProportionalToValues_AndErrorBars()
    {
        var chart = new BarChart("CartPole", "Acrobot") { Title = "Final return", YLabel = "return", YMin = 0, YMax = 100, Legend = LegendPlacement.None }
            .AddSeries("PPO", [80, 40], errors: [10, 0], color: "#111111")
            .AddSeries("A2C", [60, double.NaN], color: "#222222");
        var doc = SvgAssert.WellFormed(chart.ToSvg());
        var (left, top, right, bottom) = SvgAssert.PlotArea(doc);
        var bars = doc.Descendants(SvgAssert.Svg + "rect").Where(r => r.Attribute("fill")?.Value is "#111111" or "#222222").ToList();
        Assert.Equal(3, bars.Count); // the NaN value draws no bar
        double perUnit = (bottom - top) / 100;
        Assert.Equal(80 * perUnit, SvgAssert.D(bars[0], "height"), 1);
        Assert.Equal(bottom, SvgAssert.D(bars[0], "y") + SvgAssert.D(bars[0], "height"), 1);
        Assert.Equal(60 * perUnit, SvgAssert.D(bars[1], "height"), 1);
        Assert.Equal(40 * perUnit, SvgAssert.D(bars[2], "height"), 1);
        Assert.True(SvgAssert.D(bars[0], "x") < SvgAssert.D(bars[1], "x") && SvgAssert.D(bars[1], "x") < (left + right) / 2);
        Assert.True(SvgAssert.D(bars[2], "x") > (left + right) / 2);
        // One error bar (three segments: stem and two caps) spanning 70..90.
        var stems = doc.Descendants(SvgAssert.Svg + "line").Where(l => l.Attribute("stroke")?.Value == "#222222"
            && SvgAssert.D(l, "x1") == SvgAssert.D(l, "x2")).ToList();
        var stem = Assert.Single(stems);
        Assert.Equal(bottom - 70 * perUnit, Math.Max(SvgAssert.D(stem, "y1"), SvgAssert.D(stem, "y2")), 1);
        Assert.Equal(bottom - 90 * perUnit, Math.Min(SvgAssert.D(stem, "y1"), SvgAssert.D(stem, "y2")), 1);
        Assert.Contains("CartPole", SvgAssert.Texts(doc));
    }

    [Fact]
    public void NegativeBars_HangFromZero_AndTheLegendListsSeries()
    {
        var chart = new BarChart("a", "b").AddSeries("first", [-50, 30]).AddSeries("second", [20, -10]);
        var doc = SvgAssert.WellFormed(chart.ToSvg());
        var texts = SvgAssert.Texts(doc);
        Assert.Contains("first", texts);
        Assert.Contains("second", texts);
        Assert.Contains("0", texts);
        Assert.Contains("\u221240", texts);
    }

    [Fact]
    public void Csv_HasOneRowPerBar()
    {
        var csv = new BarChart("x,1", "y").AddSeries("s", [1, 2], errors: [0.5, 0.25]).AddReferenceLine(3, "goal").ToCsv();
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(["category,series,value,error", "\"x,1\",s,1,0.5", "y,s,2,0.25", ",goal,3,"], lines);
        Assert.Equal(["x,1", "s", "1", "0.5"], CsvText.SplitLine(lines[1]));
    }

    [Fact]
    public void BadInput_IsRejectedWithTheCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => new BarChart("a", "b").AddSeries("s", [1]));
        Assert.Contains("1 values for 2 categories", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BarChart("a").AddSeries("s", [1], errors: [-1]));
        Assert.Throws<ArgumentException>(() => new BarChart());
    }
}
