using Ascent.Policies;

namespace Ascent.Estimators;

/// <summary>
/// A state-dependent baseline b(s_t) = v̂(s_t, w) (seeds 000 and 001: "near optimal choice is the expected return"):
/// the advantage-like weight becomes Ψ_t − c_t v̂(s_t). Unbiased for any v̂ that does not look at the action; the
/// closer v̂ is to V^π, the lower the variance. REINFORCE with baseline learns w by Monte-Carlo regression on G_t.
/// </summary>
public sealed class StateValueBaseline : Baseline
{
    private float[] _values = new float[256];

    /// <summary>Uses <paramref name="valueFunction"/> as the baseline.</summary>
    public StateValueBaseline(IValueFunction valueFunction)
    {
        ArgumentNullException.ThrowIfNull(valueFunction);
        ValueFunction = valueFunction;
    }

    /// <summary>v̂(s, w).</summary>
    public IValueFunction ValueFunction { get; }

    /// <inheritdoc />
    public override string Name => "state-value";

    /// <summary>Writes v̂(s_t) for the first <paramref name="steps"/> steps of the batch.</summary>
    internal void Values(EpisodeBatch batch, int steps, Span<double> values)
    {
        if (_values.Length < steps) _values = new float[Math.Max(steps, 2 * _values.Length)];
        var v = _values.AsSpan(0, steps);
        ValueFunction.Predict(batch.Observations.Slice(0, steps * batch.ObservationSize), steps, v);
        for (int t = 0; t < steps; t++) values[t] = v[t];
    }

    /// <summary>v̂(s_t) of the first <paramref name="steps"/> steps as the last <see cref="Values"/> call computed them.</summary>
    internal ReadOnlySpan<float> LastValues(int steps) => _values.AsSpan(0, steps);
}
