namespace Ascent.Io.Plotting;

/// <summary>A horizontal line at <paramref name="Y"/> with a label, such as an exact optimum v*(s₀).</summary>
/// <param name="Y">The data value the line marks.</param>
/// <param name="Label">Text drawn above the right end of the line.</param>
/// <param name="Color">A CSS colour (default dark grey).</param>
public sealed record ReferenceLine(double Y, string Label, string Color = "#444444");
