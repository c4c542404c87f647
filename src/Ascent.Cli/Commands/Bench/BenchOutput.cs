using System.Globalization;
using System.Text;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// Writes benchmark results: with <c>--json</c>, one flat JSON object per line
/// (e.g. <c>{"bench":"gemm","m":256,"k":64,"n":64,"gflops":71.2,"openblas_gflops":89.0}</c>); otherwise a text line.
/// </summary>
internal sealed class BenchOutput(bool json, TextWriter? writer = null)
{
    private readonly TextWriter _out = writer ?? Console.Out;

    /// <summary>Whether output is JSON lines.</summary>
    public bool Json => json;

    /// <summary>Writes one record. Values may be strings, integers, floating-point numbers, booleans or null (omitted in text).</summary>
    public void Write(params (string Key, object? Value)[] fields)
    {
        if (json) _out.WriteLine(ToJson(fields));
        else _out.WriteLine(string.Join("  ", fields.Where(f => f.Value is not null).Select(f => $"{f.Key}={Format(f.Value)}")));
    }

    /// <summary>Writes a free-form note (only in text mode, so JSON output stays machine-readable).</summary>
    public void Note(string text)
    {
        if (!json) _out.WriteLine(text);
    }

    internal static string ToJson((string Key, object? Value)[] fields)
    {
        var sb = new StringBuilder("{");
        bool first = true;
        foreach (var (key, value) in fields)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append('"').Append(Escape(key)).Append("\":");
            sb.Append(value switch
            {
                null => "null",
                string s => "\"" + Escape(s) + "\"",
                bool b => b ? "true" : "false",
                double d => double.IsFinite(d) ? d.ToString("G6", CultureInfo.InvariantCulture) : "null",
                float f => float.IsFinite(f) ? f.ToString("G6", CultureInfo.InvariantCulture) : "null",
                IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
                _ => "\"" + Escape(value.ToString() ?? "") + "\"",
            });
        }
        return sb.Append('}').ToString();
    }

    private static string Format(object? v) => v switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => v?.ToString() ?? "",
    };

    private static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
