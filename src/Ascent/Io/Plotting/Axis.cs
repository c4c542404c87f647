namespace Ascent.Io.Plotting;

/// <summary>One axis of a chart: its scale, data domain, pixel range, ticks and tick labels.</summary>
internal sealed class Axis
{
    private readonly double _lo, _hi;      // domain in scale units (log10 for log axes)
    private readonly double _pixelFrom, _pixelTo;

    public Axis(AxisScale scale, double min, double max, double pixelFrom, double pixelTo, double[] ticks, Func<double, string> label)
    {
        Scale = scale;
        Min = min;
        Max = max;
        _lo = Transform(min);
        _hi = Transform(max);
        _pixelFrom = pixelFrom;
        _pixelTo = pixelTo;
        Ticks = ticks;
        Label = label;
    }

    public AxisScale Scale { get; }
    public double Min { get; }
    public double Max { get; }
    public double[] Ticks { get; }
    public Func<double, string> Label { get; }

    /// <summary>Whether <paramref name="value"/> can be placed on this axis (finite, and positive on a log axis).</summary>
    public bool Accepts(double value) => double.IsFinite(value) && (Scale == AxisScale.Linear || value > 0);

    /// <summary>The pixel position of <paramref name="value"/> (which must be accepted).</summary>
    public double Map(double value) => _pixelFrom + (Transform(value) - _lo) / (_hi - _lo) * (_pixelTo - _pixelFrom);

    private double Transform(double v) => Scale == AxisScale.Log ? Math.Log10(v) : v;

    /// <summary>
    /// Builds an axis over the data range [<paramref name="dataMin"/>, <paramref name="dataMax"/>] (NaN when there
    /// is no data), honouring user bounds; <paramref name="extend"/> widens linear ranges to nice ticks.
    /// </summary>
    public static Axis Create(AxisScale scale, double dataMin, double dataMax, double? userMin, double? userMax,
        bool extend, double pixelFrom, double pixelTo, int targetTicks, string name)
    {
        if (userMin is { } umin && userMax is { } umax && !(umin < umax))
            throw new ArgumentException($"{name}: the axis minimum ({umin}) must be below the maximum ({umax}).");
        if (scale == AxisScale.Log && (userMin is <= 0 || userMax is <= 0))
            throw new ArgumentException($"{name}: a log axis needs positive bounds, got [{userMin}, {userMax}].");
        double min = userMin ?? dataMin, max = userMax ?? dataMax;
        if (double.IsNaN(min) || double.IsNaN(max)) (min, max) = scale == AxisScale.Log ? (1, 10) : (0, 1);
        if (min > max) (min, max) = userMin.HasValue ? (min, min + Math.Max(1, Math.Abs(min))) : (max - Math.Max(1, Math.Abs(max)), max);

        if (scale == AxisScale.Log)
        {
            var (lo, hi) = NiceTicks.ExtendToDecades(min, max);
            if (extend || min == max) { min = userMin ?? lo; max = userMax ?? hi; }
            if (min == max) max = min * 10;
            return new Axis(scale, min, max, pixelFrom, pixelTo, NiceTicks.Log(min, max), NiceTicks.Compact);
        }

        if (max - min <= Math.Max(Math.Abs(min), Math.Abs(max)) * 1e-12)
            min = max = userMin ?? userMax ?? (min + max) / 2; // a range below a double's resolution there: a flat line, not 10¹⁵ ticks
        if (min == max || extend)
        {
            var (lo, hi) = NiceTicks.ExtendToTicks(min, max, targetTicks);
            min = userMin ?? lo;
            max = userMax ?? hi;
        }
        var ticks = NiceTicks.Linear(min, max, targetTicks);
        double step = ticks.Length > 1 ? ticks[1] - ticks[0] : NiceTicks.Step(max - min, targetTicks);
        double largest = Math.Max(Math.Abs(min), Math.Abs(max));
        return new Axis(scale, min, max, pixelFrom, pixelTo, ticks, NiceTicks.LinearFormatter(step, largest));
    }
}
