using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// A2C's options with RL Zoo's keys and Stable-Baselines3's defaults: 5-step segments, γ = 0.99, λ = 1 (n-step
/// returns to the segment end), no entropy bonus, value-loss weight 0.5, gradient clipping at 0.5, RMSprop
/// (α = 0.99, ε = 1e-5) at 7e-4, no advantage normalisation. The shared keys (<c>n_envs</c>, <c>n_steps</c>,
/// <c>gamma</c>, <c>gae_lambda</c>, <c>normalize</c>, <c>policy_kwargs</c>, …) are in <see cref="OnPolicyOptions"/>.
/// </summary>
public sealed record A2cOptions : ICheckedOptions
{
    /// <summary>The options every on-policy algorithm shares, with A2C's defaults.</summary>
    [OptionGroup]
    public OnPolicyOptions OnPolicy { get; init; } = new() { NSteps = 5, GaeLambda = 1.0, NormalizeAdvantage = false };

    /// <summary>The optimizer's step size; <c>lin_&lt;v&gt;</c> decays linearly to 0 over training.</summary>
    [Option("learning_rate", "Optimizer step size; lin_<v> decays linearly from v to 0 over the Learn call.", Min = 0, MinExclusive = true)]
    public Schedule LearningRate { get; init; } = 7e-4;

    /// <summary>Weight of the entropy bonus.</summary>
    [Option("ent_coef", "Weight of the entropy bonus in the loss.", Min = 0)]
    public double EntCoef { get; init; }

    /// <summary>Weight of the value loss.</summary>
    [Option("vf_coef", "Weight of the value (critic) loss in the loss.", Min = 0)]
    public double VfCoef { get; init; } = 0.5;

    /// <summary>The global gradient norm is clipped to this value.</summary>
    [Option("max_grad_norm", "Clip the global gradient norm to this value.", Min = 0, MinExclusive = true)]
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>RMSprop (true, Stable-Baselines3's default) or Adam (false).</summary>
    [Option("use_rms_prop", "Use RMSprop (alpha 0.99) instead of Adam.")]
    public bool UseRmsProp { get; init; } = true;

    /// <summary>RMSprop's ε (added to the root of the squared-gradient average); Adam uses 1e-5.</summary>
    [Option("rms_prop_eps", "RMSprop epsilon (stabilises the division).", Min = 0, MinExclusive = true)]
    public double RmsPropEps { get; init; } = 1e-5;

    /// <inheritdoc />
    public void Check() => OnPolicy.Check();
}
