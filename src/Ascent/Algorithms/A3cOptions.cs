using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// A3C's options: the shared on-policy keys (per worker: <c>n_envs</c> environments × <c>n_steps</c> steps, Mnih et al.'s
/// t_max = 5), the number of asynchronous workers, and A2C's loss and optimizer keys. Defaults follow Mnih et al. (2016)
/// for the structure — one environment per worker, 5-step segments, n-step returns, shared RMSprop (α = 0.99) — and
/// Stable-Baselines3's A2C for the numbers (learning rate 7e-4, ε 1e-5, gradient clip 0.5, value weight 0.5, no entropy
/// bonus: Mnih et al.'s 0.01 is an Atari setting and keeps CartPole's policy from settling).
/// </summary>
public sealed record A3cOptions : ICheckedOptions
{
    /// <summary>The shared options; <c>n_envs</c> is per worker.</summary>
    [OptionGroup]
    public OnPolicyOptions OnPolicy { get; init; } = new() { NEnvs = 1, NSteps = 5, GaeLambda = 1.0, NormalizeAdvantage = false };

    /// <summary>Asynchronous worker threads, each with its own environments and a local copy of the networks.</summary>
    [Option("n_workers", "Asynchronous worker threads (each with n_envs environments and its own copy of the networks).", Min = 1, Max = 256)]
    public int NWorkers { get; init; } = 4;

    /// <summary>The step size of the shared RMSprop; <c>lin_&lt;v&gt;</c> decays linearly to 0 over training.</summary>
    [Option("learning_rate", "Shared RMSprop step size; lin_<v> decays linearly from v to 0 over the Learn call.", Min = 0, MinExclusive = true)]
    public Schedule LearningRate { get; init; } = 7e-4;

    /// <summary>Weight of the entropy bonus.</summary>
    [Option("ent_coef", "Weight of the entropy bonus in the loss.", Min = 0)]
    public double EntCoef { get; init; }

    /// <summary>Weight of the value loss.</summary>
    [Option("vf_coef", "Weight of the value (critic) loss in the loss.", Min = 0)]
    public double VfCoef { get; init; } = 0.5;

    /// <summary>Each worker's gradient is clipped to this global norm before it is applied.</summary>
    [Option("max_grad_norm", "Clip each worker's global gradient norm to this value.", Min = 0, MinExclusive = true)]
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>The decay of the shared squared-gradient average.</summary>
    [Option("rms_prop_alpha", "Decay of the shared RMSprop squared-gradient average.", Min = 0, Max = 1, MaxExclusive = true)]
    public double RmsPropAlpha { get; init; } = 0.99;

    /// <summary>RMSprop's ε.</summary>
    [Option("rms_prop_eps", "RMSprop epsilon (stabilises the division).", Min = 0, MinExclusive = true)]
    public double RmsPropEps { get; init; } = 1e-5;

    /// <inheritdoc />
    public void Check()
    {
        OnPolicy.Check();
        if ((long)NWorkers * OnPolicy.NEnvs > OnPolicyOptions.MaxEnvs)
            throw new ArgumentException($"n_workers × n_envs = {NWorkers} × {OnPolicy.NEnvs} = {(long)NWorkers * OnPolicy.NEnvs} environments is outside the allowed range [1, {OnPolicyOptions.MaxEnvs}].");
        if (OnPolicy.Normalize.Enabled)
            throw new ArgumentException("normalize must be false for A3C: each worker would keep its own statistics, so the shared policy would see inconsistently scaled inputs.");
    }
}
