using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// The options of <see cref="Reinforce"/>, in RL Zoo's key style: the REINFORCE keys of <see cref="BatchReinforceOptions"/>
/// (batch, estimator, discount, baseline, normalisation, optimizer) and the keys of a trainable model — environments,
/// budget, seed, normalisation, network. Defaults: one environment, batches of complete episodes holding at least 5000
/// steps, reward-to-go with γ = 0.99 (CS285's form, no γᵗ factor), a learned value baseline, standardised advantages,
/// Adam at 5e-3 for the policy and the baseline (5 full-batch steps per update), no gradient clipping, 64-64 tanh networks.
/// </summary>
/// <remarks>
/// Keys that only make sense for fixed-length segments (<c>n_steps</c>, <c>gae_lambda</c>, <c>value_target</c>,
/// <c>bootstrap_truncated</c>, <c>use_sde</c>, <c>shared_trunk</c>) do not exist here: REINFORCE's returns are Monte-Carlo
/// returns of complete episodes, and its baseline is a separate network fitted to them.
/// </remarks>
public sealed record ReinforceOptions : ICheckedOptions
{
    /// <summary>The policy family (RL Zoo's <c>policy</c>); only MLP policies exist.</summary>
    [Option("policy", "Policy network family.", Allowed = ["MlpPolicy"])]
    public string Policy { get; init; } = "MlpPolicy";

    /// <summary>Environments stepped as one batch; each update still uses complete episodes only (see <see cref="Rollouts.RolloutCollector.CollectEpisodes"/>).</summary>
    [Option("n_envs", "Environments stepped together; batches still hold only complete episodes, started while the batch needed them (others idle).", Min = 1, Max = OnPolicyOptions.MaxEnvs)]
    public int NEnvs { get; init; } = 1;

    /// <summary>The training budget in environment steps (RL Zoo's <c>n_timesteps</c>; <c>--steps</c> overrides).</summary>
    [Option("n_timesteps", "Training budget in environment steps, summed over the environments (idle steps included).", Min = 1)]
    public long NTimesteps { get; init; } = 1_000_000;

    /// <summary>The seed of the weights, the action samples and the environments (env i gets seed + i); null draws one.</summary>
    [Option("seed", "Random seed of weights, action sampling and environments (env i: seed + i); null = drawn at random and recorded.", Min = 0, Max = int.MaxValue)]
    public int? Seed { get; init; }

    /// <summary>The REINFORCE keys: batch size, estimator, baseline, normalisation, optimizer; batches of at least 5000 steps by default.</summary>
    [OptionGroup]
    public BatchReinforceOptions Batch { get; init; } = new() { StepsPerBatch = 5000 };

    /// <summary>Clip Gaussian actions to the action box for the environment (the batch keeps the unclipped sample); needs finite bounds.</summary>
    [Option("clip_actions", "Clip continuous actions to the Box bounds before the environment sees them (the sample is stored unclipped); false passes them through.")]
    public bool ClipActions { get; init; } = true;

    /// <summary>Observation and reward normalisation (VecNormalize).</summary>
    [Option("normalize", "Observation/reward normalisation: true, false or {'norm_obs': True, 'norm_reward': False}.")]
    public NormalizeSettings Normalize { get; init; } = NormalizeSettings.Off;

    /// <summary>The policy and baseline network architecture (<c>net_arch</c>'s <c>vf</c> widths are the learned baseline's).</summary>
    [Option("policy_kwargs", "Network architecture: dict(net_arch=..., activation_fn=..., ortho_init=..., log_std_init=...); vf is the learned baseline.")]
    public PolicyKwargs PolicyKwargs { get; init; } = new();

    /// <summary>What the on-policy engine runs with: these settings, with a one-step segment length that is never used (REINFORCE collects complete episodes).</summary>
    internal OnPolicyOptions Engine => new()
    {
        Policy = Policy, NEnvs = NEnvs, NSteps = 1, NTimesteps = NTimesteps, Seed = Seed,
        Gamma = Batch.Gamma, NormalizeAdvantage = Batch.NormalizeAdvantage, BootstrapTruncated = false,
        ClipActions = ClipActions, Normalize = Normalize, PolicyKwargs = PolicyKwargs,
    };

    /// <inheritdoc />
    public void Check()
    {
        Batch.Check();
        Engine.Check();
        NetworkSizeLimit.Check(PolicyKwargs.NetArch, sharedTrunk: false);
    }
}
