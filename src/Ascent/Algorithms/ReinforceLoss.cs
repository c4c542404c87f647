using Ascent.Autodiff;
using Ascent.Estimators;
using Ascent.Nn;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Algorithms;

/// <summary>
/// Step 2 of CS285's REINFORCE for one batch of complete episodes, recorded on its own tape, and the Monte-Carlo fit of
/// the learned baseline — the part <see cref="BatchReinforce"/> and <see cref="Reinforce"/> share:
/// <code>
///   w_t = Ψ_t − c_t b(s_t)                                                (ScoreFunctionEstimator: reward-to-go or R(τ), minus the baseline)
///   L(θ) = −(1/N) Σ_i Σ_t w_t log π_θ(a_t|s_t) − c_ent · mean_t H[π_θ(·|s_t)]   (PseudoLoss: ∇θ L = −ĝ)
/// </code>
/// </summary>
/// <remarks>
/// <para>The weights are constants of the tape (no gradient flows into them) and may be standardised within the batch
/// (<c>normalize_advantage</c>); N is the number of episodes. Minimising L with any optimizer ascends J.</para>
/// <para>The learned baseline (<c>baseline: learned</c>) is a value network v̂(s, w) that predicts standardised returns
/// (<see cref="StandardizedValueFunction"/>): <see cref="Record"/> sets its scale to this batch's returns before the
/// weights are computed, and <see cref="FitBaseline"/> — called after the policy step — regresses it on the batch's
/// standardised returns with its own Adam (<see cref="MonteCarloValueFit"/>).</para>
/// <para>Batches of whole episodes vary in size, and the loss's tensors and tape are re-created when the size changes
/// (a few arrays of the batch's length per update); the scratch arrays of the weights grow to the largest batch seen.</para>
/// </remarks>
public sealed class ReinforceLoss
{
    private readonly IPolicy _policy;
    private readonly BatchReinforceOptions _options;
    private readonly StandardizedValueFunction? _value;
    private readonly MonteCarloValueFit? _valueFit;
    private readonly StateValueBaseline? _stateValue;
    private readonly Tape _tape = new();
    private double[] _weights = [], _targets = [];
    private float[] _predictions = [], _targetValues = [];
    private Tensor? _observations, _actions, _weightTensor;
    private Var? _loss;
    private int _steps;

    /// <summary>Sets up the estimator of <paramref name="options"/> for <paramref name="policy"/>.</summary>
    /// <param name="policy">π_θ (any <see cref="IPolicy"/>).</param>
    /// <param name="options">The options (checked).</param>
    /// <param name="valueFunction">The network of the learned baseline (required when <c>baseline = learned</c>); it learns standardised returns.</param>
    /// <param name="owner">The learner's name in error messages.</param>
    public ReinforceLoss(IPolicy policy, BatchReinforceOptions options, IValueFunction? valueFunction = null, string owner = "BatchReinforce")
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        _policy = policy;
        _options = options;
        ReturnWeights returns = options.Estimator == "total"
            ? new TotalReturn(options.Gamma)
            : new RewardToGo(options.Gamma, options.DiscountFactor);
        Estimators.Baseline baseline;
        switch (options.Baseline)
        {
            case "learned":
                if (valueFunction is null) throw new ArgumentException($"{owner}: baseline = learned needs a value function (valueFunction).", nameof(valueFunction));
                _value = new StandardizedValueFunction(valueFunction);
                BaselineOptimizer = new Adam(valueFunction.Parameters, (float)options.ValueLearningRate);
                _valueFit = new MonteCarloValueFit(valueFunction, BaselineOptimizer);
                baseline = _stateValue = new StateValueBaseline(_value);
                break;
            case "mean": baseline = new MeanReturnBaseline(); break;
            case "optimal": baseline = new OptimalConstantBaseline(); break;
            default: baseline = Estimators.Baseline.None; break;
        }
        Estimator = new ScoreFunctionEstimator(returns, baseline);
    }

    /// <summary>The policy optimizer the options name (<c>adam</c> or <c>sgd</c>, at the schedule's initial step size) over <paramref name="parameters"/>.</summary>
    public static Optimizer CreateOptimizer(BatchReinforceOptions options, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameters);
        float lr = (float)options.LearningRate.Initial;
        return options.Optimizer == "sgd" ? new Sgd(parameters, lr) : new Adam(parameters, lr);
    }

    /// <summary>The score-function estimator that gives the weights w_t.</summary>
    public ScoreFunctionEstimator Estimator { get; }

    /// <summary>The learned baseline v̂(s, w) in return units (null without one).</summary>
    public StandardizedValueFunction? Baseline => _value;

    /// <summary>The learned baseline's Adam (null without one); its state belongs in a checkpoint.</summary>
    public Optimizer? BaselineOptimizer { get; }

    /// <summary>The tape the loss is recorded on (turn on <see cref="Tape.CheckFinite"/> to locate a NaN).</summary>
    public Tape Tape => _tape;

    /// <summary>
    /// Computes the weights of <paramref name="batch"/> (all of whose episodes must be complete) and records L on the tape;
    /// returns the value of each term. Call <see cref="Backward"/> next.
    /// </summary>
    public ReinforceLossTerms Record(EpisodeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.EpisodeCount == 0 || batch.OpenSteps != 0)
            throw new ArgumentException($"ReinforceLoss.Record: the batch must hold complete episodes only (it has {batch.EpisodeCount} complete episodes and {batch.OpenSteps} steps of an unfinished one).", nameof(batch));
        int steps = _steps = batch.StepCount, episodes = batch.EpisodeCount;
        Ensure(ref _weights, steps); Ensure(ref _targets, steps);
        var weights = _weights.AsSpan(0, steps);
        var targets = _targets.AsSpan(0, steps);
        if (_value is not null)
        {
            Estimator.BaselineTargets(_policy, batch, targets);          // G_t: the regression targets of v̂
            var (mean, std) = MeanStd(targets);
            _value.Mean = mean; _value.Std = std;                          // v̂ = μ + σ·network, in this batch's units
        }
        Estimator.StepWeights(_policy, batch, weights);                    // w_t = Ψ_t − c_t b_t
        double explained = _stateValue is not null ? ExplainedVarianceOfBaseline(targets, steps) : double.NaN;
        if (_options.NormalizeAdvantage) Standardize(weights);
        PseudoLoss.CopySteps(batch, 0, steps, ref _observations, ref _actions);
        if (_weightTensor is null || _weightTensor.Size != steps) _weightTensor = new Tensor(steps);
        for (int t = 0; t < steps; t++) _weightTensor[t] = (float)weights[t];

        _tape.Reset();
        var t0 = _tape;
        var pi = _policy.Forward(t0, t0.Input(_observations!));
        var policyGradient = PseudoLoss.Record(t0, pi, _actions!, _weightTensor, 1f / episodes);   // −(1/N) Σ_i Σ_t w_t log π_θ(a_t|s_t)
        Var entropy;
        if (_options.EntCoef > 0)
        {
            entropy = t0.Mean(pi.Entropy());
            _loss = t0.Sub(policyGradient, t0.MulScalar(entropy, (float)_options.EntCoef));
        }
        else
        {
            _loss = policyGradient;
            entropy = t0.Mean(pi.Entropy());                               // recorded after the loss: only reported, never differentiated
        }
        return new ReinforceLossTerms(policyGradient.Value[0], entropy.Value[0], _loss.Value[0], explained, steps, episodes);
    }

    /// <summary>Back-propagates the last recorded loss into the policy's gradients (which accumulate: zero them first).</summary>
    public void Backward()
    {
        if (_loss is null) throw new InvalidOperationException("ReinforceLoss.Backward: record a loss first.");
        _tape.Backward(_loss);
    }

    /// <summary>
    /// Fits the learned baseline to the standardised returns of the batch last passed to <see cref="Record"/>
    /// (<c>value_gradient_steps</c> full-batch Adam steps); returns its mean squared error before the fit, NaN without a learned baseline.
    /// </summary>
    public double FitBaseline(EpisodeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_valueFit is null) return double.NaN;
        if (batch.StepCount != _steps) throw new ArgumentException($"ReinforceLoss.FitBaseline: the batch has {batch.StepCount} steps, the recorded one {_steps}; fit the batch just recorded.", nameof(batch));
        var targets = _targets.AsSpan(0, _steps);
        for (int t = 0; t < targets.Length; t++) targets[t] = (targets[t] - _value!.Mean) / _value.Std;   // standardised returns
        return _valueFit.Fit(batch, targets, _options.ValueGradientSteps);
    }

    /// <summary>1 − Var[G − v̂] / Var[G] of the baseline's predictions (computed with the weights) for the returns.</summary>
    private double ExplainedVarianceOfBaseline(ReadOnlySpan<double> targets, int steps)
    {
        if (_predictions.Length < steps) { _predictions = new float[Math.Max(steps, 2 * _predictions.Length)]; _targetValues = new float[_predictions.Length]; }
        var predictions = _predictions.AsSpan(0, steps);
        var values = _targetValues.AsSpan(0, steps);
        _stateValue!.LastValues(steps).CopyTo(predictions);
        for (int t = 0; t < steps; t++) values[t] = (float)targets[t];
        return ExplainedVariance.Compute(predictions, values);
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

/// <summary>The terms of a <see cref="ReinforceLoss"/> for one batch.</summary>
/// <param name="PolicyGradient">The pseudo-loss −(1/N) Σ_i Σ_t w_t log π_θ(a_t|s_t) (SB3's <c>train/policy_gradient_loss</c>).</param>
/// <param name="Entropy">The mean entropy of the policy over the batch's states (the loss subtracts <c>ent_coef</c> times it).</param>
/// <param name="Total">The loss that is differentiated.</param>
/// <param name="ExplainedVariance">How much of the returns' variance the learned baseline explains (NaN without one).</param>
/// <param name="Steps">Steps in the batch.</param>
/// <param name="Episodes">Episodes in the batch (N).</param>
public readonly record struct ReinforceLossTerms(double PolicyGradient, double Entropy, double Total, double ExplainedVariance, int Steps, int Episodes);
