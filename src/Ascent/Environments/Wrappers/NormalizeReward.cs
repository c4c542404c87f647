using Ascent.Environments.Normalization;

namespace Ascent.Environments.Wrappers;

/// <summary>
/// Scales rewards by the standard deviation of the running discounted return (Gymnasium's <c>NormalizeReward</c>; see
/// <see cref="RewardNormalizer"/> for the exact rule, clipping and reset convention).
/// </summary>
public sealed class NormalizeReward : Wrapper
{
    /// <summary>Wraps <paramref name="env"/> with a new normaliser (γ = 0.99, clip 10, ε = 1e-8 by default) or a given, e.g. restored, one.</summary>
    public NormalizeReward(Env env, double gamma = 0.99, double clip = 10.0, double epsilon = 1e-8, RewardNormalizer? normalizer = null) : base(env)
    {
        Normalizer = normalizer ?? new RewardNormalizer(1, gamma, clip, epsilon);
        if (Normalizer.NumEnvs != 1)
            throw new ArgumentException($"NormalizeReward({env.Name}): a single environment needs a normaliser of 1 stream, got {Normalizer.NumEnvs}.", nameof(normalizer));
    }

    /// <summary>The statistics and settings (save them with a model; set <c>Frozen</c> for evaluation).</summary>
    public RewardNormalizer Normalizer { get; }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var (reward, terminated, truncated) = base.StepCore(action, observation);
        Span<double> scaled = stackalloc double[1];
        Normalizer.Normalize([reward], [terminated], [truncated], scaled);
        return (scaled[0], terminated, truncated);
    }
}
