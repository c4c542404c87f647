using Ascent.Io.Onnx.Protos;
using Ascent.Nn;
using Google.Protobuf;
using DataType = Ascent.Io.Onnx.Protos.TensorProto.Types.DataType;

namespace Ascent.Io.Onnx;

/// <summary>
/// Writes a policy (an <see cref="OnnxPolicyGraph"/>) as an ONNX model that any ONNX runtime can execute without
/// Ascent: input <c>obs</c> float32 <c>[batch, obs_dim]</c>; outputs the deterministic <c>action</c> and the
/// distribution's parameters — <c>logits</c> for a categorical head, <c>mean</c> and <c>log_std</c> for a Gaussian one.
/// </summary>
/// <remarks>
/// <para>The graph is the policy network as the lecture writes it, one node per operation:</para>
/// <code>
/// obs ─▶ [Cast ▶ Sub mean ▶ Div std ▶ Clip ▶ Cast]   observation normalisation (optional, constants baked in)
///     ─▶ Gemm ▶ Tanh|Relu ─▶ … ─▶ Gemm                 the dense layers, h·W + b then the activation
///     ─▶ logits ─▶ ArgMax (+ start) ─▶ action           categorical head: π(a|s) = softmax(logits)
///     ─▶ mean   ─▶ Identity | Min high ▶ Max low ─▶ action, and log_std (a constant)
///                                                      Gaussian head: π(a|s) = N(mean, exp(log_std)²)
/// </code>
/// <para>Format: IR version 8 with the standard operator set 17 (ONNX 1.12, 2022), which ONNX Runtime releases since
/// 2022 and the other common runtimes load; the graph uses only operators whose definitions have been stable since
/// before that set (Gemm, Tanh, Relu, Sub, Div, Clip, Cast, ArgMax, Add, Min, Max, Identity). Weights are stored as
/// little-endian raw data inside the file (no external data). The same description always gives the same bytes.</para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX IR (file format) version written.</summary>
    public const long IrVersion = 8;

    /// <summary>The version of the standard (<c>ai.onnx</c>) operator set the graph uses.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The model's <c>producer_name</c>.</summary>
    public const string ProducerName = "Ascent";

    /// <summary>Names of the graph's input and outputs.</summary>
    public const string ObservationInput = "obs", ActionOutput = "action", LogitsOutput = "logits", MeanOutput = "mean", LogStdOutput = "log_std";

    /// <summary>Writes <paramref name="policy"/> to <paramref name="path"/> atomically (a reader sees the old file or the whole new one).</summary>
    /// <exception cref="IOException">The file could not be written; the message names the path, and a previous file is unchanged.</exception>
    public static void Save(OnnxPolicyGraph policy, string path)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var model = ToModel(policy);
        AtomicFile.Write(path, model.WriteTo);
    }

    /// <summary>Writes <paramref name="policy"/> as an ONNX model to <paramref name="destination"/>.</summary>
    public static void WriteTo(OnnxPolicyGraph policy, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(destination);
        ToModel(policy).WriteTo(destination);
    }

    /// <summary>The ONNX model of <paramref name="policy"/> as bytes.</summary>
    public static byte[] ToBytes(OnnxPolicyGraph policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return ToModel(policy).ToByteArray();
    }

    internal static ModelProto ToModel(OnnxPolicyGraph policy)
    {
        var g = new OnnxGraphBuilder("ascent_policy", "The deterministic path of a policy trained with Ascent.");
        string x = g.Input(ObservationInput, DataType.Float, "Observations, one row each (float32).", policy.ObservationSize);

        if (policy.Normalization is { } normalization) x = Normalize(g, x, normalization);

        // The last layer writes the head's parameters: the logits, or the Gaussian's mean.
        string headInput = policy.Head is OnnxCategoricalHead ? LogitsOutput : MeanOutput;
        string latent = x;                                                   // the last layer's input (gSDE's features)
        for (int i = 0; i < policy.Layers.Count; i++)
        {
            latent = x;
            x = Dense(g, x, policy.Layers[i], output: i == policy.Layers.Count - 1 ? headInput : null);
        }

        switch (policy.Head)
        {
            case OnnxCategoricalHead categorical: CategoricalHead(g, x, categorical); break;
            case OnnxGaussianHead gaussian: GaussianHead(g, x, latent, gaussian); break;
            default: throw new ArgumentException($"OnnxExporter: unknown policy head {policy.Head.GetType().Name}.", nameof(policy));
        }
        return Model(policy, g.Graph);
    }

    /// <summary><c>clip((x − mean) / sqrt(var + ε), −clip, clip)</c>, in float64 (as Ascent computes it) or float32.</summary>
    private static string Normalize(OnnxGraphBuilder g, string obs, OnnxNormalization n)
    {
        int d = n.Size;
        bool exact = n.Arithmetic == OnnxArithmetic.Float64;
        string x = obs;
        if (exact)
        {
            x = g.Node("Cast", "obs_f64", "The observation in float64, as Ascent's normaliser computes.", [x], OnnxGraphBuilder.Int("to", (long)DataType.Double));
            x = g.Node("Sub", "obs_centered", "x − mean", [x, g.Constant("obs_mean", n.Mean, d)]);
            x = g.Node("Div", "obs_scaled", "(x − mean) / sqrt(var + ε)", [x, g.Constant("obs_std", n.Std, d)]);
            if (double.IsFinite(n.Clip))
                x = g.Node("Clip", "obs_clipped", "clip to [−clip, clip]", [x, g.Constant("obs_clip_low", [-n.Clip]), g.Constant("obs_clip_high", [n.Clip])]);
            return g.Node("Cast", "obs_normalized", "The normalised observation, back in float32.", [x], OnnxGraphBuilder.Int("to", (long)DataType.Float));
        }
        x = g.Node("Sub", "obs_centered", "x − mean", [x, g.Constant("obs_mean", ToFloat(n.Mean), d)]);
        x = g.Node("Div", double.IsFinite(n.Clip) ? "obs_scaled" : "obs_normalized", "(x − mean) / sqrt(var + ε)", [x, g.Constant("obs_std", ToFloat(n.Std), d)]);
        if (double.IsFinite(n.Clip))
            x = g.Node("Clip", "obs_normalized", "clip to [−clip, clip]", [x, g.Constant("obs_clip_low", [(float)-n.Clip]), g.Constant("obs_clip_high", [(float)n.Clip])]);
        return x;
    }

    /// <summary><c>act(x·W + b)</c>: a Gemm node, then the activation's node (if any); the last node writes <paramref name="output"/> when given.</summary>
    private static string Dense(OnnxGraphBuilder g, string x, OnnxDenseLayer layer, string? output)
    {
        string w = g.Constant(layer.Name + ".weight", layer.Weight, layer.Inputs, layer.Outputs);
        string b = g.Constant(layer.Name + ".bias", layer.Bias, layer.Outputs);
        bool activated = layer.Activation != Activation.None;
        string affine = !activated && output is not null ? output : layer.Name + "/gemm";
        x = g.Node("Gemm", affine, $"{layer.Name}: x·W + b, W [{layer.Inputs}, {layer.Outputs}]", [x, w, b]);
        if (!activated) return x;
        string activatedName = output ?? layer.Name + "/" + layer.Activation.ToString().ToLowerInvariant();
        return layer.Activation switch
        {
            Activation.Tanh => g.Node("Tanh", activatedName, $"{layer.Name}: tanh", [x]),
            Activation.Relu => g.Node("Relu", activatedName, $"{layer.Name}: max(x, 0)", [x]),
            _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, $"OnnxExporter: layer '{layer.Name}' has an unknown activation."),
        };
    }

    /// <summary>π(a|s) = softmax(logits); the deterministic action is the most likely one, <c>start + argmax(logits)</c>.</summary>
    private static void CategoricalHead(OnnxGraphBuilder g, string logits, OnnxCategoricalHead head)
    {
        string index = head.Start == 0 ? ActionOutput : "action_index";
        g.Node("ArgMax", index, "The most likely action (ties: the lowest index).", [logits],
            OnnxGraphBuilder.Int("axis", 1), OnnxGraphBuilder.Int("keepdims", 0), OnnxGraphBuilder.Int("select_last_index", 0));
        if (head.Start != 0)
            g.Node("Add", ActionOutput, "The action of the Discrete(n, start) space: start + index.", [index, g.Constant("action_start", head.Start)]);
        g.Output(ActionOutput, DataType.Int64, "The deterministic action, start + argmax(logits) (int64).", batched: true);
        g.Output(LogitsOutput, DataType.Float, "Unnormalised log-probabilities: π(a|s) = softmax(logits).", batched: true, head.Actions);
    }

    /// <summary>π(a|s) = N(mean, diag(exp(log_std))²); the deterministic action is the mean, clipped to the action bounds if asked.</summary>
    private static void GaussianHead(OnnxGraphBuilder g, string mean, string latent, OnnxGaussianHead head)
    {
        int d = head.ActionSize;
        if (head.IsStateDependent)
        {
            // gSDE: log σ(s) = ½ log(z(s)² · exp(2L) + ε), z the features of the last layer, L the [latent, D] log-σ matrix.
            var variances = new float[head.LogStd.Length];
            for (int k = 0; k < variances.Length; k++) variances[k] = MathF.Exp(2f * head.LogStd[k]);
            string squared = g.Node("Mul", "sde/z_squared", "z², the squared features the exploration noise is linear in", [latent, latent]);
            string variance = g.Node("MatMul", "sde/variance", "Σᵢ zᵢ² σᵢⱼ² with σ = exp(L)", [squared, g.Constant("policy.sde_variance", variances, head.LatentSize, d)]);
            string floored = g.Node("Add", "sde/variance_floor", "+ ε", [variance, g.Constant("sde_epsilon", [head.Epsilon])]);
            string log = g.Node("Log", "sde/log_variance", "log of the action variance", [floored]);
            g.Node("Mul", LogStdOutput, "log σ(s) = ½ log variance", [log, g.Constant("half", [0.5f])]);
        }
        else
        {
            g.Node("Identity", LogStdOutput, "The state-independent log standard deviation.", [g.Constant("policy.log_std", head.LogStd, d)]);
        }
        if (head.ClipsAction)
        {
            string upper = g.Node("Min", "action_below_high", "min(mean, high)", [mean, g.Constant("action_high", head.ActionHigh, d)]);
            g.Node("Max", ActionOutput, "max(min(mean, high), low): the mean clipped to the action bounds.", [upper, g.Constant("action_low", head.ActionLow, d)]);
        }
        else
        {
            g.Node("Identity", ActionOutput, "The deterministic action is the mean.", [mean]);
        }
        g.Output(ActionOutput, DataType.Float, head.ClipsAction ? "The deterministic action, the mean clipped to the action bounds." : "The deterministic action, the mean.", batched: true, d);
        g.Output(MeanOutput, DataType.Float, "The mean of the Gaussian policy.", batched: true, d);
        g.Output(LogStdOutput, DataType.Float, head.IsStateDependent ? "log σ(s) of the gSDE policy, per row and action coordinate." : "log σ of the Gaussian policy, one per action coordinate.",
            batched: head.IsStateDependent, d);
    }

    private static ModelProto Model(OnnxPolicyGraph policy, GraphProto graph)
    {
        var version = typeof(OnnxExporter).Assembly.GetName().Version;
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = version is null ? "unknown" : $"{version.Major}.{version.Minor}.{version.Build}",
            DocString = "A policy exported by Ascent: input obs [batch, obs_dim] float32; outputs the deterministic action and "
                + (policy.Head is OnnxCategoricalHead ? "the logits." : "the Gaussian's mean and log_std."),
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        if (policy.EnvId is { } envId) model.MetadataProps.Add(Entry("env_id", envId));
        if (policy.Algorithm is { } algorithm) model.MetadataProps.Add(Entry("algorithm", algorithm));
        model.MetadataProps.Add(Entry("policy_head", policy.Head.Kind));
        model.MetadataProps.Add(Entry("observation_normalization", policy.Normalization is null ? "none" : policy.Normalization.Arithmetic.ToString().ToLowerInvariant()));
        return model;
    }

    private static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };

    private static float[] ToFloat(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (float)values[i];
        return result;
    }
}
