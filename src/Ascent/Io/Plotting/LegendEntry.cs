namespace Ascent.Io.Plotting;

/// <summary>The swatch a legend row shows.</summary>
internal enum LegendSwatch { Line, Marker, Box }

/// <summary>One row of a legend.</summary>
internal sealed record LegendEntry(string Name, string Color, LegendSwatch Swatch, bool Dashed = false, bool Band = false, bool Markers = false);
