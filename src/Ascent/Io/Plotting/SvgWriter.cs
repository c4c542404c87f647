using System.Globalization;
using System.Text;

namespace Ascent.Io.Plotting;

/// <summary>
/// Builds SVG markup: escapes text, formats coordinates culture-invariantly with two decimals, and refuses
/// non-finite coordinates (a NaN in an SVG attribute silently breaks the whole drawing in browsers).
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _svg = new();

    public SvgWriter Raw(string text)
    {
        _svg.Append(text);
        return this;
    }

    public SvgWriter Line(string text)
    {
        _svg.Append(text).Append('\n');
        return this;
    }

    /// <summary>A coordinate or length, e.g. <c>12.5</c>.</summary>
    public SvgWriter Num(double value)
    {
        _svg.Append(Format(value));
        return this;
    }

    /// <summary>Text content or an attribute value, escaped for XML.</summary>
    public SvgWriter Text(string text)
    {
        _svg.Append(Escape(text));
        return this;
    }

    public override string ToString() => _svg.ToString();

    public static string Format(double value)
    {
        if (!double.IsFinite(value)) throw new InvalidOperationException($"SvgWriter: a non-finite coordinate ({value}) reached the SVG output.");
        double rounded = Math.Round(value, 2);
        if (rounded == 0) rounded = 0; // no "-0"
        return rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    // Control characters other than tab, newline and carriage return are not allowed in XML 1.0.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') sb.Append(' ');
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A text element; <paramref name="anchor"/> is start, middle or end.</summary>
    public SvgWriter TextAt(double x, double y, string text, string cssClass, string anchor = "start", double rotate = 0)
    {
        _svg.Append("<text x=\"").Append(Format(x)).Append("\" y=\"").Append(Format(y)).Append("\" class=\"").Append(cssClass).Append('"');
        if (anchor != "start") _svg.Append(" text-anchor=\"").Append(anchor).Append('"');
        if (rotate != 0) _svg.Append(" transform=\"rotate(").Append(Format(rotate)).Append(' ').Append(Format(x)).Append(' ').Append(Format(y)).Append(")\"");
        _svg.Append('>').Append(Escape(text)).Append("</text>\n");
        return this;
    }

    /// <summary>A straight line segment.</summary>
    public SvgWriter Segment(double x1, double y1, double x2, double y2, string style)
    {
        _svg.Append("<line x1=\"").Append(Format(x1)).Append("\" y1=\"").Append(Format(y1))
            .Append("\" x2=\"").Append(Format(x2)).Append("\" y2=\"").Append(Format(y2)).Append("\" ").Append(style).Append("/>\n");
        return this;
    }

    /// <summary>A rectangle.</summary>
    public SvgWriter Rect(double x, double y, double width, double height, string style)
    {
        _svg.Append("<rect x=\"").Append(Format(x)).Append("\" y=\"").Append(Format(y))
            .Append("\" width=\"").Append(Format(Math.Max(0, width))).Append("\" height=\"").Append(Format(Math.Max(0, height))).Append("\" ").Append(style).Append("/>\n");
        return this;
    }

    /// <summary>A circle.</summary>
    public SvgWriter Circle(double cx, double cy, double r, string style)
    {
        _svg.Append("<circle cx=\"").Append(Format(cx)).Append("\" cy=\"").Append(Format(cy))
            .Append("\" r=\"").Append(Format(r)).Append("\" ").Append(style).Append("/>\n");
        return this;
    }
}
