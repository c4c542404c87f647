using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// Adaptive-KL PPO's options: the shared on-policy keys with PPO's defaults, the minibatch keys of <see cref="PpoOptions"/>,
/// and the KL penalty — its target divergence d_targ (<c>target_kl</c>, 0.01, the paper's best) and β's starting value
/// (<c>kl_coef</c>, 1; the dual update adapts it within a few iterations).
/// </summary>
public sealed record PpoKlOptions : ICheckedOptions
{
    /// <summary>The options every on-policy algorithm shares, with PPO's defaults.</summary>
    [OptionGroup]
    public OnPolicyOptions OnPolicy { get; init; } = new() { NSteps = 2048, GaeLambda = 0.95, NormalizeAdvantage = true };

    /// <summary>Adam's step size; <c>lin_&lt;v&gt;</c> decays linearly to 0 over training.</summary>
    [Option("learning_rate", "Adam step size; lin_<v> decays linearly from v to 0 over the Learn call.", Min = 0, MinExclusive = true)]
    public Schedule LearningRate { get; init; } = 3e-4;

    /// <summary>Rows per minibatch (see <see cref="PpoOptions.BatchSize"/> for a size that does not divide the segment).</summary>
    [Option("batch_size", "Minibatch size; if it does not divide n_steps × n_envs the last minibatch of each epoch is smaller, and one larger than the segment means one minibatch of the whole segment.", Min = 1)]
    public int BatchSize { get; init; } = 64;

    /// <summary>Passes over the segment per update.</summary>
    [Option("n_epochs", "Epochs: passes of minibatch gradient steps over each segment.", Min = 1, Max = 100000)]
    public int NEpochs { get; init; } = 10;

    /// <summary>The target divergence d_targ of the dual update of β.</summary>
    [Option("target_kl", "Target mean KL(pi_old || pi) per update: beta doubles above 1.5 x target_kl and halves below target_kl / 1.5.", Min = 0, MinExclusive = true)]
    public double TargetKl { get; init; } = 0.01;

    /// <summary>The initial KL penalty coefficient β.</summary>
    [Option("kl_coef", "Initial KL penalty coefficient beta (adapted after every update).", Min = 0, MinExclusive = true)]
    public double KlCoef { get; init; } = 1.0;

    /// <summary>Weight of the entropy bonus.</summary>
    [Option("ent_coef", "Weight of the entropy bonus in the loss.", Min = 0)]
    public double EntCoef { get; init; }

    /// <summary>Weight of the value loss.</summary>
    [Option("vf_coef", "Weight of the value (critic) loss in the loss.", Min = 0)]
    public double VfCoef { get; init; } = 0.5;

    /// <summary>The global gradient norm is clipped to this value.</summary>
    [Option("max_grad_norm", "Clip the global gradient norm to this value.", Min = 0, MinExclusive = true)]
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Threads computing each minibatch gradient: 2 puts the critic's on a second thread (separate networks only); the results are identical.</summary>
    [Option("update_threads", "Threads per minibatch gradient: 2 computes the critic's part on a second thread (needs shared_trunk: false); results are bit-identical to 1.", Min = 1, Max = 2)]
    public int UpdateThreads { get; init; } = 1;

    /// <inheritdoc />
    public void Check()
    {
        OnPolicy.Check();
        MinibatchOptions.Check(BatchSize, OnPolicy.NormalizeAdvantage);
        MinibatchOptions.CheckThreads(UpdateThreads, OnPolicy.SharedTrunk);
    }
}
