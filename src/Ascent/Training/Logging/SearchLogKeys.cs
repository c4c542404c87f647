namespace Ascent.Training.Logging;

/// <summary>The scalars a gradient-free policy search logs after every generation (group <c>search</c>), besides the
/// standard <see cref="LogKeys"/> (<c>rollout/ep_rew_mean</c> over the candidates' episodes, <c>eval/mean_reward</c>, time keys).</summary>
public static class SearchLogKeys
{
    /// <summary>The highest fitness (mean return over K episodes) of the generation's candidates.</summary>
    public const string GenerationBest = "search/gen_best";
    /// <summary>The mean fitness of the generation's candidates.</summary>
    public const string GenerationMean = "search/gen_mean";
    /// <summary>The standard deviation of the generation's fitness.</summary>
    public const string GenerationStd = "search/gen_std";
    /// <summary>The best fitness of any candidate so far (an optimistic sample on a noisy objective).</summary>
    public const string BestEver = "search/best_ever";
    /// <summary>The method's step size σ (or its analogue) after the update.</summary>
    public const string StepSize = "search/sigma";
    /// <summary>The number of candidates in the generation.</summary>
    public const string Candidates = "search/candidates";
}
