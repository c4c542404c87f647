namespace Ascent.Training.Logging;

/// <summary>
/// The scalar names learners log, spelled as Stable-Baselines3 spells them so its users find the curves they
/// know. The part before the slash is the group (<c>rollout</c>, <c>train</c>, <c>time</c>, <c>eval</c>).
/// </summary>
public static class LogKeys
{
    /// <summary>Mean undiscounted return of the recent finished training episodes (SB3: last 100).</summary>
    public const string EpisodeRewardMean = "rollout/ep_rew_mean";
    /// <summary>Mean length of the recent finished training episodes.</summary>
    public const string EpisodeLengthMean = "rollout/ep_len_mean";
    /// <summary>Complete episodes in the last batch (REINFORCE, whose batches are whole episodes).</summary>
    public const string BatchEpisodes = "rollout/batch_episodes";
    /// <summary>Steps stored in the last batch (REINFORCE; idle steps of surplus environments not counted).</summary>
    public const string BatchSteps = "rollout/batch_steps";
    /// <summary>Fraction of recent episodes that reached the goal, for environments that report success.</summary>
    public const string SuccessRate = "rollout/success_rate";

    /// <summary>The policy-gradient (surrogate) loss of the last update.</summary>
    public const string PolicyGradientLoss = "train/policy_gradient_loss";
    /// <summary>The value-function regression loss.</summary>
    public const string ValueLoss = "train/value_loss";
    /// <summary>The entropy loss (minus the mean policy entropy).</summary>
    public const string EntropyLoss = "train/entropy_loss";
    /// <summary>The total loss the optimiser minimised.</summary>
    public const string Loss = "train/loss";
    /// <summary>Approximate KL divergence between the old and the new policy.</summary>
    public const string ApproxKl = "train/approx_kl";
    /// <summary>Fraction of samples whose probability ratio was clipped (PPO).</summary>
    public const string ClipFraction = "train/clip_fraction";
    /// <summary>The PPO ratio clip range in force.</summary>
    public const string ClipRange = "train/clip_range";
    /// <summary>The PPO value clip range in force (when value clipping is on).</summary>
    public const string ClipRangeVf = "train/clip_range_vf";
    /// <summary>The KL penalty coefficient β of adaptive-KL PPO after its update.</summary>
    public const string KlCoefficient = "train/kl_coef";
    /// <summary>1 − Var[return − value] / Var[return]: how much of the return the critic explains.</summary>
    public const string ExplainedVariance = "train/explained_variance";
    /// <summary>The learning rate in force.</summary>
    public const string LearningRate = "train/learning_rate";
    /// <summary>Number of gradient updates so far.</summary>
    public const string UpdateCount = "train/n_updates";
    /// <summary>Mean standard deviation of a Gaussian policy.</summary>
    public const string Std = "train/std";
    /// <summary>Global norm of the gradient before clipping.</summary>
    public const string GradNorm = "train/grad_norm";
    /// <summary>The KL divergence of the accepted TRPO / natural-gradient step.</summary>
    public const string Kl = "train/kl";
    /// <summary>The step size accepted by the line search (TRPO).</summary>
    public const string StepSize = "train/step_size";
    /// <summary>Whether the TRPO line search accepted a step (1) or kept the old policy (0).</summary>
    public const string LineSearchSuccess = "train/is_line_search_success";
    /// <summary>The importance-sampled surrogate L(θ) = mean(ratio · Â) after a trust-region step (TRPO, NPG).</summary>
    public const string PolicyObjective = "train/policy_objective";
    /// <summary>The measured mean KL(π_old ‖ π_new) of a trust-region step (0 when the old policy was kept).</summary>
    public const string KlDivergenceLoss = "train/kl_divergence_loss";
    /// <summary>How many times the TRPO line search shrank the step.</summary>
    public const string LineSearchBacktracks = "train/line_search_backtracks";
    /// <summary>Conjugate gradient's relative residual ‖g − F x‖ / ‖g‖ when it stopped.</summary>
    public const string ConjugateGradientResidual = "train/cg_residual";

    /// <summary>Environment steps per second since the start of training.</summary>
    public const string Fps = "time/fps";
    /// <summary>Environment steps taken so far (summed over parallel environments).</summary>
    public const string TotalTimesteps = "time/total_timesteps";
    /// <summary>Seconds of wall time since the start of training.</summary>
    public const string TimeElapsed = "time/time_elapsed";
    /// <summary>Number of rollout-and-update iterations so far.</summary>
    public const string Iterations = "time/iterations";
    /// <summary>Number of finished training episodes so far.</summary>
    public const string Episodes = "time/episodes";

    /// <summary>Mean return of the last evaluation (deterministic policy on a separate environment).</summary>
    public const string EvalMeanReward = "eval/mean_reward";
    /// <summary>Standard deviation of the returns of the last evaluation.</summary>
    public const string EvalStdReward = "eval/std_reward";
    /// <summary>Mean episode length of the last evaluation.</summary>
    public const string EvalMeanEpisodeLength = "eval/mean_ep_length";
}
