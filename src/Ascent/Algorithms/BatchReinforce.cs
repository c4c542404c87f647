using Ascent.Autodiff;
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
/// <para>Step 2 is the <see cref="PseudoLoss"/> L = −(1/N) Σ_i Σ_t w_t log π_θ(a_t|s_t) with w_t from a
/// <see cref="ScoreFunctionEstimator"/>, one forward and backward pass over the whole batch (so any policy works,
/// MLPs included); the optimizer descends L, i.e. ascends J.</para>
/// <para>The learned baseline (<c>baseline = learned</c>) is a value network v̂(s, w) that predicts standardised returns
/// (<see cref="StandardizedValueFunction"/>); each update first computes the weights with the current v̂, then fits v̂ to
/// the batch's returns by Monte-Carlo regression (<see cref="MonteCarloValueFit"/>).</para>
/// </remarks>
public sealed class BatchReinforce
{
    private readonly EpisodeSampler _sampler;
    private readonly EpisodeBatch _batch;
    private readonly ScoreFunctionEstimator _estimator;
    private readonly Optimizer _optimizer;
    private readonly StandardizedValueFunction? _value;
    private readonly MonteCarloValueFit? _valueFit;
    private readonly Tape _tape = new();
    private double[] _weights = [], _targets = [];
    private Tensor? _observations, _actions, _weightTensor;

    /// <summary>Sets up the learner.</summary>
    /// <param name="policy">π_θ (any <see cref="IPolicy"/>).</param>
    /// <param name="env">The environment; seed it once before learning.</param>
    /// <param name="options">The options (checked).</param>
    /// <param name="valueFunction">The network of the learned baseline (required when <c>baseline = learned</c>); it learns standardised returns.</param>
    public BatchReinforce(IPolicy policy, Env env, BatchReinforceOptions options, IValueFunction? valueFunction = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        Policy = policy;
        Options = options;
        _sampler = new EpisodeSampler(env, policy, options.MaxEpisodeSteps > 0 ? options.MaxEpisodeSteps : null);
        _batch = new EpisodeBatch(env.ObservationSpace.FlatSize, env.ActionSpace.FlatSize);
        ReturnWeights returns = options.Estimator == "total"
            ? new TotalReturn(options.Gamma)
            : new RewardToGo(options.Gamma, options.DiscountFactor);
        Baseline baseline;
        switch (options.Baseline)
        {
            case "learned":
                if (valueFunction is null) throw new ArgumentException("BatchReinforce: baseline = learned needs a value function (valueFunction).", nameof(valueFunction));
                _value = new StandardizedValueFunction(valueFunction);
                _valueFit = new MonteCarloValueFit(valueFunction, new Adam(valueFunction.Parameters, (float)options.ValueLearningRate));
                baseline = new StateValueBaseline(_value);
                break;
            case "mean": baseline = new MeanReturnBaseline(); break;
            case "optimal": baseline = new OptimalConstantBaseline(); break;
            default: baseline = Estimators.Baseline.None; break;
        }
        _estimator = new ScoreFunctionEstimator(returns, baseline);
        _optimizer = options.Optimizer == "sgd"
            ? new Sgd(policy.Parameters, (float)options.LearningRate)
            : new Adam(policy.Parameters, (float)options.LearningRate);
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
        Ensure(ref _weights, steps); Ensure(ref _targets, steps);
        var weights = _weights.AsSpan(0, steps);
        var targets = _targets.AsSpan(0, steps);
        if (_value is not null)
        {
            _estimator.BaselineTargets(Policy, _batch, targets);     // G_t: the regression targets of v̂
            var (mean, std) = MeanStd(targets);
            _value.Mean = mean; _value.Std = std;                    // v̂ = μ + σ·network, in this batch's units
        }
        _estimator.StepWeights(Policy, _batch, weights);
        if (Options.NormalizeAdvantages) Standardize(weights);
        PseudoLoss.CopySteps(_batch, 0, steps, ref _observations, ref _actions);
        if (_weightTensor is null || _weightTensor.Size != steps) _weightTensor = new Tensor(steps);
        for (int t = 0; t < steps; t++) _weightTensor[t] = (float)weights[t];
        _tape.Reset();
        var loss = PseudoLoss.Record(_tape, Policy, _observations!, _actions!, _weightTensor, 1f / episodes);
        Policy.Parameters.ZeroGrad();
        _tape.Backward(loss);
        double gradientNorm = Policy.Parameters.GradientNorm();
        if (Options.MaxGradNorm > 0) GradientClipping.ClipByGlobalNorm(Policy.Parameters, (float)Options.MaxGradNorm);

        // 3. θ ← θ + α ∇θJ(θ)  (the optimizer descends L = −Ĵ)
        _optimizer.Step();
        Updates++;

        double valueLoss = double.NaN;
        if (_valueFit is not null)
        {
            for (int t = 0; t < steps; t++) targets[t] = (targets[t] - _value!.Mean) / _value.Std; // standardised returns
            valueLoss = _valueFit.Fit(_batch, targets, Options.ValueGradientSteps);
        }

        var returns = new double[episodes];
        for (int i = 0; i < episodes; i++) returns[i] = _batch.Return(i);
        return new BatchReinforceReport(Updates, TotalSteps, steps, returns, gradientNorm, valueLoss);
    }

    private static (double Mean, double Std) MeanStd(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= values.Length;
        double squares = 0;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        double std = Math.Sqrt(squares / values.Length);
        return (mean, std > 1e-8 ? std : 1);
    }

    private static void Standardize(Span<double> values)
    {
        var (mean, std) = MeanStd(values);
        for (int i = 0; i < values.Length; i++) values[i] = (values[i] - mean) / std;
    }

    private static void Ensure(ref double[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new double[Math.Max(length, 2 * buffer.Length)];
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
