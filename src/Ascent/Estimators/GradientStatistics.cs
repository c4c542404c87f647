namespace Ascent.Estimators;

/// <summary>
/// Running mean and variance of gradient estimates, component by component (Welford's algorithm in double
/// precision): the mean, its standard error, and the estimator's variance — what the exact checks and the
/// variance experiment compare.
/// </summary>
public sealed class GradientStatistics
{
    private readonly double[] _mean;
    private readonly double[] _m2;

    /// <summary>Creates empty statistics for estimates of <paramref name="size"/> components.</summary>
    public GradientStatistics(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "GradientStatistics: size must be at least 1.");
        _mean = new double[size];
        _m2 = new double[size];
    }

    /// <summary>The number of components.</summary>
    public int Size => _mean.Length;

    /// <summary>The number of estimates added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one estimate (length <see cref="Size"/>).</summary>
    public void Add(ReadOnlySpan<double> estimate)
    {
        if (estimate.Length != Size) throw new ArgumentException($"GradientStatistics.Add: the estimate has {estimate.Length} components, expected {Size}.", nameof(estimate));
        Count++;
        for (int k = 0; k < Size; k++)
        {
            double delta = estimate[k] - _mean[k];
            _mean[k] += delta / Count;
            _m2[k] += delta * (estimate[k] - _mean[k]);
        }
    }

    /// <summary>Adds every row of an N × <see cref="Size"/> block of estimates.</summary>
    public void AddRows(ReadOnlySpan<double> estimates)
    {
        if (estimates.Length % Size != 0) throw new ArgumentException($"GradientStatistics.AddRows: {estimates.Length} values is not a whole number of {Size}-component rows.", nameof(estimates));
        for (int r = 0; r < estimates.Length / Size; r++) Add(estimates.Slice(r * Size, Size));
    }

    /// <summary>The mean estimate.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The sample variance (n − 1 denominator) of component <paramref name="k"/>.</summary>
    public double Variance(int k) => Count > 1 ? _m2[k] / (Count - 1) : double.NaN;

    /// <summary>The standard error of the mean of component <paramref name="k"/>: √(variance / n).</summary>
    public double StandardError(int k) => Math.Sqrt(Variance(k) / Count);

    /// <summary>The total variance Σ_k Var(ĝ_k) = E‖ĝ − E ĝ‖² of one estimate.</summary>
    public double TotalVariance()
    {
        double total = 0;
        for (int k = 0; k < Size; k++) total += Variance(k);
        return total;
    }
}
