using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// PPO-clip's options with RL Zoo's keys and Stable-Baselines3's defaults: 2048-step segments, γ = 0.99, λ = 0.95,
/// minibatches of 64 over 10 epochs, Adam (ε = 1e-5) at 3e-4, clip range 0.2, no value clipping, no entropy bonus,
/// value-loss weight 0.5, gradient clipping at 0.5, advantages standardised per minibatch, no KL early stop.
/// The shared keys (<c>n_envs</c>, <c>n_steps</c>, <c>gamma</c>, <c>gae_lambda</c>, <c>normalize</c>,
/// <c>policy_kwargs</c>, <c>bootstrap_truncated</c>, …) are in <see cref="OnPolicyOptions"/>.
/// </summary>
public sealed record PpoOptions : ICheckedOptions
{
    /// <summary>The options every on-policy algorithm shares, with PPO's defaults (<c>normalize_advantage</c> is applied per minibatch).</summary>
    [OptionGroup]
    public OnPolicyOptions OnPolicy { get; init; } = new() { NSteps = 2048, GaeLambda = 0.95, NormalizeAdvantage = true };

    /// <summary>Adam's step size; <c>lin_&lt;v&gt;</c> decays linearly to 0 over training.</summary>
    [Option("learning_rate", "Adam step size; lin_<v> decays linearly from v to 0 over the Learn call.", Min = 0, MinExclusive = true)]
    public Schedule LearningRate { get; init; } = 3e-4;

    /// <summary>Rows per minibatch; a segment that it does not divide ends each epoch with a smaller minibatch (one minibatch when it exceeds the segment).</summary>
    [Option("batch_size", "Minibatch size; if it does not divide n_steps × n_envs the last minibatch of each epoch is smaller, and one larger than the segment means one minibatch of the whole segment.", Min = 1)]
    public int BatchSize { get; init; } = 64;

    /// <summary>Passes over the segment per update (K gradient steps per minibatch position).</summary>
    [Option("n_epochs", "Epochs: passes of minibatch gradient steps over each segment.", Min = 1, Max = 100000)]
    public int NEpochs { get; init; } = 10;

    /// <summary>ε of the clipped surrogate: the ratio π_θ/π_old is clipped to [1 − ε, 1 + ε]; <c>lin_&lt;v&gt;</c> anneals it to 0.</summary>
    [Option("clip_range", "Clip the probability ratio to [1 - eps, 1 + eps]; lin_<v> anneals eps linearly to 0.", Min = 0, MinExclusive = true)]
    public Schedule ClipRange { get; init; } = 0.2;

    /// <summary>The policy objective: PPO's clipped surrogate, or (for experiments) the unclipped importance-sampled surrogate or the plain policy-gradient pseudo-loss.</summary>
    [Option("surrogate", "Policy objective: clipped (PPO), unclipped (mean ratio x advantage) or policy_gradient (mean log-prob x advantage, no correction for reuse).")]
    public SurrogateObjective Surrogate { get; init; } = SurrogateObjective.Clipped;

    /// <summary>Value clipping: the new value may move at most this far from the value at collection time (null: no value clipping).</summary>
    [Option("clip_range_vf", "Value clipping: loss max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2) with this c; null = plain (V - R)^2.", Min = 0, MinExclusive = true)]
    public Schedule? ClipRangeVf { get; init; }

    /// <summary>Weight of the entropy bonus.</summary>
    [Option("ent_coef", "Weight of the entropy bonus in the loss.", Min = 0)]
    public double EntCoef { get; init; }

    /// <summary>Weight of the value loss.</summary>
    [Option("vf_coef", "Weight of the value (critic) loss in the loss.", Min = 0)]
    public double VfCoef { get; init; } = 0.5;

    /// <summary>The global gradient norm is clipped to this value.</summary>
    [Option("max_grad_norm", "Clip the global gradient norm to this value.", Min = 0, MinExclusive = true)]
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Early stopping: the update ends at the first minibatch whose approximate KL exceeds 1.5 × this (null: never).</summary>
    [Option("target_kl", "Stop the update's epochs at the first minibatch whose approx KL exceeds 1.5 x target_kl; null = never.", Min = 0, MinExclusive = true)]
    public double? TargetKl { get; init; }

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

/// <summary>Relations between the minibatch options that PPO and PPO-KL share.</summary>
internal static class MinibatchOptions
{
    /// <summary>A one-row minibatch cannot be standardised (its spread is undefined): <c>batch_size</c> ≥ 2 with <c>normalize_advantage</c>.</summary>
    public static void Check(int batchSize, bool normalizeAdvantage)
    {
        if (normalizeAdvantage && batchSize < 2)
            throw new ArgumentException($"batch_size = {batchSize} with normalize_advantage = true: a one-row minibatch cannot be standardised; use batch_size ≥ 2 or normalize_advantage: false.");
    }

    /// <summary>Two update threads split the actor's and the critic's gradient, which a shared trunk does not allow.</summary>
    public static void CheckThreads(int updateThreads, bool sharedTrunk)
    {
        if (updateThreads == 2 && sharedTrunk)
            throw new ArgumentException("update_threads = 2 needs separate actor and critic networks; with shared_trunk = true use update_threads: 1.");
    }
}
