namespace Ascent.Io.Reports;

/// <summary>
/// The mean and standard deviation of several runs' curves: each run is interpolated linearly onto a common
/// grid of x values spanning the range that every run covers, so runs logged at different steps line up.
/// </summary>
public static class CurveAggregate
{
    /// <summary>
    /// Mean ± std (population, ddof = 0, as NumPy's default) over <paramref name="runs"/> at
    /// <paramref name="points"/> evenly spaced x values across the overlap of their x ranges. Points with a
    /// non-finite x or y are ignored; each run's x must be non-decreasing. Returns empty arrays when fewer than
    /// one run has two usable points, or the ranges do not overlap.
    /// </summary>
    public static (double[] X, double[] Mean, double[] Std) MeanStd(IReadOnlyList<(double[] X, double[] Y)> runs, int points = 200)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "CurveAggregate.MeanStd: points must be at least 2.");
        var clean = new List<(double[] X, double[] Y)>();
        foreach (var (xs, ys) in runs)
        {
            if (xs.Length != ys.Length) throw new ArgumentException($"CurveAggregate.MeanStd: a run has {xs.Length} x values but {ys.Length} y values.", nameof(runs));
            var keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
            for (int k = 1; k < keep.Length; k++)
                if (xs[keep[k]] < xs[keep[k - 1]]) throw new ArgumentException($"CurveAggregate.MeanStd: x must be non-decreasing, but {xs[keep[k]]} follows {xs[keep[k - 1]]}.", nameof(runs));
            if (keep.Length >= 2) clean.Add((keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray()));
        }
        if (clean.Count == 0) return ([], [], []);
        double lo = clean.Max(r => r.X[0]), hi = clean.Min(r => r.X[^1]);
        if (!(hi > lo)) return ([], [], []);

        var grid = new double[points];
        var mean = new double[points];
        var std = new double[points];
        var values = new double[clean.Count];
        for (int p = 0; p < points; p++)
        {
            double x = p == points - 1 ? hi : lo + (hi - lo) * p / (points - 1);
            grid[p] = x;
            for (int r = 0; r < clean.Count; r++) values[r] = Interpolate(clean[r].X, clean[r].Y, x);
            double m = values.Average();
            mean[p] = m;
            std[p] = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / values.Length);
        }
        return (grid, mean, std);
    }

    /// <summary>Linear interpolation of (xs, ys) at <paramref name="x"/>, clamped to the end values outside the range.</summary>
    public static double Interpolate(double[] xs, double[] ys, double x)
    {
        if (x <= xs[0]) return ys[0];
        if (x >= xs[^1]) return ys[^1];
        int hi = Array.BinarySearch(xs, x);
        if (hi >= 0)
        {
            // Equal x values (a repeated step): average them as the value there.
            int a = hi, b = hi;
            while (a > 0 && xs[a - 1] == x) a--;
            while (b < xs.Length - 1 && xs[b + 1] == x) b++;
            double sum = 0;
            for (int i = a; i <= b; i++) sum += ys[i];
            return sum / (b - a + 1);
        }
        hi = ~hi;
        int lo = hi - 1;
        double t = (x - xs[lo]) / (xs[hi] - xs[lo]);
        return ys[lo] + t * (ys[hi] - ys[lo]);
    }
}
