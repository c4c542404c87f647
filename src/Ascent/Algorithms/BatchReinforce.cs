using Ascent.Io.Config;
using Ascent.Environments;
using Ascent.Estimators;
using Ascent.Nn;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Algorithms;

/// <summary>
/// REINFORCE as CS285 writes it (seed 002): sample N episodes, estimate the gradient from all of them, take one step.
/// <code>
///   1. sample {τⁱ} from π_θ(a_t|s_t)                                        (run the policy)
///   2. ∇θJ(θ) ≈ (1/N) Σ_i Σ_t ∇θ log π_θ(a_t^i|s_t^i) (Q̂_t^i − b_t^i)      (any estimator and baseline)
///   3. θ ← θ + α ∇θJ(θ)                                                       (SGD or Adam)
/// </code>
/// </summary>
/// <remarks>
/// <para>Step 2 is the <see cref="ReinforceLoss"/>: the <see cref="PseudoLoss"/> L = −(1/N) Σ_i Σ_t w_t log π_θ(a_t|s_t) with
/// w_t from a <see cref="ScoreFunctionEstimator"/>, one forward and backward pass over the whole batch (so any policy works,
/// MLPs included); the optimizer descends L, i.e. ascends J.</para>
/// <para>The learned baseline (<c>baseline = learned</c>) is a value network v̂(s, w) that predicts standardised returns
/// (<see cref="StandardizedValueFunction"/>); each update first computes the weights with the current v̂, then fits v̂ to
/// the batch's returns by Monte-Carlo regression (<see cref="MonteCarloValueFit"/>).</para>
/// <para>This learner runs any <see cref="IPolicy"/> in one <see cref="Env"/>, one update per call (the experiments use it);
/// <see cref="Reinforce"/> is the same algorithm as a trainable model (vector environments, <c>Learn</c>, save and load).</para>
/// </remarks>
public sealed class BatchReinforce
{
    private readonly EpisodeSampler _sampler;
    private readonly EpisodeBatch _batch;
    private readonly ReinforceLoss _loss;
    private readonly Optimizer _optimizer;

    /// <summary>Sets up the learner.</summary>
    /// <param name="policy">π_θ (any <see cref="IPolicy"/>).</param>
    /// <param name="env">The environment; seed it once before learning.</param>
    /// <param name="options">The options (checked); the step size must be constant (a <c>lin_</c> schedule needs the budget of <see cref="Reinforce"/>).</param>
    /// <param name="valueFunction">The network of the learned baseline (required when <c>baseline = learned</c>); it learns standardised returns.</param>
    /// <param name="maxEpisodeSteps">Cut episodes after this many steps (null: only the environment ends them), ≥ 1.</param>
    public BatchReinforce(IPolicy policy, Env env, BatchReinforceOptions options, IValueFunction? valueFunction = null, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        if (options.LearningRate.Kind != ScheduleKind.Constant)
            throw new ArgumentException($"BatchReinforce: learning_rate = lin_{options.LearningRate.Initial} decays over a training budget, which BatchReinforce does not have; use a constant step size (or Reinforce.Learn).", nameof(options));
        Policy = policy;
        Options = options;
        _sampler = new EpisodeSampler(env, policy, maxEpisodeSteps);
        _batch = new EpisodeBatch(env.ObservationSpace.FlatSize, env.ActionSpace.FlatSize);
        _loss = new ReinforceLoss(policy, options, valueFunction);
        _optimizer = ReinforceLoss.CreateOptimizer(options, policy.Parameters);
    }

    /// <summary>π_θ.</summary>
    public IPolicy Policy { get; }

    /// <summary>The options.</summary>
    public BatchReinforceOptions Options { get; }

    /// <summary>The steps sampled so far.</summary>
    public long TotalSteps { get; private set; }

    /// <summary>The updates taken so far.</summary>
    public int Updates { get; private set; }

    /// <summary>One update: sample a batch, estimate the gradient, step; then fit the learned baseline.</summary>
    public BatchReinforceReport Update(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        // 1. sample {τⁱ} from π_θ(a_t|s_t)
        _batch.Clear();
        if (Options.StepsPerBatch > 0) _sampler.CollectSteps(_batch, Options.StepsPerBatch, rng);
        else _sampler.CollectEpisodes(_batch, Options.EpisodesPerBatch, rng);
        int steps = _batch.StepCount, episodes = _batch.EpisodeCount;
        TotalSteps += steps;

        // 2. ∇θJ(θ) ≈ (1/N) Σ_i Σ_t ∇θ log π_θ(a_t|s_t) w_t, with w_t = Q̂_t − b_t from the estimator
        _loss.Record(_batch);
        Policy.Parameters.ZeroGrad();
        _loss.Backward();
        double gradientNorm = Policy.Parameters.GradientNorm();
        if (Options.MaxGradNorm > 0) GradientClipping.ClipByGlobalNorm(Policy.Parameters, (float)Options.MaxGradNorm);

        // 3. θ ← θ + α ∇θJ(θ)  (the optimizer descends L = −Ĵ)
        _optimizer.Step();
        Updates++;

        double valueLoss = _loss.FitBaseline(_batch);                  // fit v̂ to this batch's returns
        var returns = new double[episodes];
        for (int i = 0; i < episodes; i++) returns[i] = _batch.Return(i);
        return new BatchReinforceReport(Updates, TotalSteps, steps, returns, gradientNorm, valueLoss);
    }
}

/// <summary>What one <see cref="BatchReinforce.Update"/> did.</summary>
/// <param name="Update">The update's number (1, 2, …).</param>
/// <param name="TotalSteps">Steps sampled so far, this batch included.</param>
/// <param name="Steps">Steps in this batch.</param>
/// <param name="EpisodeReturns">The undiscounted return of each episode of the batch, in order.</param>
/// <param name="GradientNorm">The norm of the pseudo-loss gradient before clipping.</param>
/// <param name="ValueLoss">The learned baseline's mean squared error (standardised units) before fitting; NaN without one.</param>
public sealed record BatchReinforceReport(int Update, long TotalSteps, int Steps, double[] EpisodeReturns, double GradientNorm, double ValueLoss)
{
    /// <summary>The mean undiscounted return of the batch's episodes.</summary>
    public double MeanReturn => EpisodeReturns.Average();
}
