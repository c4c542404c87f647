namespace Ascent.Search;

/// <summary>
/// Running per-coordinate mean and variance of observation vectors (Welford's update), mergeable with the
/// pairwise formula of Chan, Golub &amp; LeVeque (1979) so that statistics gathered on several threads can be
/// combined in a fixed order.
/// </summary>
public sealed class ObservationStatistics
{
    private readonly double[] _mean;
    private readonly double[] _m2; // Σ (x − mean)², per coordinate

    /// <summary>Creates empty statistics for observations of length <paramref name="size"/>.</summary>
    public ObservationStatistics(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "ObservationStatistics: the observation size must be at least 1.");
        _mean = new double[size];
        _m2 = new double[size];
    }

    /// <summary>The observation length.</summary>
    public int Size => _mean.Length;

    /// <summary>The number of observations recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The per-coordinate mean (0 when empty).</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The sample variance of coordinate <paramref name="i"/>, Σ(x − x̄)²/(n − 1); 0 with fewer than 2 observations.</summary>
    public double Variance(int i) => Count > 1 ? _m2[i] / (Count - 1) : 0;

    /// <summary>Adds one observation: n ← n+1, δ = x − x̄, x̄ ← x̄ + δ/n, M₂ ← M₂ + δ(x − x̄).</summary>
    public void Record(ReadOnlySpan<float> observation)
    {
        if (observation.Length != Size)
            throw new ArgumentException($"ObservationStatistics: observation has {observation.Length} entries, expected {Size}.", nameof(observation));
        Count++;
        for (int i = 0; i < Size; i++)
        {
            double x = observation[i];
            double delta = x - _mean[i];
            _mean[i] += delta / Count;
            _m2[i] += delta * (x - _mean[i]);
        }
    }

    /// <summary>Adds everything <paramref name="other"/> recorded: n = a + b, δ = x̄_b − x̄_a,
    /// x̄ = x̄_a + δ·b/n, M₂ = M₂ₐ + M₂_b + δ²·a·b/n.</summary>
    public void Merge(ObservationStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Size != Size) throw new ArgumentException($"ObservationStatistics: cannot merge size {other.Size} into size {Size}.", nameof(other));
        if (other.Count == 0) return;
        long a = Count, b = other.Count, n = a + b;
        for (int i = 0; i < Size; i++)
        {
            double delta = other._mean[i] - _mean[i];
            _mean[i] += delta * b / n;
            _m2[i] += other._m2[i] + delta * delta * ((double)a * b / n);
        }
        Count = n;
    }

    /// <summary>Forgets every observation.</summary>
    public void Clear()
    {
        Count = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
    }
}
