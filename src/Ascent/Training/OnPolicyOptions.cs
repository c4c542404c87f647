using Ascent.Io.Config;
using Ascent.Rollouts;

namespace Ascent.Training;

/// <summary>
/// The options every on-policy algorithm (A2C, A3C, PPO, TRPO) shares — environments, rollout length, discounting,
/// normalisation, architecture — with RL Zoo's key names. Algorithms embed it as an <see cref="OptionGroupAttribute"/>
/// group, so its keys sit in the same YAML section as the algorithm's own, and set their own defaults in the
/// initialiser (A2C: <c>n_steps = 5</c>, <c>gae_lambda = 1</c>; PPO: 2048 and 0.95).
/// </summary>
public sealed record OnPolicyOptions : ICheckedOptions
{
    /// <summary>
    /// The largest segment, <c>n_steps × n_envs</c>, accepted (2²² = 4,194,304 transitions, 128 times PPO's 2048 × 16). The
    /// rollout buffer is allocated for a whole segment when the model is built, so this bounds what options — or a forged
    /// model file's options — can make it allocate before anything is checked against the file.
    /// </summary>
    public const long MaxSegment = 1L << 22;

    /// <summary>
    /// The most environments, <c>n_envs</c> (4096): they are built with the model, also when a model file is loaded, so a
    /// forged file's <c>n_envs</c> must not reach hundreds of megabytes before it is rejected.
    /// </summary>
    public const int MaxEnvs = 4096;

    /// <summary>The policy family (RL Zoo's <c>policy</c>); only MLP policies exist.</summary>
    [Option("policy", "Policy network family.", Allowed = ["MlpPolicy"])]
    public string Policy { get; init; } = "MlpPolicy";

    /// <summary>Parallel environments N.</summary>
    [Option("n_envs", "Parallel environments N stepped as one batch.", Min = 1, Max = MaxEnvs)]
    public int NEnvs { get; init; } = 1;

    /// <summary>Steps per environment per segment M (the segment holds M·N transitions).</summary>
    [Option("n_steps", "Steps per environment per rollout segment (the batch is n_steps × n_envs).", Min = 1)]
    public int NSteps { get; init; } = 2048;

    /// <summary>The training budget in environment steps (RL Zoo's <c>n_timesteps</c>; <c>--steps</c> overrides).</summary>
    [Option("n_timesteps", "Training budget in environment steps, summed over the parallel environments.", Min = 1)]
    public long NTimesteps { get; init; } = 1_000_000;

    /// <summary>The seed of the weights, the action samples and the environments (env i gets seed + i); null draws one.</summary>
    [Option("seed", "Random seed of weights, action sampling and environments (env i: seed + i); null = drawn at random and recorded.", Min = 0, Max = int.MaxValue)]
    public int? Seed { get; init; }

    /// <summary>The discount factor γ.</summary>
    [Option("gamma", "Discount factor gamma.", Min = 0, Max = 1)]
    public double Gamma { get; init; } = 0.99;

    /// <summary>GAE's λ: 0 is the TD error, 1 the Monte-Carlo advantage.</summary>
    [Option("gae_lambda", "GAE lambda: 0 = one-step TD advantage, 1 = Monte-Carlo advantage.", Min = 0, Max = 1)]
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>The critic's regression targets.</summary>
    [Option("value_target", "Critic targets: td_lambda (advantage + V), monte_carlo (bootstrapped reward-to-go) or td_zero (r + gamma V(s')).")]
    public ValueTarget ValueTarget { get; init; } = ValueTarget.TdLambda;

    /// <summary>Standardise the advantages of each batch.</summary>
    [Option("normalize_advantage", "Standardise advantages (zero mean, unit std) per batch.")]
    public bool NormalizeAdvantage { get; init; } = true;

    /// <summary>Bootstrap <c>V(final observation)</c> when a time limit truncates an episode.</summary>
    [Option("bootstrap_truncated", "Bootstrap V(final observation) on time-limit truncation (false treats it as termination).")]
    public bool BootstrapTruncated { get; init; } = true;

    /// <summary>Clip Gaussian actions to the action box for the environment (the buffer keeps the unclipped sample); needs finite bounds.</summary>
    [Option("clip_actions", "Clip continuous actions to the Box bounds before the environment sees them (the sample is stored unclipped); false passes them through.")]
    public bool ClipActions { get; init; } = true;

    /// <summary>Generalized state-dependent exploration for Gaussian policies (gSDE).</summary>
    [Option("use_sde", "Generalized state-dependent exploration (gSDE) for continuous actions: noise linear in the actor's features.")]
    public bool UseSde { get; init; }

    /// <summary>With gSDE, steps between resamplings of the exploration matrices; −1 (or 0): once per rollout segment.</summary>
    [Option("sde_sample_freq", "With use_sde: resample the exploration noise every n steps; -1 = only at the start of each rollout.", Min = -1)]
    public int SdeSampleFreq { get; init; } = -1;

    /// <summary>Observation and reward normalisation (VecNormalize).</summary>
    [Option("normalize", "Observation/reward normalisation: true, false or {'norm_obs': True, 'norm_reward': False}.")]
    public NormalizeSettings Normalize { get; init; } = NormalizeSettings.Off;

    /// <summary>The policy and value network architecture.</summary>
    [Option("policy_kwargs", "Network architecture: dict(net_arch=..., activation_fn=..., ortho_init=..., log_std_init=...).")]
    public PolicyKwargs PolicyKwargs { get; init; } = new();

    /// <summary>One MLP trunk (the <c>net_arch</c> widths) under both the policy head and the value head, instead of two networks.</summary>
    [Option("shared_trunk", "One MLP trunk with the net_arch widths under both heads (seed 003's shared network) instead of separate actor and critic networks.")]
    public bool SharedTrunk { get; init; }

    /// <inheritdoc />
    public void Check()
    {
        if ((long)NSteps * NEnvs > MaxSegment)
            throw new ArgumentException($"n_steps × n_envs = {NSteps} × {NEnvs} = {(long)NSteps * NEnvs} transitions per segment is outside the allowed range [1, {MaxSegment}].");
        if (PolicyKwargs.SquashOutput)
            throw new ArgumentException("policy_kwargs.squash_output = True is not supported (it needs state-dependent exploration); use False.");
        if (PolicyKwargs.ActivationFn is not (ActivationFunction.Tanh or ActivationFunction.ReLU))
            throw new ArgumentException($"policy_kwargs.activation_fn = {PolicyKwargs.ActivationFn} is not supported by Ascent's MLPs; use nn.Tanh or nn.ReLU.");
        if (SharedTrunk && !PolicyKwargs.NetArch.IsShared)
            throw new ArgumentException($"shared_trunk = true needs one list of widths in policy_kwargs.net_arch, got {PolicyKwargs.NetArch}.");
        NetworkSizeLimit.Check(PolicyKwargs.NetArch, SharedTrunk);
    }
}
