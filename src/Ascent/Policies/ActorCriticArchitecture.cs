using Ascent.Nn;

namespace Ascent.Policies;

/// <summary>
/// The shape of an <see cref="ActorCriticPolicy"/>: hidden widths of the actor (π) and the critic (V), whether they
/// share one trunk, the activation, the initialisation and a Gaussian policy's initial log-std. Defaults are
/// Stable-Baselines3's and CleanRL's for MLP policies: separate 64-64 tanh networks, orthogonal initialisation
/// (gain √2 hidden, 0.01 policy head, 1 value head, zero biases), log σ = 0.
/// </summary>
/// <remarks>
/// Seed 003's "two networks vs shared network": separate networks are simpler and usually more stable (the critic's
/// loss cannot disturb the actor's features); a shared trunk learns one set of features for both heads. With
/// <see cref="SharedTrunk"/> the trunk has the widths <see cref="PolicyHidden"/> and <see cref="ValueHidden"/> must be
/// equal to it.
/// </remarks>
public sealed record ActorCriticArchitecture
{
    /// <summary>Hidden-layer widths of the actor (or of the shared trunk).</summary>
    public IReadOnlyList<int> PolicyHidden { get; init; } = [64, 64];

    /// <summary>Hidden-layer widths of the critic (equal to <see cref="PolicyHidden"/> with a shared trunk).</summary>
    public IReadOnlyList<int> ValueHidden { get; init; } = [64, 64];

    /// <summary>One trunk for both heads instead of two separate networks.</summary>
    public bool SharedTrunk { get; init; }

    /// <summary>The hidden-layer activation.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Orthogonal initialisation (PPO's); otherwise PyTorch's default <c>U(±1/√fan_in)</c> for weights and biases.</summary>
    public bool OrthogonalInit { get; init; } = true;

    /// <summary>Initial log standard deviation of a Gaussian policy (every entry of the log-std parameter).</summary>
    public float LogStdInit { get; init; }

    /// <summary>
    /// Generalized state-dependent exploration (gSDE, Raffin et al. 2022; RL Zoo's <c>use_sde</c>) for Gaussian policies:
    /// the noise is linear in the actor's last hidden features, with a <c>[latent, D]</c> log-std parameter.
    /// </summary>
    public bool StateDependentNoise { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming what is inconsistent.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(PolicyHidden, nameof(PolicyHidden));
        ArgumentNullException.ThrowIfNull(ValueHidden, nameof(ValueHidden));
        foreach (int w in PolicyHidden.Concat(ValueHidden))
            if (w < 1) throw new ArgumentOutOfRangeException(nameof(PolicyHidden), w, "ActorCriticArchitecture: every hidden width must be at least 1.");
        if (SharedTrunk && !PolicyHidden.SequenceEqual(ValueHidden))
            throw new ArgumentException($"ActorCriticArchitecture: a shared trunk needs the same widths for the actor and the critic, got pi=[{string.Join(", ", PolicyHidden)}] and vf=[{string.Join(", ", ValueHidden)}].");
        if (Activation is not (Activation.Tanh or Activation.Relu))
            throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "ActorCriticArchitecture: the hidden activation must be Tanh or Relu.");
        if (!float.IsFinite(LogStdInit) || LogStdInit < -20f || LogStdInit > 2f)
            throw new ArgumentOutOfRangeException(nameof(LogStdInit), LogStdInit, $"ActorCriticArchitecture: LogStdInit = {LogStdInit} is outside the allowed range [-20, 2].");
    }
}
