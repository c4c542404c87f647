using System.Globalization;
using Ascent.Nn;

namespace Ascent.Io.Onnx;

/// <summary>
/// One affine layer and its activation, <c>h' = act(h·W + b)</c>, as it goes into an exported policy: a snapshot of
/// the weights <c>W [in, out]</c> (row-major, <see cref="Linear"/>'s layout) and bias <c>b [out]</c>. In the ONNX
/// graph it becomes a <c>Gemm</c> node followed by a <c>Tanh</c> or <c>Relu</c> node (none for the identity).
/// </summary>
public sealed class OnnxDenseLayer
{
    private readonly float[] _weight, _bias;

    /// <summary>Creates a layer from copies of its weights and bias.</summary>
    /// <param name="name">Names the layer's constants and nodes in the graph, e.g. <c>pi.0</c> (letters, digits, <c>._-/</c>).</param>
    /// <param name="inputs">Input features (at least 1).</param>
    /// <param name="outputs">Output features (at least 1).</param>
    /// <param name="weight">The weights <c>[inputs, outputs]</c>, row-major; every value finite.</param>
    /// <param name="bias">The bias <c>[outputs]</c>; every value finite.</param>
    /// <param name="activation">The activation after the affine map.</param>
    public OnnxDenseLayer(string name, int inputs, int outputs, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Activation activation)
    {
        CheckName(name);
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, $"OnnxDenseLayer '{name}': inputs must be at least 1.");
        if (outputs < 1) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, $"OnnxDenseLayer '{name}': outputs must be at least 1.");
        if (weight.Length != (long)inputs * outputs)
            throw new ArgumentException($"OnnxDenseLayer '{name}': the weight holds {weight.Length} values, [{inputs}, {outputs}] needs {(long)inputs * outputs}.", nameof(weight));
        if (bias.Length != outputs)
            throw new ArgumentException($"OnnxDenseLayer '{name}': the bias holds {bias.Length} values, [{outputs}] needs {outputs}.", nameof(bias));
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, $"OnnxDenseLayer '{name}': activation must be None, Tanh or Relu.");
        CheckFinite(name, "weight", weight, outputs);
        CheckFinite(name, "bias", bias, outputs);
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        _weight = weight.ToArray();
        _bias = bias.ToArray();
    }

    /// <summary>The layer's name in the graph.</summary>
    public string Name { get; }

    /// <summary>Input features.</summary>
    public int Inputs { get; }

    /// <summary>Output features.</summary>
    public int Outputs { get; }

    /// <summary>The weights <c>[Inputs, Outputs]</c>, row-major.</summary>
    public ReadOnlySpan<float> Weight => _weight;

    /// <summary>The bias <c>[Outputs]</c>.</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>The activation after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>
    /// The layers of <paramref name="mlp"/> in order, with its hidden activation after every layer but the last and its
    /// output activation after the last; each is named after its parameters (<c>pi.0.weight</c> gives <c>pi.0</c>).
    /// The values are copied: later training does not change the snapshot.
    /// </summary>
    public static IReadOnlyList<OnnxDenseLayer> FromMlp(Mlp mlp)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        var layers = new OnnxDenseLayer[mlp.Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            var linear = mlp.Layers[i];
            string name = linear.Weight.Name.EndsWith(".weight", StringComparison.Ordinal) ? linear.Weight.Name[..^".weight".Length] : linear.Weight.Name;
            var activation = i == layers.Length - 1 ? mlp.OutputActivation : mlp.Activation;
            layers[i] = new OnnxDenseLayer(name, linear.Inputs, linear.Outputs, linear.Weight.Value.Span, linear.Bias.Value.Span, activation);
        }
        return layers;
    }

    /// <summary>Graph names keep to a conservative alphabet so that every ONNX tool shows them as written.</summary>
    internal static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/'))
                throw new ArgumentException($"OnnxDenseLayer: the name '{name}' contains '{c}'; use letters, digits and . _ - / only.", nameof(name));
    }

    private static void CheckFinite(string layer, string what, ReadOnlySpan<float> values, int columns)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            string where = what == "weight" ? $"[{i / columns}, {i % columns}]" : $"[{i}]";
            throw new ArgumentException($"OnnxDenseLayer '{layer}': {what}{where} is {values[i].ToString(CultureInfo.InvariantCulture)}; an exported policy needs finite parameters.");
        }
    }
}
