namespace Ascent.Io.Config;

/// <summary>
/// Observation and reward normalisation (Stable-Baselines3's <c>VecNormalize</c>), written as RL Zoo does:
/// <c>normalize: true</c> (observations and rewards), <c>normalize: false</c>, or a dict string such as
/// <c>normalize: "{'norm_obs': True, 'norm_reward': False}"</c> whose missing keys take VecNormalize's defaults.
/// </summary>
public sealed record NormalizeSettings
{
    /// <summary>No normalisation (the usual default of an algorithm's options).</summary>
    public static NormalizeSettings Off { get; } = new() { NormObs = false, NormReward = false };

    /// <summary>Whether observations are normalised by their running mean and variance.</summary>
    [Option("norm_obs", "Normalise observations by their running mean and variance.")]
    public bool NormObs { get; init; } = true;

    /// <summary>Whether rewards are scaled by the running standard deviation of the discounted return.</summary>
    [Option("norm_reward", "Scale rewards by the running standard deviation of the discounted return.")]
    public bool NormReward { get; init; } = true;

    /// <summary>Normalised observations are clipped to [−clip_obs, clip_obs].</summary>
    [Option("clip_obs", "Clip normalised observations to [-clip_obs, clip_obs].", Min = 0, MinExclusive = true)]
    public double ClipObs { get; init; } = 10.0;

    /// <summary>Scaled rewards are clipped to [−clip_reward, clip_reward].</summary>
    [Option("clip_reward", "Clip scaled rewards to [-clip_reward, clip_reward].", Min = 0, MinExclusive = true)]
    public double ClipReward { get; init; } = 10.0;

    /// <summary>Added to the variance before taking the square root.</summary>
    [Option("epsilon", "Added to the variance before the square root.", Min = 0, MinExclusive = true)]
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The discount of the return whose spread scales rewards; null means the algorithm's gamma (RL Zoo's behaviour).</summary>
    [Option("gamma", "Discount of the return that scales rewards; null = the algorithm's gamma.", Min = 0, Max = 1)]
    public double? Gamma { get; init; }

    /// <summary>Whether anything is normalised.</summary>
    public bool Enabled => NormObs || NormReward;
}
