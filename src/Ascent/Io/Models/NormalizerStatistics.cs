namespace Ascent.Io.Models;

/// <summary>
/// The running statistics of an observation or reward normaliser (per-coordinate mean and variance, and
/// the number of samples they summarise), as stored in a model file.
/// </summary>
/// <param name="Mean">The running mean, one value per coordinate.</param>
/// <param name="Variance">The running (population) variance, same length as <paramref name="Mean"/>.</param>
/// <param name="Count">The (possibly fractional, as in SB3's <c>RunningMeanStd</c>) number of samples seen.</param>
public sealed record NormalizerStatistics(double[] Mean, double[] Variance, double Count)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless the lengths agree, the count is finite and non-negative,
    /// and every mean is finite and every variance finite and non-negative.</summary>
    public void Validate(string what)
    {
        ArgumentNullException.ThrowIfNull(Mean);
        ArgumentNullException.ThrowIfNull(Variance);
        if (Mean.Length != Variance.Length)
            throw new ArgumentException($"{what}: mean has {Mean.Length} values but variance has {Variance.Length}.");
        if (!double.IsFinite(Count) || Count < 0)
            throw new ArgumentException($"{what}: count {Count} must be finite and non-negative.");
        for (int i = 0; i < Mean.Length; i++)
        {
            if (!double.IsFinite(Mean[i])) throw new ArgumentException($"{what}: mean[{i}] = {Mean[i]} is not finite.");
            if (!double.IsFinite(Variance[i]) || Variance[i] < 0) throw new ArgumentException($"{what}: variance[{i}] = {Variance[i]} must be finite and non-negative.");
        }
    }
}
