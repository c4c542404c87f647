namespace Ascent.Io.Config;

/// <summary>
/// The policy architecture options of RL Zoo's <c>policy_kwargs</c> that Ascent's actor-critic policies
/// understand, with Stable-Baselines3's defaults for MLP policies. Written in YAML as a Python dict string,
/// e.g. <c>policy_kwargs: "dict(net_arch=[64, 64], activation_fn=nn.Tanh, ortho_init=True, log_std_init=-2)"</c>,
/// or as a YAML mapping. Keys not listed here are rejected.
/// </summary>
public sealed record PolicyKwargs
{
    /// <summary>Hidden-layer widths of the policy and value networks.</summary>
    [Option("net_arch", "Hidden layer widths: [64, 64] for both networks or dict(pi=[...], vf=[...]).", Min = 1, Max = 65536)]
    public NetArch NetArch { get; init; } = new(64, 64);

    /// <summary>The hidden-layer activation.</summary>
    [Option("activation_fn", "Hidden-layer activation.")]
    public ActivationFunction ActivationFn { get; init; } = ActivationFunction.Tanh;

    /// <summary>Orthogonal initialisation of the weights.</summary>
    [Option("ortho_init", "Orthogonal weight initialisation (gain sqrt(2) hidden, 0.01 policy head, 1 value head).")]
    public bool OrthoInit { get; init; } = true;

    /// <summary>The initial log standard deviation of a Gaussian policy.</summary>
    [Option("log_std_init", "Initial log standard deviation of Gaussian policies.", Min = -20, Max = 2)]
    public double LogStdInit { get; init; }

    /// <summary>Whether Gaussian actions are squashed with tanh into the action bounds.</summary>
    [Option("squash_output", "Squash Gaussian actions with tanh into the action bounds.")]
    public bool SquashOutput { get; init; }
}
