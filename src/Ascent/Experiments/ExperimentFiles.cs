using Ascent.Io.Plotting;

namespace Ascent.Experiments;

/// <summary>Writes an experiment's figure as <c>NAME.svg</c> and <c>NAME.csv</c>.</summary>
public static class ExperimentFiles
{
    /// <summary>Writes the chart's SVG and CSV into <paramref name="directory"/> (created if missing) and returns the two paths.</summary>
    public static string[] Save(Chart chart, string directory, string name)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Directory.CreateDirectory(directory);
        string svg = Path.Combine(directory, name + ".svg"), csv = Path.Combine(directory, name + ".csv");
        chart.SaveSvg(svg);
        chart.SaveCsv(csv);
        return [svg, csv];
    }
}
