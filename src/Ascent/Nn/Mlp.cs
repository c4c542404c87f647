using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Nn;

/// <summary>
/// A multilayer perceptron: <see cref="Linear"/> layers of the given sizes with an activation between them
/// (and optionally after the last), initialised orthogonally as PPO does.
/// </summary>
/// <remarks>
/// <see cref="Forward"/> records the network on a tape (for gradients); <see cref="Predict"/> evaluates it
/// without a tape into preallocated buffers (for acting). Both allocate nothing when called again with a
/// batch of the same size. <see cref="Predict"/> is not thread-safe (it reuses its buffers).
/// </remarks>
public sealed class Mlp
{
    private readonly Linear[] _layers;
    private float[][] _buffers = [];
    private int _bufferRows;

    /// <summary>Creates the network.</summary>
    /// <param name="sizes">Layer widths from input to output, e.g. <c>[4, 64, 64, 2]</c> (at least two, each ≥ 1).</param>
    /// <param name="activation">Activation after every hidden layer.</param>
    /// <param name="rng">Generator for the orthogonal initial weights.</param>
    /// <param name="outputGain">Gain of the last layer's weights (PPO: 0.01 for a policy head, 1 for a value head).</param>
    /// <param name="hiddenGain">Gain of the hidden layers' weights (PPO: √2).</param>
    /// <param name="outputActivation">Activation after the last layer (usually <see cref="Activation.None"/>).</param>
    /// <param name="name">Prefix of the parameter names (<c>{name}.0.weight</c>, …).</param>
    public Mlp(IReadOnlyList<int> sizes, Activation activation, Rng rng, float outputGain = 1f,
        float hiddenGain = 1.41421356f, Activation outputActivation = Activation.None, string name = "mlp")
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(rng);
        if (sizes.Count < 2) throw new ArgumentException($"Mlp: sizes needs at least an input and an output width, got [{string.Join(", ", sizes)}].", nameof(sizes));
        for (int i = 0; i < sizes.Count; i++)
            if (sizes[i] < 1) throw new ArgumentOutOfRangeException(nameof(sizes), $"Mlp: every width must be at least 1, got [{string.Join(", ", sizes)}].");
        CheckActivation(activation, nameof(activation));
        CheckActivation(outputActivation, nameof(outputActivation));
        Activation = activation;
        OutputActivation = outputActivation;
        _layers = new Linear[sizes.Count - 1];
        for (int i = 0; i < _layers.Length; i++)
        {
            bool last = i == _layers.Length - 1;
            _layers[i] = new Linear($"{name}.{i}", sizes[i], sizes[i + 1], rng, last ? outputGain : hiddenGain);
        }
        Parameters = new ParameterSet(_layers.SelectMany(l => new[] { l.Weight, l.Bias }));
        Sizes = sizes.ToArray();
    }

    /// <summary>The layer widths from input to output.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The activation after every hidden layer.</summary>
    public Activation Activation { get; }

    /// <summary>The activation after the last layer.</summary>
    public Activation OutputActivation { get; }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Linear> Layers => _layers;

    /// <summary>All weights and biases, layer by layer (weight then bias).</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Input width.</summary>
    public int Inputs => _layers[0].Inputs;

    /// <summary>Output width.</summary>
    public int Outputs => _layers[^1].Outputs;

    /// <summary>Records the network applied to a batch <paramref name="x"/> of shape <c>[batch, inputs]</c>, giving <c>[batch, outputs]</c>.</summary>
    public Var Forward(Tape tape, Var x)
    {
        ArgumentNullException.ThrowIfNull(tape);
        var h = x;
        for (int i = 0; i < _layers.Length; i++)
        {
            h = _layers[i].Forward(tape, h);
            h = (i < _layers.Length - 1 ? Activation : OutputActivation).Apply(tape, h);
        }
        return h;
    }

    /// <summary>
    /// Evaluates the network without recording: <paramref name="input"/> holds <paramref name="rows"/> samples
    /// of <see cref="Inputs"/> values, <paramref name="output"/> receives <c>rows × </c><see cref="Outputs"/> values.
    /// </summary>
    public void Predict(ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Mlp.Predict: rows must be non-negative.");
        if (input.Length != rows * Inputs)
            throw new ShapeMismatchException("Mlp.Predict", $"[{rows}, {Inputs}] expected", $"{input.Length} input values");
        if (output.Length != rows * Outputs)
            throw new ShapeMismatchException("Mlp.Predict", $"[{rows}, {Outputs}] expected", $"{output.Length} output values");
        EnsureBuffers(rows);
        var h = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            var layer = _layers[i];
            bool last = i == _layers.Length - 1;
            Span<float> y = last ? output : _buffers[i].AsSpan(0, rows * layer.Outputs);
            int n = layer.Outputs;
            RowBroadcast.Fill(layer.Bias.Value.Span, y, rows);
            Gemm.Sgemm(false, false, rows, n, layer.Inputs, 1f, h, layer.Inputs, layer.Weight.Value.Span, n, 1f, y, n);
            switch (last ? OutputActivation : Activation)
            {
                case Activation.Tanh: FastTanh.Apply(y, y); break;     // the tape's tanh, bit for bit
                case Activation.Relu: TensorPrimitives.Max(y, 0f, y); break;
            }
            h = y;
        }
    }

    private void EnsureBuffers(int rows)
    {
        if (rows <= _bufferRows) return;
        _buffers = new float[_layers.Length - 1][];
        for (int i = 0; i < _buffers.Length; i++) _buffers[i] = new float[rows * _layers[i].Outputs];
        _bufferRows = rows;
    }

    private static void CheckActivation(Activation a, string option)
    {
        if (!Enum.IsDefined(a)) throw new ArgumentOutOfRangeException(option, a, $"Mlp: {option} must be None, Tanh or Relu.");
    }
}
