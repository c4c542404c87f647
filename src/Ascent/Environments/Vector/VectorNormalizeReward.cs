using Ascent.Environments.Normalization;

namespace Ascent.Environments.Vector;

/// <summary>
/// Scales the rewards of all N envs by the standard deviation of their running discounted returns, with one shared
/// <see cref="RewardNormalizer"/> (Gymnasium's vector <c>NormalizeReward</c>, Stable-Baselines3's <c>VecNormalize</c>).
/// <see cref="VectorEnv.FinalEpisodes"/> keep the raw returns.
/// </summary>
public sealed class VectorNormalizeReward : VectorEnvWrapper
{
    /// <summary>Wraps <paramref name="inner"/> with a new normaliser (γ = 0.99, clip 10, ε = 1e-8 by default) or a given, e.g. restored, one.</summary>
    public VectorNormalizeReward(VectorEnv inner, double gamma = 0.99, double clip = 10.0, double epsilon = 1e-8, RewardNormalizer? normalizer = null)
        : base(inner)
    {
        Normalizer = normalizer ?? new RewardNormalizer(inner.NumEnvs, gamma, clip, epsilon);
        if (Normalizer.NumEnvs != inner.NumEnvs)
            throw new ArgumentException($"VectorNormalizeReward({inner.Name}): the normaliser has {Normalizer.NumEnvs} streams, the vector env {inner.NumEnvs} envs.", nameof(normalizer));
    }

    /// <summary>The shared statistics and settings (save them with a model; set <c>Frozen</c> for evaluation).</summary>
    public RewardNormalizer Normalizer { get; }

    /// <summary>Saves the wrapped environment and the running discounted returns (the statistics are saved with the model).</summary>
    protected override void SaveStateCore(VectorEnvState state)
    {
        base.SaveStateCore(state);
        state.Set("discounted_returns", Normalizer.Returns);
    }

    /// <inheritdoc />
    protected override void LoadStateCore(VectorEnvState state)
    {
        base.LoadStateCore(state);
        var returns = new double[Normalizer.NumEnvs];
        state.Get("discounted_returns", returns);
        Normalizer.SetReturns(returns);
    }

    /// <inheritdoc />
    protected override void OnStep() => Normalizer.Normalize(Rewards, Terminated, Truncated, Rewards);
}
