namespace Ascent.Estimators;

/// <summary>Per-step importance ratios ρ_t = π_θ(a_t|s_t) / μ(a_t|s_t), optionally truncated at a maximum.</summary>
public static class ImportanceRatios
{
    /// <summary>Writes ρ_t = exp(log π − log μ), or min(ρ_t, <paramref name="maxRatio"/>) when truncating.</summary>
    /// <exception cref="InvalidOperationException">A behaviour log-probability is missing or not finite: importance sampling needs μ(a_t|s_t) &gt; 0 for every sampled action.</exception>
    public static void Compute(ReadOnlySpan<double> behaviorLogProbs, ReadOnlySpan<double> targetLogProbs, double? maxRatio, Span<double> ratios)
    {
        if (targetLogProbs.Length != behaviorLogProbs.Length)
            throw new ArgumentException($"ImportanceRatios: {behaviorLogProbs.Length} behaviour log-probabilities but {targetLogProbs.Length} target ones.", nameof(targetLogProbs));
        for (int t = 0; t < behaviorLogProbs.Length; t++)
        {
            double logMu = behaviorLogProbs[t];
            if (double.IsNaN(logMu))
                throw new InvalidOperationException($"ImportanceRatios: step {t} has no behaviour log-probability; record log μ(a|s) when sampling (EpisodeSampler does).");
            if (!double.IsFinite(logMu))
                throw new InvalidOperationException($"ImportanceRatios: step {t} has behaviour log-probability {logMu}; importance sampling needs μ(a|s) > 0 wherever the target policy has mass.");
            double rho = Math.Exp(targetLogProbs[t] - logMu);
            if (!double.IsFinite(rho))
                throw new InvalidOperationException($"ImportanceRatios: the ratio π/μ at step {t} overflows (log π = {targetLogProbs[t]}, log μ = {logMu}); the behaviour policy gives this action almost no probability.");
            ratios[t] = maxRatio is double c && rho > c ? c : rho;
        }
    }

    /// <summary>Checks a truncation level: null (none) or in (0, ∞).</summary>
    internal static double? CheckMaxRatio(double? maxRatio, string owner)
    {
        if (maxRatio is double c && !(c > 0 && !double.IsNaN(c)))
            throw new ArgumentOutOfRangeException(nameof(maxRatio), maxRatio, $"{owner}: maxRatio = {c} is outside the allowed range (0, ∞] (null for no truncation).");
        return maxRatio;
    }
}
