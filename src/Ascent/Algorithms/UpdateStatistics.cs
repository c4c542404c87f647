using Ascent.Training.Logging;

namespace Ascent.Algorithms;

/// <summary>
/// PPO's debug statistics (implementation detail 12) over the minibatch steps of one update, written under
/// Stable-Baselines3's names: the means of the policy loss, the value loss, the entropy loss (−H), the k3 approximate KL
/// and the clip fraction over the steps, the last total loss and the mean gradient norm. Reused across updates (no allocation).
/// </summary>
public sealed class UpdateStatistics
{
    private double _policyLoss, _valueLoss, _entropy, _approxKl, _clipFraction, _gradNorm, _lastLoss;

    /// <summary>Minibatch steps recorded since <see cref="Reset"/>.</summary>
    public int Steps { get; private set; }

    /// <summary>The mean k3 approximate KL of the recorded steps (NaN before the first).</summary>
    public double MeanApproxKl => Steps == 0 ? double.NaN : _approxKl / Steps;

    /// <summary>The mean clip fraction of the recorded steps (NaN before the first).</summary>
    public double MeanClipFraction => Steps == 0 ? double.NaN : _clipFraction / Steps;

    /// <summary>Forgets the steps of the previous update.</summary>
    public void Reset()
    {
        _policyLoss = _valueLoss = _entropy = _approxKl = _clipFraction = _gradNorm = 0;
        _lastLoss = double.NaN;
        Steps = 0;
    }

    /// <summary>Adds one minibatch step.</summary>
    public void Add(in PpoLossTerms terms, double gradNorm)
    {
        _policyLoss += terms.PolicyLoss;
        _valueLoss += terms.ValueLoss;
        _entropy += terms.Entropy;
        _approxKl += terms.ApproxKl;
        _clipFraction += terms.ClipFraction;
        _gradNorm += gradNorm;
        _lastLoss = terms.Total;
        Steps++;
    }

    /// <summary>Records the means into <paramref name="logger"/> (nothing when no step was taken).</summary>
    public void WriteTo(Logger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (Steps == 0) return;
        logger.Record(LogKeys.PolicyGradientLoss, _policyLoss / Steps);
        logger.Record(LogKeys.ValueLoss, _valueLoss / Steps);
        logger.Record(LogKeys.EntropyLoss, -_entropy / Steps);
        logger.Record(LogKeys.ApproxKl, _approxKl / Steps);
        if (!double.IsNaN(_clipFraction)) logger.Record(LogKeys.ClipFraction, _clipFraction / Steps);   // NaN: no clipping (PPO-KL)
        logger.Record(LogKeys.GradNorm, _gradNorm / Steps);
        logger.Record(LogKeys.Loss, _lastLoss);
    }

    /// <summary>The mean of <c>exp(log σ)</c> (SB3's <c>train/std</c>).</summary>
    public static double MeanStd(ReadOnlySpan<float> logStd)
    {
        double s = 0;
        foreach (float v in logStd) s += Math.Exp(v);
        return s / logStd.Length;
    }
}
