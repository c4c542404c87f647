using System.Numerics;

namespace Ascent.Environments.Normalization;

/// <summary>
/// Running mean and variance of a stream of vectors, updated batch by batch with the parallel algorithm of Chan,
/// Golub &amp; LeVeque (1979) — the statistic behind Gymnasium's <c>NormalizeObservation</c>/<c>NormalizeReward</c> and
/// Stable-Baselines3's <c>VecNormalize</c>. One type serves single environments (batches of one) and vector
/// environments (batches of N), and merges statistics gathered by parallel workers.
/// </summary>
/// <remarks>
/// Starts, as theirs do, from mean 0, variance 1 and a pseudo-count ε = 1e-4. Arithmetic is float64. A batch of
/// B vectors with mean m_B and (population) variance v_B updates (m, v, n) to
/// <c>δ = m_B − m, n' = n + B, m' = m + δ·B/n', v' = (v·n + v_B·B + δ²·n·B/n') / n'</c>.
/// </remarks>
public sealed class RunningMeanStd
{
    private readonly double[] _mean, _var, _batchMean, _batchVar;

    /// <summary>Statistics of vectors of <paramref name="size"/> values, with initial pseudo-count <paramref name="epsilon"/>.</summary>
    public RunningMeanStd(int size, double epsilon = 1e-4)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "RunningMeanStd: size must be at least 1.");
        if (!(epsilon > 0) || double.IsInfinity(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "RunningMeanStd: epsilon (initial count) must be positive and finite.");
        _mean = new double[size];
        _var = new double[size];
        _batchMean = new double[size];
        _batchVar = new double[size];
        Array.Fill(_var, 1.0);
        Count = epsilon;
    }

    /// <summary>The length of the vectors.</summary>
    public int Size => _mean.Length;

    /// <summary>The running mean.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The running (population) variance.</summary>
    public ReadOnlySpan<double> Variance => _var;

    /// <summary>The number of vectors seen, plus the initial pseudo-count.</summary>
    public double Count { get; private set; }

    /// <summary>Incremented by every update or state change (lets users cache derived values).</summary>
    public long Version { get; private set; }

    /// <summary>Adds a batch of vectors stored row after row (<c>[B·Size]</c>, B ≥ 1).</summary>
    public void Update(ReadOnlySpan<float> batch) => UpdateBatch(batch);

    /// <summary>Adds a batch of vectors stored row after row (<c>[B·Size]</c>, B ≥ 1).</summary>
    public void Update(ReadOnlySpan<double> batch) => UpdateBatch(batch);

    private void UpdateBatch<T>(ReadOnlySpan<T> batch) where T : struct, INumberBase<T>
    {
        int d = Size;
        if (batch.Length == 0 || batch.Length % d != 0)
            throw new ArgumentException($"RunningMeanStd.Update: a batch must hold a positive multiple of {d} values, got {batch.Length}.", nameof(batch));
        int rows = batch.Length / d;
        Array.Clear(_batchMean);
        Array.Clear(_batchVar);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < d; j++) _batchMean[j] += double.CreateTruncating(batch[r * d + j]);
        for (int j = 0; j < d; j++) _batchMean[j] /= rows;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < d; j++) { double e = double.CreateTruncating(batch[r * d + j]) - _batchMean[j]; _batchVar[j] += e * e; }
        for (int j = 0; j < d; j++) _batchVar[j] /= rows;
        UpdateFromMoments(_batchMean, _batchVar, rows);
    }

    /// <summary>Combines with a batch given by its mean, population variance and count.</summary>
    public void UpdateFromMoments(ReadOnlySpan<double> batchMean, ReadOnlySpan<double> batchVariance, double batchCount)
    {
        if (batchMean.Length != Size || batchVariance.Length != Size)
            throw new ArgumentException($"RunningMeanStd.UpdateFromMoments: expected {Size} means and variances, got {batchMean.Length} and {batchVariance.Length}.");
        if (!(batchCount > 0) || double.IsInfinity(batchCount))
            throw new ArgumentOutOfRangeException(nameof(batchCount), batchCount, "RunningMeanStd.UpdateFromMoments: batchCount must be positive and finite.");
        double n = Count, total = n + batchCount;
        for (int j = 0; j < Size; j++)
        {
            double delta = batchMean[j] - _mean[j];
            double m2 = _var[j] * n + batchVariance[j] * batchCount + delta * delta * n * batchCount / total;
            _mean[j] += delta * batchCount / total;
            _var[j] = m2 / total;
        }
        Count = total;
        Version++;
    }

    /// <summary>Folds another statistic of the same size into this one (e.g. from a parallel worker).</summary>
    public void Merge(RunningMeanStd other)
    {
        ArgumentNullException.ThrowIfNull(other);
        UpdateFromMoments(other._mean, other._var, other.Count);
    }

    /// <summary>A copy of the statistics as plain arrays, to save with a model.</summary>
    public RunningMeanStdState GetState() => new((double[])_mean.Clone(), (double[])_var.Clone(), Count);

    /// <summary>Restores statistics saved by <see cref="GetState"/>.</summary>
    public void SetState(RunningMeanStdState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Mean.Length != Size || state.Variance.Length != Size)
            throw new ArgumentException($"RunningMeanStd.SetState: expected {Size} means and variances, got {state.Mean.Length} and {state.Variance.Length}.", nameof(state));
        if (!(state.Count > 0) || double.IsInfinity(state.Count))
            throw new ArgumentOutOfRangeException(nameof(state), state.Count, "RunningMeanStd.SetState: Count must be positive and finite.");
        for (int j = 0; j < Size; j++)
        {
            if (!double.IsFinite(state.Mean[j]) || !(state.Variance[j] >= 0) || double.IsInfinity(state.Variance[j]))
                throw new ArgumentOutOfRangeException(nameof(state), $"RunningMeanStd.SetState: entry {j} has mean {state.Mean[j]} and variance {state.Variance[j]}; need a finite mean and a finite variance ≥ 0.");
        }
        state.Mean.CopyTo(_mean, 0);
        state.Variance.CopyTo(_var, 0);
        Count = state.Count;
        Version++;
    }
}

/// <summary>Saved <see cref="RunningMeanStd"/> statistics.</summary>
/// <param name="Mean">The running mean.</param>
/// <param name="Variance">The running population variance.</param>
/// <param name="Count">The number of vectors seen plus the initial pseudo-count.</param>
public sealed record RunningMeanStdState(double[] Mean, double[] Variance, double Count);
