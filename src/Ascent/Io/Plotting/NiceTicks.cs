using System.Globalization;

namespace Ascent.Io.Plotting;

/// <summary>
/// Tick positions people read easily: steps of 1, 2 or 5 times a power of ten on linear axes, decades
/// (with 2 and 5 between them on short ranges) on log axes; and tick labels without floating-point noise
/// (<c>0.3</c>, not <c>0.30000000000000004</c>), with <c>k</c>/<c>M</c> for thousands and millions.
/// </summary>
public static class NiceTicks
{
    /// <summary>The 1-2-5 step that divides <paramref name="range"/> into about <paramref name="targetCount"/> intervals (at most that many).</summary>
    public static double Step(double range, int targetCount)
    {
        if (!(range > 0) || !double.IsFinite(range)) throw new ArgumentOutOfRangeException(nameof(range), range, "NiceTicks.Step: the range must be positive and finite.");
        if (targetCount < 1) throw new ArgumentOutOfRangeException(nameof(targetCount), targetCount, "NiceTicks.Step: the target count must be at least 1.");
        double raw = range / targetCount;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double residual = raw / magnitude;
        double factor = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10;
        return factor * magnitude;
    }

    /// <summary>
    /// The multiples of <see cref="Step"/> that lie in [<paramref name="min"/>, <paramref name="max"/>]; if fewer than
    /// two fit, the next finer 1-2-5 step is used.
    /// </summary>
    public static double[] Linear(double min, double max, int targetCount = 6)
    {
        CheckRange(min, max);
        if (min == max) return [Clean(min, 1)];
        double step = Step(max - min, targetCount);
        long first, last;
        while (true)
        {
            first = (long)Math.Ceiling(min / step - 1e-9);
            last = (long)Math.Floor(max / step + 1e-9);
            if (last - first >= 1) break;
            step = SmallerStep(step); // a coarse step can straddle a short range: go down 5 → 2 → 1 → 0.5 until two ticks fit
        }
        var ticks = new double[Math.Max(0, last - first + 1)];
        for (long k = first; k <= last; k++) ticks[k - first] = Clean(k * step, step);
        return ticks;
    }

    /// <summary>[<paramref name="min"/>, <paramref name="max"/>] widened outward to the nearest multiples of the nice step.</summary>
    public static (double Min, double Max) ExtendToTicks(double min, double max, int targetCount = 6)
    {
        CheckRange(min, max);
        if (min == max)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        double step = Step(max - min, targetCount);
        return (Clean(Math.Floor(min / step + 1e-9) * step, step), Clean(Math.Ceiling(max / step - 1e-9) * step, step));
    }

    /// <summary>Tick positions of a log axis over [<paramref name="min"/>, <paramref name="max"/>] (both positive).</summary>
    public static double[] Log(double min, double max)
    {
        CheckRange(min, max);
        if (!(min > 0)) throw new ArgumentOutOfRangeException(nameof(min), min, "NiceTicks.Log: a log axis needs positive bounds.");
        int lo = (int)Math.Floor(Math.Log10(min) + 1e-9), hi = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        int decades = Math.Max(1, hi - lo);
        int every = (decades + 7) / 8; // at most about 8 decade labels
        double[] multiples = decades <= 2 ? [1, 2, 5] : [1];
        var ticks = new List<double>();
        for (int e = lo; e <= hi; e++)
        {
            if ((e - lo) % every != 0) continue;
            foreach (double m in multiples)
            {
                double v = Clean(m * Math.Pow(10, e), Math.Pow(10, e));
                if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.Add(v);
            }
        }
        return [.. ticks];
    }

    /// <summary>[<paramref name="min"/>, <paramref name="max"/>] widened outward to whole decades.</summary>
    public static (double Min, double Max) ExtendToDecades(double min, double max)
    {
        CheckRange(min, max);
        if (!(min > 0)) throw new ArgumentOutOfRangeException(nameof(min), min, "NiceTicks.ExtendToDecades: a log axis needs positive bounds.");
        double lo = Math.Pow(10, Math.Floor(Math.Log10(min) + 1e-9)), hi = Math.Pow(10, Math.Ceiling(Math.Log10(max) - 1e-9));
        return hi <= lo ? (lo, lo * 10) : (lo, hi);
    }

    /// <summary>
    /// A label formatter for linear ticks spaced <paramref name="step"/> apart whose largest magnitude is
    /// <paramref name="largest"/>: just enough decimals, <c>k</c>/<c>M</c> suffixes for large round values,
    /// scientific notation for tiny ones.
    /// </summary>
    public static Func<double, string> LinearFormatter(double step, double largest)
    {
        largest = Math.Abs(largest);
        if (largest >= 1e6 && step >= 1e5) return v => v == 0 ? "0" : Minus(Fixed(v / 1e6, step / 1e6) + "M");
        if (largest >= 1e4 && step >= 1e3) return v => v == 0 ? "0" : Minus(Fixed(v / 1e3, step / 1e3) + "k");
        if (step < 1e-3 && largest < 1e-2) return v => v == 0 ? "0" : Minus(v.ToString("0.###e0", CultureInfo.InvariantCulture));
        return v => Minus(Fixed(v, step));
    }

    /// <summary>A short label for any value (used on log axes): <c>0.01</c>, <c>250</c>, <c>10k</c>, <c>2M</c>, <c>1e-5</c>.</summary>
    public static string Compact(double value)
    {
        if (!double.IsFinite(value)) return value.ToString(CultureInfo.InvariantCulture);
        double a = Math.Abs(value);
        if (a >= 1e6) return Minus((value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M");
        if (a >= 1e4) return Minus((value / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k");
        if (a != 0 && a < 1e-3) return Minus(value.ToString("0.##e0", CultureInfo.InvariantCulture));
        return Minus(value.ToString("0.####", CultureInfo.InvariantCulture));
    }

    /// <summary>Typographic minus signs (U+2212) in place of hyphens, as printed figures use.</summary>
    private static string Minus(string text) => text.Replace('-', '\u2212');

    private static string Fixed(double value, double step)
    {
        int decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 12);
        double rounded = Math.Round(value, decimals);
        if (rounded == 0) rounded = 0; // no "-0"
        return rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double SmallerStep(double step)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        double factor = Math.Round(step / magnitude);
        return factor switch { 5 => 2 * magnitude, 2 => magnitude, _ => magnitude / 2 };
    }

    /// <summary>Rounds away floating-point noise below the precision of <paramref name="step"/>.</summary>
    private static double Clean(double value, double step)
    {
        int digits = Math.Clamp(-(int)Math.Floor(Math.Log10(step)) + 2, 0, 15);
        double v = Math.Round(value, digits);
        return v == 0 ? 0 : v;
    }

    private static void CheckRange(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"NiceTicks: the range [{min}, {max}] must be finite with min ≤ max.");
    }
}
