using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies.Features;

namespace Ascent.Policies;

/// <summary>
/// A linear state-value function v̂(s, w) = wᵀφ(s), with ∇w v̂(s, w) = φ(s) — the baseline of Sutton &amp; Barto's
/// REINFORCE-with-baseline box. Over <see cref="OneHotFeatures"/> it is a table; over one constant feature, a
/// learned constant.
/// </summary>
public sealed class LinearValueFunction : IAnalyticValueFunction
{
    private readonly float[] _phi;
    private readonly int[] _columnShape;

    /// <summary>Creates v̂ with w = 0.</summary>
    /// <param name="features">φ(s).</param>
    /// <param name="name">Prefix of the parameter name (<c>{name}.w</c>).</param>
    public LinearValueFunction(IStateFeatures features, string name = "value")
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Features = features;
        Weights = new Parameter(name + ".w", new Tensor(features.Dimension));
        Parameters = new ParameterSet([Weights]);
        _phi = new float[features.Dimension];
        _columnShape = [features.Dimension, 1];
    }

    /// <summary>The features φ(s).</summary>
    public IStateFeatures Features { get; }

    /// <summary>w, length F.</summary>
    public Parameter Weights { get; }

    /// <inheritdoc />
    public ParameterSet Parameters { get; }

    /// <inheritdoc />
    public double Value(ReadOnlySpan<float> observation)
    {
        Features.Write(observation, _phi);
        var w = Weights.Value.Span;
        double v = 0;
        for (int k = 0; k < _phi.Length; k++) v += (double)w[k] * _phi[k];
        return v;
    }

    /// <inheritdoc />
    public void AddGradient(ReadOnlySpan<float> observation, float scale)
    {
        Features.Write(observation, _phi);
        TensorPrimitives.MultiplyAdd(_phi, scale, Weights.Grad.Span, Weights.Grad.Span); // ∇w v̂ = φ(s)
    }

    /// <inheritdoc />
    public Var Forward(Tape tape, Var observations)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(observations);
        var obs = observations.Value;
        int size = Features.ObservationSize;
        if (obs.Size % size != 0 || (obs.Rank == 2 && obs.Dim(1) != size))
            throw new ArgumentException($"LinearValueFunction.Forward: observations must be [B, {size}], got {obs.ShapeString}.", nameof(observations));
        int batch = obs.Size / size;
        var phi = new Tensor(batch, Features.Dimension);
        for (int r = 0; r < batch; r++) Features.Write(obs.Span.Slice(r * size, size), phi.Row(r));
        var values = tape.MatMul(tape.Input(phi), tape.Reshape(tape.Param(Weights), _columnShape));
        return tape.Reshape(values, batch);
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> observations, int batch, Span<float> values)
    {
        int size = Features.ObservationSize;
        if (observations.Length != batch * size) throw new ArgumentException($"LinearValueFunction.Predict: {observations.Length} observation floats for a batch of {batch} × {size}.");
        if (values.Length != batch) throw new ArgumentException($"LinearValueFunction.Predict: the value buffer holds {values.Length} floats, need {batch}.");
        for (int r = 0; r < batch; r++) values[r] = (float)Value(observations.Slice(r * size, size));
    }
}
