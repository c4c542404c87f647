using Ascent.Autodiff;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Estimators;

/// <summary>
/// Learns a baseline v̂(s, w) by Monte-Carlo regression: gradient steps on the mean squared error
/// (1/T) Σ_t (v̂(s_t, w) − G_t)² between the value and the sampled return of every step of a batch.
/// </summary>
public sealed class MonteCarloValueFit
{
    private readonly Tape _tape = new();
    private Tensor? _observations, _targets;

    /// <summary>Fits <paramref name="valueFunction"/> with <paramref name="optimizer"/> (over its parameters).</summary>
    public MonteCarloValueFit(IValueFunction valueFunction, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(valueFunction);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!ReferenceEquals(optimizer.Parameters, valueFunction.Parameters))
            throw new ArgumentException("MonteCarloValueFit: the optimizer must be over the value function's parameters.", nameof(optimizer));
        ValueFunction = valueFunction;
        Optimizer = optimizer;
    }

    /// <summary>v̂(s, w).</summary>
    public IValueFunction ValueFunction { get; }

    /// <summary>The optimizer of w.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>
    /// Takes <paramref name="steps"/> full-batch gradient steps towards the targets of the first <paramref name="targets"/>.Length
    /// steps of <paramref name="batch"/>; returns the mean squared error before the first step.
    /// </summary>
    public double Fit(EpisodeBatch batch, ReadOnlySpan<double> targets, int steps)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "MonteCarloValueFit: steps must be at least 1.");
        int count = targets.Length;
        if (count < 1 || count > batch.StepCount) throw new ArgumentException($"MonteCarloValueFit: {count} targets for a batch of {batch.StepCount} steps.", nameof(targets));
        Tensor? actionsUnused = null;
        PseudoLoss.CopySteps(batch, 0, count, ref _observations, ref actionsUnused);
        if (_targets is null || _targets.Size != count) _targets = new Tensor(count);
        for (int t = 0; t < count; t++) _targets[t] = (float)targets[t];
        double first = double.NaN;
        for (int k = 0; k < steps; k++)
        {
            _tape.Reset();
            var error = _tape.Sub(ValueFunction.Forward(_tape, _tape.Input(_observations!)), _tape.Input(_targets));
            var loss = _tape.Mean(_tape.Square(error));                       // (1/T) Σ_t (v̂(s_t) − G_t)²
            if (k == 0) first = loss.Value[0];
            ValueFunction.Parameters.ZeroGrad();
            _tape.Backward(loss);
            Optimizer.Step();
        }
        return first;
    }
}
