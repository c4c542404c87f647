using Ascent.Io.Config;

namespace Ascent.Algorithms;

/// <summary>
/// The keys TRPO and the natural policy gradient share around the policy step (<see cref="TrustRegion.TrustRegionOptions"/>):
/// the critic's separate regression on the returns and the sub-sampling of the batch, with Stable-Baselines3's TRPO
/// defaults (Adam 1e-3, minibatches of 128, 10 epochs, the whole batch). Embedded as an <see cref="OptionGroupAttribute"/>
/// group in <see cref="TrpoOptions"/> and <see cref="NpgOptions"/>.
/// </summary>
public sealed record TrustRegionLearnerOptions
{
    /// <summary>The critic's Adam step size; <c>lin_&lt;v&gt;</c> decays linearly to 0 over training.</summary>
    [Option("learning_rate", "Step size of the critic's Adam optimizer (the actor moves by the trust-region step); lin_<v> decays linearly from v to 0.", Min = 0, MinExclusive = true)]
    public Schedule LearningRate { get; init; } = 1e-3;

    /// <summary>Rows per minibatch of the critic's regression.</summary>
    [Option("batch_size", "Minibatch size of the critic's regression; at most n_steps × n_envs (a remainder forms a smaller last minibatch).", Min = 1)]
    public int BatchSize { get; init; } = 128;

    /// <summary>Epochs (passes over the shuffled segment) of the critic's regression per policy step.</summary>
    [Option("n_critic_updates", "Epochs of minibatch Adam on the critic's targets after each policy step.", Min = 1)]
    public int NCriticUpdates { get; init; } = 10;

    /// <summary>The policy step uses a random 1/k of the segment (surrogate, gradient, Fisher matrix and line search); 1: all of it.</summary>
    [Option("sub_sampling_factor", "The policy step uses a random 1/k of the segment (surrogate, gradient, Fisher, line search); 1 = all.", Min = 1)]
    public int SubSamplingFactor { get; init; } = 1;

    /// <summary>The Fisher-vector products use a random 1/k of the policy step's samples (the TRPO paper's 10%: k = 10); 1: all of them.</summary>
    [Option("fisher_sub_sampling_factor", "Fisher-vector products (conjugate gradient) use a random 1/k of the policy step's samples; 1 = all.", Min = 1)]
    public int FisherSubSamplingFactor { get; init; } = 1;

    /// <summary>Throws when a key does not fit a segment of <paramref name="segment"/> transitions (<c>n_steps × n_envs</c>).</summary>
    internal void CheckAgainst(int segment)
    {
        if (BatchSize > segment)
            throw new ArgumentException($"batch_size = {BatchSize} is outside the allowed range [1, {segment}]: the critic's minibatches are drawn from one segment of n_steps × n_envs = {segment} transitions.");
        if (SubSamplingFactor > segment)
            throw new ArgumentException($"sub_sampling_factor = {SubSamplingFactor} is outside the allowed range [1, {segment}] (n_steps × n_envs): the policy step needs at least one sample.");
    }
}
