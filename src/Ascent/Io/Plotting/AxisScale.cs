namespace Ascent.Io.Plotting;

/// <summary>How an axis maps data to position.</summary>
public enum AxisScale
{
    /// <summary>Equal distances for equal differences.</summary>
    Linear,

    /// <summary>Equal distances for equal ratios (base 10); values ≤ 0 are not drawn.</summary>
    Log,
}
