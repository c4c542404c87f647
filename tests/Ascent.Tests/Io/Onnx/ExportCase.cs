using Ascent.Autodiff;
using Ascent.Environments.Normalization;
using Ascent.Environments.Spaces;
using Ascent.Io.Onnx;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Tests.Io.Onnx;

/// <summary>
/// A random policy built from Ascent's own pieces — optional <see cref="ObservationNormalizer"/>, <see cref="Mlp"/>s
/// (one actor network, or a shared trunk and a head) and a categorical or Gaussian head — with its ONNX description
/// and the in-process reference outputs on a batch of observations.
/// </summary>
internal sealed class ExportCase
{
    public const int Rows = 1000;

    private readonly Mlp[] _networks;
    private readonly ObservationNormalizer? _normalizer;
    private readonly float[] _logStd = [];
    private readonly Box? _actionBounds;

    public string Name { get; }
    public bool IsCategorical { get; }
    public int ObservationSize { get; }
    public int Width { get; }
    public int Start { get; }
    public OnnxPolicyGraph Graph { get; }
    public float[] Observations { get; }

    /// <param name="name">The case's name in test output.</param>
    /// <param name="categorical">Categorical head (else Gaussian).</param>
    /// <param name="activation">Hidden activation.</param>
    /// <param name="normalization">Normalisation arithmetic, or null for none.</param>
    /// <param name="clip">The normaliser's clip (+∞: none).</param>
    /// <param name="sharedTrunk">A trunk Mlp plus a one-layer head Mlp instead of one actor Mlp.</param>
    /// <param name="clipAction">Gaussian: clip the exported action to the action box.</param>
    /// <param name="start">Categorical: the Discrete space's start.</param>
    /// <param name="tieFirstTwoLogits">Categorical: make the first two logits identical (exact ties).</param>
    /// <param name="seed">Seeds weights and observations.</param>
    public ExportCase(string name, bool categorical, Activation activation, OnnxArithmetic? normalization, double clip = 10,
        bool sharedTrunk = false, bool clipAction = false, int start = 0, bool tieFirstTwoLogits = false, ulong seed = 1)
    {
        Name = name;
        IsCategorical = categorical;
        Start = start;
        var rng = new Rng(seed);
        ObservationSize = 3 + rng.Integer(6);
        Width = categorical ? 2 + rng.Integer(4) : 1 + rng.Integer(3);

        _networks = sharedTrunk
            ? [new Mlp([ObservationSize, 64, 64], activation, rng, outputGain: 1.41421356f, outputActivation: activation, name: "trunk"),
               new Mlp([64, Width], activation, rng, outputGain: 1f, name: "pi_head")]
            : [new Mlp([ObservationSize, 64, 64, Width], activation, rng, outputGain: 1f, name: "pi")];
        foreach (var net in _networks)
            foreach (var layer in net.Layers)
                for (int i = 0; i < layer.Outputs; i++) layer.Bias.Value.Span[i] = (float)rng.Normal(0, 0.1);
        if (tieFirstTwoLogits)
        {
            var last = _networks[^1].Layers[^1];
            var w = last.Weight.Value;
            for (int r = 0; r < last.Inputs; r++) w[r, 1] = w[r, 0];
            last.Bias.Value.Span[0] = last.Bias.Value.Span[1] = 1.5f;  // often the largest logits
        }

        // Observations x = c + s·z per coordinate; the normaliser sees z ~ N(0, 1), the test batch z ~ N(0, 2.5²),
        // so some normalised values reach the clip.
        var center = new double[ObservationSize];
        var scale = new double[ObservationSize];
        for (int j = 0; j < ObservationSize; j++) { center[j] = rng.Uniform(-3, 3); scale[j] = Math.Exp(rng.Uniform(-1, 1)); }
        float[] Sample(int rows, double spread)
        {
            var x = new float[rows * ObservationSize];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < ObservationSize; j++) x[r * ObservationSize + j] = (float)(center[j] + spread * scale[j] * rng.Normal());
            return x;
        }
        if (normalization is not null)
        {
            _normalizer = new ObservationNormalizer(ObservationSize, clip);
            _normalizer.Update(Sample(256, 1.0));
        }
        Observations = Sample(Rows, 2.5);

        var layers = _networks.SelectMany(OnnxDenseLayer.FromMlp);
        OnnxPolicyHead head;
        if (categorical)
        {
            head = OnnxPolicyHead.Categorical(new Discrete(Width, start));
        }
        else
        {
            _logStd = new float[Width];
            for (int i = 0; i < Width; i++) _logStd[i] = (float)rng.Uniform(-1.5, 0.5);
            if (clipAction)
            {
                var low = new float[Width];
                var high = new float[Width];
                for (int i = 0; i < Width; i++) { low[i] = (float)rng.Uniform(-1.5, -0.2); high[i] = (float)rng.Uniform(0.2, 1.5); }
                _actionBounds = new Box(low, high);
            }
            head = OnnxPolicyHead.Gaussian(_logStd, _actionBounds);
        }
        Graph = new OnnxPolicyGraph(ObservationSize, layers, head) { EnvId = "Test-" + name, Algorithm = "test" };
        if (_normalizer is not null)
            Graph.Normalization = OnnxNormalization.From(_normalizer, normalization!.Value);
    }

    public ReadOnlySpan<float> LogStd => _logStd;

    public override string ToString() => Name;

    /// <summary>
    /// The in-process outputs: the normaliser's <see cref="ObservationNormalizer.Normalize"/>, the networks'
    /// <see cref="Mlp.Predict"/>, and the deterministic action <see cref="ActionDistribution.Mode"/> (the mode
    /// <see cref="IPolicy.Act"/> takes without a generator), plus the head's start or the action box's clip.
    /// </summary>
    public (float[] Head, float[] Actions) Reference()
    {
        var x = Observations;
        if (_normalizer is not null)
        {
            var normalized = new float[x.Length];
            _normalizer.Normalize(x, normalized);
            x = normalized;
        }
        foreach (var net in _networks)
        {
            var y = new float[Rows * net.Outputs];
            net.Predict(x, Rows, y);
            x = y;
        }
        var tape = new Tape();
        var parameters = tape.Input(new Tensor((float[])x.Clone(), Rows, Width));
        var distribution = IsCategorical
            ? ActionDistribution.FromLogits(parameters)
            : ActionDistribution.FromGaussian(parameters, tape.Input(Tensor.Vector(_logStd)));
        var actions = new float[Rows * (IsCategorical ? 1 : Width)];
        distribution.Mode(actions);
        if (IsCategorical)
            for (int r = 0; r < Rows; r++) actions[r] += Start;
        else if (_actionBounds is not null)
            for (int i = 0; i < actions.Length; i++) actions[i] = Math.Clamp(actions[i], _actionBounds.Low[i % Width], _actionBounds.High[i % Width]);
        return (x, actions);
    }

    /// <summary>The 2 × 2 × 2 grid (categorical/Gaussian × tanh/relu × raw/normalised observations), each cell also
    /// exercising one more feature: shared trunk, float32 normalisation, no clip, action bounds, start offset, exact ties.</summary>
    public static IReadOnlyList<ExportCase> All { get; } =
    [
        new("categorical-tanh", categorical: true, Activation.Tanh, normalization: null, seed: 11),
        new("categorical-tanh-normalized-start", categorical: true, Activation.Tanh, OnnxArithmetic.Float64, clip: 5, start: -1, seed: 12),
        new("categorical-relu-shared-ties", categorical: true, Activation.Relu, normalization: null, sharedTrunk: true, tieFirstTwoLogits: true, seed: 13),
        new("categorical-relu-normalized-f32-shared", categorical: true, Activation.Relu, OnnxArithmetic.Float32, clip: 10, sharedTrunk: true, seed: 14),
        new("gaussian-tanh", categorical: false, Activation.Tanh, normalization: null, seed: 15),
        new("gaussian-tanh-normalized-noclip-bounded", categorical: false, Activation.Tanh, OnnxArithmetic.Float64, clip: double.PositiveInfinity, clipAction: true, seed: 16),
        new("gaussian-relu-shared-bounded", categorical: false, Activation.Relu, normalization: null, sharedTrunk: true, clipAction: true, seed: 17),
        new("gaussian-relu-normalized-f32", categorical: false, Activation.Relu, OnnxArithmetic.Float32, clip: 5, seed: 18),
    ];

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static ExportCase Named(string name) => All.Single(c => c.Name == name);
}
