using Ascent.Mdp;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Estimators;

/// <summary>
/// A sampled policy gradient on a finite MDP next to the exact one: the per-component mean and standard error of
/// an estimator over many episodes, and ∂J/∂θ[s][a] from <see cref="MdpOracle"/> (what <c>ascent mdp estimate</c> prints).
/// </summary>
/// <param name="Mean">The mean estimate of ∂J/∂θ[s][a], S×A.</param>
/// <param name="StandardError">The standard error of each mean, S×A.</param>
/// <param name="Exact">The exact gradient, S×A.</param>
/// <param name="TotalVariance">Σ_k Var(ĝ_k): the variance of one episode's estimate.</param>
/// <param name="Episodes">The number of episodes sampled.</param>
/// <param name="Steps">The number of steps sampled.</param>
public sealed record MdpGradientEstimate(double[,] Mean, double[,] StandardError, double[,] Exact, double TotalVariance, int Episodes, long Steps)
{
    /// <summary>The largest |mean − exact| / standard error over the components (components with zero error must match exactly, else ∞).</summary>
    public double LargestStandardizedError()
    {
        double worst = 0;
        for (int s = 0; s < Mean.GetLength(0); s++)
            for (int a = 0; a < Mean.GetLength(1); a++)
            {
                double difference = Math.Abs(Mean[s, a] - Exact[s, a]);
                double z = StandardError[s, a] > 0 ? difference / StandardError[s, a] : difference < 1e-9 ? 0 : double.PositiveInfinity;
                worst = Math.Max(worst, z);
            }
        return worst;
    }
}

/// <summary>
/// Samples episodes of a tabular softmax policy π(a|s) ∝ exp θ[s][a] on a finite MDP and estimates ∇J(θ) with a
/// score-function estimator, next to the exact gradient.
/// </summary>
/// <remarks>
/// <para><b>How episodes end.</b> With γ = 1 only terminal states end an episode, and the policy must reach one
/// (the oracle rejects a policy that may run forever). With γ &lt; 1 every step also ends the episode with
/// probability 1 − γ (<see cref="MdpEnv.DiscountAsTermination"/>): the undiscounted return is then an unbiased
/// sample of the discounted J, so the estimators run with γ = 1 on these episodes — exact in expectation, no
/// truncation.</para>
/// <para><b>Batches.</b> Episodes are processed in chunks of <see cref="ChunkSize"/>; a leave-one-out baseline (mean,
/// optimal) is computed within its chunk. The reported standard errors treat the per-episode estimates as independent
/// (they are, up to the leave-one-out baselines' weak coupling within a chunk).</para>
/// <para>Off-policy estimators sample with the behaviour policy θ_b and need μ(a|s) &gt; 0 wherever π(a|s) &gt; 0.</para>
/// </remarks>
public static class MdpEstimate
{
    /// <summary>Episodes per batch (the scope of a leave-one-out baseline).</summary>
    public const int ChunkSize = 4096;

    /// <summary>Runs the named estimator and baseline (see <see cref="EstimatorNames"/>).</summary>
    /// <param name="mdp">The MDP.</param>
    /// <param name="theta">θ of the policy being differentiated, S×A.</param>
    /// <param name="estimator">total, reward-to-go, pseudo-loss, is-trajectory or is-per-decision.</param>
    /// <param name="baseline">none, mean, optimal or optimal-per-component.</param>
    /// <param name="behaviorTheta">θ_b of the behaviour policy (importance sampling only; required there).</param>
    /// <param name="episodes">Episodes to sample, ≥ 1.</param>
    /// <param name="seed">Seed of the sampling.</param>
    /// <param name="maxRatio">Truncation of the importance ratios (null: none).</param>
    public static MdpGradientEstimate Run(FiniteMdp mdp, double[,] theta, string estimator, string baseline, double[,]? behaviorTheta, int episodes, ulong seed, double? maxRatio = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(baseline);
        bool offPolicy = EstimatorNames.IsOffPolicy(estimator);
        if (offPolicy && behaviorTheta is null)
            throw new ArgumentException($"estimator {estimator} learns from a behaviour policy's episodes; give its parameters (--behavior THETA_B.json).");
        if (!offPolicy && behaviorTheta is not null)
            throw new ArgumentException($"a behaviour policy only applies to the importance-sampling estimators (is-trajectory, is-per-decision), not to {estimator}.");
        EstimatorNames.CreateReturns(estimator, 1.0, maxRatio); // validates the name (and maxRatio) before any sampling
        EstimatorNames.CreateBaseline(baseline);
        return Run(mdp, theta, gamma => EstimatorNames.Create(estimator, baseline, gamma, maxRatio), behaviorTheta, episodes, seed);
    }

    /// <summary>Runs any estimator; <paramref name="estimatorForGamma"/> builds it for the discount the episodes need (1 when γ &lt; 1 is sampled as termination).</summary>
    public static MdpGradientEstimate Run(FiniteMdp mdp, double[,] theta, Func<double, ScoreFunctionEstimator> estimatorForGamma, double[,]? behaviorTheta, int episodes, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(estimatorForGamma);
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), episodes, $"episodes: {episodes} is outside the allowed range [1, ∞).");
        var target = new TabularSoftmaxPolicy(CheckShape(theta, mdp, "theta"));
        var exact = MdpOracle.Evaluate(mdp, target.ToTable()).TabularSoftmaxGradient(); // also rejects γ = 1 with a non-terminating policy
        var behavior = target;
        if (behaviorTheta is not null)
        {
            behavior = new TabularSoftmaxPolicy(CheckShape(behaviorTheta, mdp, "behavior theta"), "behavior");
            var behaviorTable = behavior.ToTable();
            CheckSupport(mdp, target.ToTable(), behaviorTable);
            try { MdpOracle.Evaluate(mdp, behaviorTable); }
            catch (ArgumentException e) { throw new ArgumentException($"behavior policy: {e.Message}", e); }
        }

        bool discountAsTermination = mdp.Gamma < 1;
        var estimator = estimatorForGamma(discountAsTermination ? 1.0 : mdp.Gamma);
        using var env = new MdpEnv(mdp, discountAsTermination);
        env.Seed(SeedOf(seed));
        var rng = new Rng(seed, [1]);
        var sampler = new EpisodeSampler(env, behavior);
        var scores = new PolicyScores(target, estimator.UsePseudoLoss);
        var batch = new EpisodeBatch(1, 1);
        var statistics = new GradientStatistics(scores.Size);
        var perEpisode = new double[Math.Min(episodes, ChunkSize) * scores.Size];
        long steps = 0;
        for (int done = 0; done < episodes;)
        {
            int chunk = Math.Min(ChunkSize, episodes - done);
            batch.Clear();
            steps += sampler.CollectEpisodes(batch, chunk, rng);
            var block = perEpisode.AsSpan(0, chunk * scores.Size);
            estimator.EstimatePerEpisode(scores, batch, block);
            statistics.AddRows(block);
            done += chunk;
        }

        int states = mdp.StateCount, actions = mdp.ActionCount;
        var mean = new double[states, actions];
        var error = new double[states, actions];
        for (int s = 0; s < states; s++)
            for (int a = 0; a < actions; a++)
            {
                int k = s * actions + a;
                mean[s, a] = statistics.Mean[k];
                error[s, a] = episodes > 1 ? statistics.StandardError(k) : double.NaN;
            }
        return new MdpGradientEstimate(mean, error, exact, statistics.TotalVariance(), episodes, steps);
    }

    /// <summary>Throws unless μ(a|s) &gt; 0 wherever π(a|s) &gt; 0 in the non-terminal states (importance sampling's requirement).</summary>
    public static void CheckSupport(FiniteMdp mdp, PolicyTable target, PolicyTable behavior)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(behavior);
        for (int s = 0; s < mdp.StateCount; s++)
        {
            if (mdp.IsTerminal(s)) continue;
            for (int a = 0; a < mdp.ActionCount; a++)
                if (behavior[s, a] == 0 && target[s, a] > 0)
                    throw new ArgumentException($"behavior policy: mu(a={a}|s={s}) = 0 where the target policy has pi(a|s) = {target[s, a]:G6}; importance sampling needs mu(a|s) > 0 wherever pi(a|s) > 0.");
        }
    }

    private static double[,] CheckShape(double[,] theta, FiniteMdp mdp, string what)
    {
        if (theta.GetLength(0) != mdp.StateCount || theta.GetLength(1) != mdp.ActionCount)
            throw new ArgumentException($"{what}: shape [{theta.GetLength(0)}][{theta.GetLength(1)}], expected [{mdp.StateCount}][{mdp.ActionCount}] (states × actions).");
        return theta;
    }

    private static int SeedOf(ulong seed) => (int)(seed % int.MaxValue);
}
