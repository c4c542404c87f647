using System.Globalization;

namespace Ascent.Environments.Normalization;

/// <summary>
/// Scales rewards by the standard deviation of a running discounted return (Gymnasium's <c>NormalizeReward</c>,
/// Stable-Baselines3's <c>VecNormalize</c> reward part): per env <c>G ← γ·G + r</c>, the statistics take G, and the
/// reward becomes <c>clip(r / sqrt(var(G) + ε), −clip, clip)</c>. The mean is not subtracted (it would change the
/// optimal policy's incentives, e.g. to end or prolong episodes).
/// </summary>
/// <remarks>
/// G is set to 0 after every episode end, terminated or truncated (as VecNormalize; Gymnasium's wrapper resets it only
/// on termination). Save <see cref="GetState"/> with a model; <see cref="Frozen"/> stops updates for evaluation.
/// </remarks>
public sealed class RewardNormalizer
{
    private readonly double[] _returns;

    /// <summary>Creates a normaliser for <paramref name="numEnvs"/> parallel reward streams.</summary>
    /// <param name="numEnvs">Parallel environments (1 for a single env).</param>
    /// <param name="gamma">Discount of the running return, in [0, 1] (default 0.99).</param>
    /// <param name="clip">Scaled rewards are clipped to [−clip, clip] (default 10, as VecNormalize; +∞ disables).</param>
    /// <param name="epsilon">Added to the variance before the square root (default 1e-8).</param>
    public RewardNormalizer(int numEnvs = 1, double gamma = 0.99, double clip = 10.0, double epsilon = 1e-8)
    {
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "RewardNormalizer: numEnvs must be at least 1.");
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "RewardNormalizer: gamma must be in [0, 1].");
        if (!(clip > 0)) throw new ArgumentOutOfRangeException(nameof(clip), clip, "RewardNormalizer: clip must be positive (+∞ for no clipping).");
        if (!(epsilon >= 0) || double.IsInfinity(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "RewardNormalizer: epsilon must be finite and ≥ 0.");
        _returns = new double[numEnvs];
        Statistics = new RunningMeanStd(1);
        Gamma = gamma;
        Clip = clip;
        Epsilon = epsilon;
    }

    /// <summary>Statistics of the discounted return.</summary>
    public RunningMeanStd Statistics { get; }

    /// <summary>The discount of the running return.</summary>
    public double Gamma { get; }

    /// <summary>The clipping bound of scaled rewards.</summary>
    public double Clip { get; }

    /// <summary>The constant added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>The number of parallel reward streams.</summary>
    public int NumEnvs => _returns.Length;

    /// <summary>The running discounted return of each stream.</summary>
    public ReadOnlySpan<double> Returns => _returns;

    /// <summary>Replaces the running discounted returns (one per stream, finite), e.g. from a training checkpoint.</summary>
    public void SetReturns(ReadOnlySpan<double> returns)
    {
        if (returns.Length != NumEnvs)
            throw new ArgumentException($"RewardNormalizer.SetReturns: expected {NumEnvs} returns, got {returns.Length}.", nameof(returns));
        for (int i = 0; i < returns.Length; i++)
            if (!double.IsFinite(returns[i]))
                throw new ArgumentOutOfRangeException(nameof(returns), returns[i], $"RewardNormalizer.SetReturns: return {i} must be finite.");
        returns.CopyTo(_returns);
    }

    /// <summary>When true, neither the returns nor the statistics are updated (evaluation).</summary>
    public bool Frozen { get; set; }

    /// <summary>
    /// Processes one step of every stream: updates the returns and statistics (unless <see cref="Frozen"/>), writes
    /// the scaled rewards, then zeroes the returns of streams whose episode ended.
    /// </summary>
    public void Normalize(ReadOnlySpan<double> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated, Span<double> scaled)
    {
        int n = NumEnvs;
        if (rewards.Length != n || terminated.Length != n || truncated.Length != n || scaled.Length != n)
            throw new ArgumentException($"RewardNormalizer.Normalize: expected {n} rewards, flags and outputs, got {rewards.Length}, {terminated.Length}, {truncated.Length}, {scaled.Length}.");
        if (!Frozen)
        {
            for (int i = 0; i < n; i++) _returns[i] = _returns[i] * Gamma + rewards[i];
            Statistics.Update(_returns);
        }
        double std = Math.Sqrt(Statistics.Variance[0] + Epsilon);
        for (int i = 0; i < n; i++)
        {
            scaled[i] = Math.Clamp(rewards[i] / std, -Clip, Clip);
            if (terminated[i] || truncated[i]) _returns[i] = 0;
        }
    }

    /// <summary>A copy of the statistics and settings, to save with a model (the running returns are transient).</summary>
    public RewardNormalizerState GetState() => new(Statistics.GetState(), Gamma, Clip, Epsilon);

    /// <summary>Restores statistics saved by <see cref="GetState"/>; γ, clip and ε must match this normaliser's.</summary>
    public void SetState(RewardNormalizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Gamma != Gamma || state.Clip != Clip || state.Epsilon != Epsilon)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"RewardNormalizer.SetState: saved gamma {state.Gamma}, clip {state.Clip}, epsilon {state.Epsilon} differ from this normaliser's {Gamma}, {Clip}, {Epsilon}."), nameof(state));
        Statistics.SetState(state.Statistics);
    }
}

/// <summary>Saved <see cref="RewardNormalizer"/>: statistics of the discounted return and settings.</summary>
/// <param name="Statistics">Running mean, variance and count of the discounted return.</param>
/// <param name="Gamma">The discount.</param>
/// <param name="Clip">The clipping bound.</param>
/// <param name="Epsilon">The constant added to the variance.</param>
public sealed record RewardNormalizerState(RunningMeanStdState Statistics, double Gamma, double Clip, double Epsilon);
