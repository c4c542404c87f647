namespace Ascent.Io.Onnx;

/// <summary>
/// A policy's deterministic path described for <see cref="OnnxExporter"/>: optional observation normalisation, a
/// chain of dense layers (a shared trunk and the actor head, or one actor network) and a categorical or Gaussian
/// head. Any policy made of <see cref="Nn.Mlp"/>s can describe itself this way (see <see cref="IOnnxExportable"/>).
/// </summary>
/// <example>
/// <code>
/// var graph = new OnnxPolicyGraph(4, [.. OnnxDenseLayer.FromMlp(actor)], OnnxPolicyHead.Categorical(new Discrete(2)))
/// {
///     Normalization = OnnxNormalization.From(normalizer),
///     EnvId = "CartPole-v1",
/// };
/// OnnxExporter.Save(graph, "policy.onnx");
/// </code>
/// </example>
public sealed class OnnxPolicyGraph
{
    /// <summary>Creates the description; every layer's inputs must equal the previous one's outputs.</summary>
    /// <param name="observationSize">Floats per observation (the width of the <c>obs</c> input, at least 1).</param>
    /// <param name="layers">The dense layers from the observation to the head (at least one; distinct names).</param>
    /// <param name="head">The policy head; its width must equal the last layer's outputs.</param>
    public OnnxPolicyGraph(int observationSize, IEnumerable<OnnxDenseLayer> layers, OnnxPolicyHead head)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(head);
        if (observationSize < 1)
            throw new ArgumentOutOfRangeException(nameof(observationSize), observationSize, "OnnxPolicyGraph: observationSize must be at least 1.");
        var list = layers.ToArray();
        if (list.Length == 0) throw new ArgumentException("OnnxPolicyGraph: layers is empty; a policy needs at least one dense layer.", nameof(layers));
        int width = observationSize;
        string from = "the observation";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in list)
        {
            ArgumentNullException.ThrowIfNull(layer, nameof(layers));
            if (layer.Inputs != width)
                throw new ArgumentException($"OnnxPolicyGraph: layer '{layer.Name}' takes {layer.Inputs} inputs but {from} has {width} values.", nameof(layers));
            if (!names.Add(layer.Name))
                throw new ArgumentException($"OnnxPolicyGraph: two layers are named '{layer.Name}'; names must be distinct.", nameof(layers));
            width = layer.Outputs;
            from = $"layer '{layer.Name}'";
        }
        if (head.Width != width)
            throw new ArgumentException($"OnnxPolicyGraph: the {head.Kind} head needs {head.Width} values but {from} outputs {width}.", nameof(head));
        ObservationSize = observationSize;
        Layers = list;
        Head = head;
    }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>The dense layers from the observation to the head.</summary>
    public IReadOnlyList<OnnxDenseLayer> Layers { get; }

    /// <summary>The policy head.</summary>
    public OnnxPolicyHead Head { get; }

    /// <summary>The observation normalisation baked in before the first layer (null: none); its size must equal <see cref="ObservationSize"/>.</summary>
    public OnnxNormalization? Normalization
    {
        get;
        set => field = value is null || value.Size == ObservationSize ? value
            : throw new ArgumentException($"OnnxPolicyGraph: the normalisation has {value.Size} coordinates but observations have {ObservationSize}.", nameof(Normalization));
    }

    /// <summary>The environment the policy was trained on, recorded in the model's metadata (null: unknown).</summary>
    public string? EnvId { get; set; }

    /// <summary>The algorithm that trained the policy, recorded in the model's metadata (null: unknown).</summary>
    public string? Algorithm { get; set; }
}
