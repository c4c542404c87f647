using Ascent.Io.Config;

namespace Ascent.Algorithms.GradientFree;

/// <summary>
/// What every gradient-free policy search shares — the policy, the budget, the seed and how candidates are evaluated —
/// with snake_case keys; <see cref="PolicySearchOptions{TMethod}"/> puts them in one YAML section with the method's own keys.
/// </summary>
public sealed record PolicySearchSettings : ICheckedOptions
{
    /// <summary>The policy searched: <c>linear</c> (logits or means linear in the observation, with a bias) or
    /// <c>mlp:W[,W…]</c> (tanh hidden layers of the given widths, e.g. <c>mlp:16</c>).</summary>
    [Option("policy", "linear (a linear map of the observation, with a bias) or mlp:W[,W...] (tanh hidden layers), e.g. mlp:16.")]
    public string Policy { get; init; } = "linear";

    /// <summary>The training budget in environment steps (the CLI's default for <c>--steps</c>).</summary>
    [Option("n_timesteps", "Training budget in environment steps (checked after each generation).", Min = 1)]
    public long NTimesteps { get; init; } = 100_000;

    /// <summary>The seed of the initial weights, the method's sampling and every episode seed; null draws one.</summary>
    [Option("seed", "Random seed of the initial weights, the method's sampling and the episode seeds; null = drawn at random and recorded.", Min = 0, Max = int.MaxValue)]
    public int? Seed { get; init; }

    /// <summary>K, the episodes averaged into a candidate's fitness.</summary>
    [Option("episodes_per_candidate", "K, episodes averaged into one candidate's fitness.", Min = 1)]
    public int EpisodesPerCandidate { get; init; } = 1;

    /// <summary>Common random numbers: every candidate of a generation meets the same episode seeds.</summary>
    [Option("common_random_numbers", "Every candidate of a generation meets the same episode seeds (a new set each generation).")]
    public bool CommonRandomNumbers { get; init; }

    /// <summary>Evaluate candidates with the policy's mode (true) or with sampled actions (false).</summary>
    [Option("deterministic", "Act with the policy's mode (argmax / Gaussian mean); false samples actions.")]
    public bool Deterministic { get; init; } = true;

    /// <summary>Normalise observations with the running statistics of earlier generations (ARS V2 always does).</summary>
    [Option("normalize_observations", "Normalise observations by the mean and std of all states of earlier generations (ARS with version v2 always does).")]
    public bool NormalizeObservations { get; init; }

    /// <summary>The episode limit (null: the environment's registered limit).</summary>
    [Option("max_episode_steps", "Episode limit; null = the environment's registered limit.", Min = 1)]
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>After every generation, evaluate the current solution on this many fresh episodes (seeds 0, 1, …) and log
    /// <c>eval/mean_reward</c>; their steps are not training steps and their time is not training time.</summary>
    [Option("eval_episodes", "After each generation, evaluate the current solution on this many episodes (seeds 0, 1, ...); 0 = off. Not counted as training steps.", Min = 0)]
    public int EvalEpisodes { get; init; }

    /// <summary>Threads evaluating candidates (null: every core); results do not depend on it.</summary>
    [Option("n_threads", "Threads evaluating candidates; null = every core. Results do not depend on it.", Min = 1)]
    public int? NThreads { get; init; }

    /// <summary>The log standard deviation of a Gaussian policy, used only when actions are sampled (not searched).</summary>
    [Option("log_std_init", "Log std of a Gaussian policy when deterministic = false (not searched).", Min = -20, Max = 2)]
    public double LogStdInit { get; init; }

    /// <inheritdoc/>
    public void Check() => SearchPolicyArchitecture.HiddenWidths(Policy);
}
