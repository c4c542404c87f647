using System.Globalization;
using Ascent.Environments.Normalization;

namespace Ascent.Io.Onnx;

/// <summary>
/// The observation normalisation baked into an exported policy as constants:
/// <c>clip((x − mean) / sqrt(var + ε), −clip, clip)</c>, exactly <see cref="ObservationNormalizer.Normalize"/>'s formula
/// with frozen statistics. In the graph it becomes <c>Sub</c>, <c>Div</c> and <c>Clip</c> nodes (no <c>Clip</c> when
/// clip is +∞), in the precision <see cref="Arithmetic"/> chooses.
/// </summary>
public sealed class OnnxNormalization
{
    private readonly double[] _mean, _variance, _std;

    /// <summary>Creates the normalisation from a snapshot of running statistics.</summary>
    /// <param name="mean">The running mean, one value per observation coordinate (finite).</param>
    /// <param name="variance">The running population variance, same length (finite, ≥ 0).</param>
    /// <param name="epsilon">Added to the variance before the square root (finite, ≥ 0; var + ε must be positive).</param>
    /// <param name="clip">Normalised values are clipped to [−clip, clip] (positive; +∞ for no clipping).</param>
    /// <param name="arithmetic">The precision the graph normalises in (default float64, bit-identical to Ascent).</param>
    public OnnxNormalization(ReadOnlySpan<double> mean, ReadOnlySpan<double> variance, double epsilon, double clip, OnnxArithmetic arithmetic = OnnxArithmetic.Float64)
    {
        if (!Enum.IsDefined(arithmetic))
            throw new ArgumentOutOfRangeException(nameof(arithmetic), arithmetic, "OnnxNormalization: arithmetic must be Float64 or Float32.");
        if (mean.Length == 0) throw new ArgumentException("OnnxNormalization: mean is empty; it needs one value per observation coordinate.", nameof(mean));
        if (variance.Length != mean.Length)
            throw new ArgumentException($"OnnxNormalization: mean has {mean.Length} values but variance has {variance.Length}.", nameof(variance));
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "OnnxNormalization: epsilon must be finite and ≥ 0.");
        if (!(clip > 0))
            throw new ArgumentOutOfRangeException(nameof(clip), clip, "OnnxNormalization: clip must be positive (+∞ for no clipping).");
        _mean = mean.ToArray();
        _variance = variance.ToArray();
        _std = new double[mean.Length];
        for (int j = 0; j < mean.Length; j++)
        {
            if (!double.IsFinite(mean[j]) || !(variance[j] >= 0) || double.IsInfinity(variance[j]))
                throw new ArgumentException($"OnnxNormalization: coordinate {j} has mean {Format(mean[j])} and variance {Format(variance[j])}; need a finite mean and a finite variance ≥ 0.");
            _std[j] = Math.Sqrt(variance[j] + epsilon);  // as ObservationNormalizer: sqrt(var + ε) in double
            if (!(_std[j] > 0))
                throw new ArgumentException($"OnnxNormalization: coordinate {j} has variance + epsilon = 0, so (x − mean) / sqrt(var + ε) divides by zero; use epsilon > 0.");
        }
        Epsilon = epsilon;
        Clip = clip;
        Arithmetic = arithmetic;
    }

    /// <summary>The frozen statistics of <paramref name="normalizer"/> with its ε and clip.</summary>
    public static OnnxNormalization From(ObservationNormalizer normalizer, OnnxArithmetic arithmetic = OnnxArithmetic.Float64)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        return new(normalizer.Statistics.Mean, normalizer.Statistics.Variance, normalizer.Epsilon, normalizer.Clip, arithmetic);
    }

    /// <summary>The statistics saved by <see cref="ObservationNormalizer.GetState"/>.</summary>
    public static OnnxNormalization From(ObservationNormalizerState state, OnnxArithmetic arithmetic = OnnxArithmetic.Float64)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.Statistics.Mean, state.Statistics.Variance, state.Epsilon, state.Clip, arithmetic);
    }

    /// <summary>Observation coordinates.</summary>
    public int Size => _mean.Length;

    /// <summary>The mean subtracted from each coordinate.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The variance of each coordinate.</summary>
    public ReadOnlySpan<double> Variance => _variance;

    /// <summary>The divisor of each coordinate, <c>sqrt(var + ε)</c>.</summary>
    public ReadOnlySpan<double> Std => _std;

    /// <summary>The constant added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>The clipping bound (+∞: no clipping).</summary>
    public double Clip { get; }

    /// <summary>The precision the graph normalises in.</summary>
    public OnnxArithmetic Arithmetic { get; }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
