using System.Globalization;

namespace Ascent.Environments.Normalization;

/// <summary>
/// Normalises observations to zero mean and unit variance with running statistics:
/// <c>clip((x − mean) / sqrt(var + ε), −clip, clip)</c> (Gymnasium's <c>NormalizeObservation</c>, Stable-Baselines3's
/// <c>VecNormalize</c> observation part). Used by the single-env wrapper and, with batches of N, by the vector one.
/// </summary>
/// <remarks>
/// Save <see cref="GetState"/> with a trained model and restore it with <see cref="SetState"/>; set
/// <see cref="Frozen"/> for evaluation so the statistics stop changing.
/// </remarks>
public sealed class ObservationNormalizer
{
    private readonly double[] _std;
    private long _stdVersion = -1;

    /// <summary>Creates a normaliser for observations of <paramref name="size"/> floats.</summary>
    /// <param name="size">Floats per observation.</param>
    /// <param name="clip">Normalised values are clipped to [−clip, clip] (default 10, as VecNormalize; +∞ disables, as Gymnasium's wrapper).</param>
    /// <param name="epsilon">Added to the variance before the square root (default 1e-8).</param>
    public ObservationNormalizer(int size, double clip = 10.0, double epsilon = 1e-8)
    {
        if (!(clip > 0)) throw new ArgumentOutOfRangeException(nameof(clip), clip, "ObservationNormalizer: clip must be positive (+∞ for no clipping).");
        if (!(epsilon >= 0) || double.IsInfinity(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ObservationNormalizer: epsilon must be finite and ≥ 0.");
        Statistics = new RunningMeanStd(size);
        Clip = clip;
        Epsilon = epsilon;
        _std = new double[size];
    }

    /// <summary>The running statistics.</summary>
    public RunningMeanStd Statistics { get; }

    /// <summary>The clipping bound of normalised values.</summary>
    public double Clip { get; }

    /// <summary>The constant added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Floats per observation.</summary>
    public int Size => Statistics.Size;

    /// <summary>When true, <see cref="Update"/> does nothing (evaluation).</summary>
    public bool Frozen { get; set; }

    /// <summary>Adds a batch of observations (<c>[B·Size]</c>) to the statistics unless <see cref="Frozen"/>.</summary>
    public void Update(ReadOnlySpan<float> batch)
    {
        if (!Frozen) Statistics.Update(batch);
    }

    /// <summary>Writes the normalised batch <paramref name="source"/> (<c>[B·Size]</c>) into <paramref name="destination"/> (may be the same memory).</summary>
    public void Normalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length % Size != 0 || destination.Length != source.Length)
            throw new ArgumentException($"ObservationNormalizer.Normalize: source ({source.Length}) and destination ({destination.Length}) must have the same length, a multiple of {Size}.");
        RefreshStd();
        var mean = Statistics.Mean;
        int d = Size;
        for (int row = 0; row < source.Length; row += d)
        {
            for (int j = 0; j < d; j++)
            {
                double v = (source[row + j] - mean[j]) / _std[j];
                destination[row + j] = (float)Math.Clamp(v, -Clip, Clip);
            }
        }
    }

    /// <summary>A copy of the statistics and settings, to save with a model.</summary>
    public ObservationNormalizerState GetState() => new(Statistics.GetState(), Clip, Epsilon);

    /// <summary>Restores statistics saved by <see cref="GetState"/>; clip and ε must match this normaliser's.</summary>
    public void SetState(ObservationNormalizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Clip != Clip || state.Epsilon != Epsilon)
            throw new ArgumentException($"ObservationNormalizer.SetState: saved clip {state.Clip.ToString(CultureInfo.InvariantCulture)} and epsilon {state.Epsilon.ToString(CultureInfo.InvariantCulture)} differ from this normaliser's {Clip.ToString(CultureInfo.InvariantCulture)} and {Epsilon.ToString(CultureInfo.InvariantCulture)}.", nameof(state));
        Statistics.SetState(state.Statistics);
    }

    private void RefreshStd()
    {
        if (_stdVersion == Statistics.Version) return;
        var variance = Statistics.Variance;
        for (int j = 0; j < _std.Length; j++) _std[j] = Math.Sqrt(variance[j] + Epsilon);
        _stdVersion = Statistics.Version;
    }
}

/// <summary>Saved <see cref="ObservationNormalizer"/>: statistics and settings.</summary>
/// <param name="Statistics">Running mean, variance and count.</param>
/// <param name="Clip">The clipping bound.</param>
/// <param name="Epsilon">The constant added to the variance.</param>
public sealed record ObservationNormalizerState(RunningMeanStdState Statistics, double Clip, double Epsilon);
