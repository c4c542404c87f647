using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Numerics;

namespace Ascent.Policies;

/// <summary>A neural-network state-value function v̂(s, w): an <see cref="Mlp"/> from the flat observation to one number.</summary>
public sealed class MlpValueFunction : IValueFunction
{
    /// <summary>Creates v̂.</summary>
    /// <param name="observationSize">Floats per observation.</param>
    /// <param name="hidden">Hidden layer widths, e.g. <c>[64, 64]</c>.</param>
    /// <param name="activation">Activation of the hidden layers.</param>
    /// <param name="rng">Generator of the initial weights.</param>
    /// <param name="name">Prefix of the parameter names.</param>
    public MlpValueFunction(int observationSize, IReadOnlyList<int> hidden, Activation activation, Rng rng, string name = "value")
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize), observationSize, "MlpValueFunction: observationSize must be at least 1.");
        Network = new Mlp([observationSize, .. hidden, 1], activation, rng, outputGain: 1f, name: name);
    }

    /// <summary>The network from observations to values.</summary>
    public Mlp Network { get; }

    /// <inheritdoc />
    public ParameterSet Parameters => Network.Parameters;

    /// <inheritdoc />
    public Var Forward(Tape tape, Var observations)
    {
        var values = Network.Forward(tape, observations); // [B, 1]
        return tape.Reshape(values, values.Value.Dim(0));
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> observations, int batch, Span<float> values) => Network.Predict(observations, batch, values);
}
