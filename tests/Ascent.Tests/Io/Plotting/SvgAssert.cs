using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ascent.Tests.Io.Plotting;

/// <summary>Parses chart SVG and checks properties every figure must have.</summary>
internal static partial class SvgAssert
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses <paramref name="svg"/> as XML (throws if malformed) and checks every numeric attribute is finite.</summary>
    public static XDocument WellFormed(string svg)
    {
        var doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        foreach (var attribute in doc.Descendants().Attributes())
        {
            Assert.DoesNotContain("NaN", attribute.Value);
            Assert.DoesNotContain("Infinity", attribute.Value);
            Assert.DoesNotContain("∞", attribute.Value);
            if (attribute.Name.LocalName is "x" or "y" or "x1" or "x2" or "y1" or "y2" or "cx" or "cy" or "r" or "width" or "height")
                Assert.True(double.TryParse(attribute.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v),
                    $"attribute {attribute.Name.LocalName}=\"{attribute.Value}\" is not a finite number");
            if (attribute.Name.LocalName == "d")
                foreach (var (x, y) in PathPoints(attribute.Value)) Assert.True(double.IsFinite(x) && double.IsFinite(y));
        }
        return doc;
    }

    public static List<string> Texts(XDocument doc) => [.. doc.Descendants(Svg + "text").Select(t => t.Value)];

    /// <summary>The plot rectangle: the clip path's rect.</summary>
    public static (double Left, double Top, double Right, double Bottom) PlotArea(XDocument doc)
    {
        var rect = doc.Descendants(Svg + "clipPath").Single().Element(Svg + "rect")!;
        double x = D(rect, "x"), y = D(rect, "y");
        return (x, y, x + D(rect, "width"), y + D(rect, "height"));
    }

    public static double D(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    /// <summary>The pieces of a path ("M … L … L …"), each a list of points.</summary>
    public static List<List<(double X, double Y)>> PathPieces(string d)
    {
        var pieces = new List<List<(double, double)>>();
        foreach (Match m in PathCommand().Matches(d))
        {
            if (m.Groups[1].Value == "M") pieces.Add([]);
            pieces[^1].Add((double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
        }
        return pieces;
    }

    public static IEnumerable<(double X, double Y)> PathPoints(string d) => PathPieces(d).SelectMany(p => p);

    [GeneratedRegex(@"([ML])(-?[0-9.]+) (-?[0-9.]+)")]
    private static partial Regex PathCommand();
}
