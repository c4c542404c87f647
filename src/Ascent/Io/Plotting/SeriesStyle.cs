namespace Ascent.Io.Plotting;

/// <summary>How a series is drawn. Every property has a default; unset colours come from <see cref="Palette"/>.</summary>
public sealed record SeriesStyle
{
    /// <summary>A CSS colour (<c>#0072B2</c>, <c>steelblue</c>); null picks the next palette colour.</summary>
    public string? Color { get; init; }

    /// <summary>Draw the line dashed.</summary>
    public bool Dashed { get; init; }

    /// <summary>Line width in pixels (default 2).</summary>
    public double LineWidth { get; init; } = 2;

    /// <summary>Opacity of the line and markers, 0 to 1 (default 1); faint lines suit many overlaid seeds.</summary>
    public double Opacity { get; init; } = 1;

    /// <summary>Connect the points with a line (default true).</summary>
    public bool Line { get; init; } = true;

    /// <summary>Draw a marker at each point (default false).</summary>
    public bool Markers { get; init; }

    /// <summary>Marker radius in pixels (default 3).</summary>
    public double MarkerRadius { get; init; } = 3;

    /// <summary>Opacity of the shaded band, 0 to 1 (default 0.18).</summary>
    public double BandOpacity { get; init; } = 0.18;

    /// <summary>List the series in the legend (default true).</summary>
    public bool InLegend { get; init; } = true;

    internal void Validate(string series)
    {
        if (!(LineWidth > 0) || LineWidth > 50) throw new ArgumentOutOfRangeException(nameof(LineWidth), LineWidth, $"series \"{series}\": LineWidth must be in (0, 50].");
        if (!(Opacity >= 0 && Opacity <= 1)) throw new ArgumentOutOfRangeException(nameof(Opacity), Opacity, $"series \"{series}\": Opacity must be in [0, 1].");
        if (!(BandOpacity >= 0 && BandOpacity <= 1)) throw new ArgumentOutOfRangeException(nameof(BandOpacity), BandOpacity, $"series \"{series}\": BandOpacity must be in [0, 1].");
        if (!(MarkerRadius > 0) || MarkerRadius > 50) throw new ArgumentOutOfRangeException(nameof(MarkerRadius), MarkerRadius, $"series \"{series}\": MarkerRadius must be in (0, 50].");
        if (!Line && !Markers) throw new ArgumentException($"series \"{series}\": a series needs a line, markers or both.");
    }
}
