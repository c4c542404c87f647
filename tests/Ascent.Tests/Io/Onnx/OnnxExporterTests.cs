using System.Buffers.Binary;
using Ascent.Environments.Normalization;
using Ascent.Environments.Spaces;
using Ascent.Io.Onnx;
using Ascent.Io.Onnx.Protos;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Tests.Io;

namespace Ascent.Tests.Io.Onnx;

/// <summary>The exported file's structure and the description's input checks (no runtime needed; see
/// <see cref="OnnxRuntimeAgreementTests"/> for the outputs).</summary>
public class OnnxExporterTests
{
    private static OnnxPolicyGraph CartPoleLike(out Mlp actor, out ObservationNormalizer normalizer)
    {
        actor = new Mlp([4, 8, 8, 2], Activation.Tanh, new Rng(3), name: "pi");
        normalizer = new ObservationNormalizer(4, clip: 5);
        normalizer.Update([1f, 2f, 3f, 4f, -1f, 0f, 3.5f, 2f, 0.5f, 1f, 2f, 9f]);
        return new OnnxPolicyGraph(4, OnnxDenseLayer.FromMlp(actor), OnnxPolicyHead.Categorical(new Discrete(2)))
        {
            Normalization = OnnxNormalization.From(normalizer),
            EnvId = "CartPole-v1",
            Algorithm = "ppo",
        };
    }

    private static ModelProto Decode(OnnxPolicyGraph graph) => ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(graph));

    private static string[] Shape(ValueInfoProto value) =>
        value.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString()).ToArray();

    [Fact]
    public void CategoricalPolicy_IsNormalisationThenLayersThenArgMax_AsTheLectureWritesIt()
    {
        var model = Decode(CartPoleLike(out _, out _));
        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal(("", 17L), (opset.Domain, opset.Version));
        Assert.Equal("Ascent", model.ProducerName);

        var g = model.Graph;
        Assert.Equal(["Cast", "Sub", "Div", "Clip", "Cast", "Gemm", "Tanh", "Gemm", "Tanh", "Gemm", "ArgMax"], g.Node.Select(n => n.OpType));
        // Each node feeds the next: obs → … → logits → action.
        Assert.Equal("obs", g.Node[0].Input[0]);
        for (int i = 1; i < g.Node.Count; i++) Assert.Equal(g.Node[i - 1].Output[0], g.Node[i].Input[0]);
        Assert.Equal("logits", g.Node[^2].Output[0]);
        Assert.Equal("action", g.Node[^1].Output[0]);
        var argmax = g.Node[^1].Attribute.ToDictionary(a => a.Name, a => a.I);
        Assert.Equal(new Dictionary<string, long> { ["axis"] = 1, ["keepdims"] = 0, ["select_last_index"] = 0 }, argmax);

        var input = Assert.Single(g.Input);
        Assert.Equal("obs", input.Name);
        Assert.Equal((int)TensorProto.Types.DataType.Float, input.Type.TensorType.ElemType);
        Assert.Equal(["batch", "4"], Shape(input));
        Assert.Equal(["action", "logits"], g.Output.Select(o => o.Name));
        Assert.Equal((int)TensorProto.Types.DataType.Int64, g.Output[0].Type.TensorType.ElemType);
        Assert.Equal(["batch"], Shape(g.Output[0]));
        Assert.Equal(["batch", "2"], Shape(g.Output[1]));

        var metadata = model.MetadataProps.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("CartPole-v1", metadata["env_id"]);
        Assert.Equal("ppo", metadata["algorithm"]);
        Assert.Equal("categorical", metadata["policy_head"]);
        Assert.Equal("float64", metadata["observation_normalization"]);
    }

    [Fact]
    public void GaussianPolicy_OutputsActionMeanAndConstantLogStd()
    {
        var actor = new Mlp([3, 16, 2], Activation.Relu, new Rng(5), name: "pi");
        float[] logStd = [-0.5f, 0.25f];
        var model = Decode(new OnnxPolicyGraph(3, OnnxDenseLayer.FromMlp(actor), OnnxPolicyHead.Gaussian(logStd)));
        var g = model.Graph;
        Assert.Equal(["Gemm", "Relu", "Gemm", "Identity", "Identity"], g.Node.Select(n => n.OpType));
        Assert.Equal(["action", "mean", "log_std"], g.Output.Select(o => o.Name));
        Assert.Equal(["batch", "2"], Shape(g.Output[0]));
        Assert.Equal(["2"], Shape(g.Output[2]));
        var logStdConstant = g.Initializer.Single(t => t.Name == "policy.log_std");
        Assert.Equal(logStd, Floats(logStdConstant));
        Assert.DoesNotContain(model.MetadataProps, e => e.Key is "env_id" or "algorithm");  // unknown: left out
        Assert.Equal("none", model.MetadataProps.Single(e => e.Key == "observation_normalization").Value);
    }

    [Fact]
    public void BoundedGaussian_ClipsTheActionWithMinThenMax_AndStartShiftsDiscreteActions()
    {
        var actor = new Mlp([3, 2], Activation.Tanh, new Rng(5));
        var bounded = Decode(new OnnxPolicyGraph(3, OnnxDenseLayer.FromMlp(actor), OnnxPolicyHead.Gaussian([0f, 0f], new Box(-1f, 2f, 2))));
        Assert.Equal(["Gemm", "Identity", "Min", "Max"], bounded.Graph.Node.Select(n => n.OpType));
        Assert.Equal([2f, 2f], Floats(bounded.Graph.Initializer.Single(t => t.Name == "action_high")));
        Assert.Equal([-1f, -1f], Floats(bounded.Graph.Initializer.Single(t => t.Name == "action_low")));

        var shifted = Decode(new OnnxPolicyGraph(3, OnnxDenseLayer.FromMlp(actor), OnnxPolicyHead.Categorical(new Discrete(2, start: 5))));
        Assert.Equal(["Gemm", "ArgMax", "Add"], shifted.Graph.Node.Select(n => n.OpType));
        var start = shifted.Graph.Initializer.Single(t => t.Name == "action_start");
        Assert.Equal((int)TensorProto.Types.DataType.Int64, start.DataType);
        Assert.Empty(start.Dims);
        Assert.Equal(5L, BinaryPrimitives.ReadInt64LittleEndian(start.RawData.Span));
    }

    [Fact]
    public void Constants_HoldTheMlpWeightsInTheirLayout_AndTheNormalisersStd()
    {
        var graph = CartPoleLike(out var actor, out var normalizer);
        var g = Decode(graph).Graph;
        for (int i = 0; i < actor.Layers.Count; i++)
        {
            var w = g.Initializer.Single(t => t.Name == $"pi.{i}.weight");
            Assert.Equal([actor.Layers[i].Inputs, actor.Layers[i].Outputs], w.Dims.Select(d => (int)d));
            Assert.Equal(actor.Layers[i].Weight.Value.Span.ToArray(), Floats(w));
            Assert.Equal(actor.Layers[i].Bias.Value.Span.ToArray(), Floats(g.Initializer.Single(t => t.Name == $"pi.{i}.bias")));
        }
        var std = g.Initializer.Single(t => t.Name == "obs_std");
        Assert.Equal((int)TensorProto.Types.DataType.Double, std.DataType);
        var variance = normalizer.Statistics.Variance.ToArray();
        var expected = Enumerable.Range(0, 4).Select(j => Math.Sqrt(variance[j] + normalizer.Epsilon)).ToArray();
        Assert.Equal(expected, Doubles(std));
        Assert.Equal(normalizer.Statistics.Mean.ToArray(), Doubles(g.Initializer.Single(t => t.Name == "obs_mean")));
        Assert.Equal([-5.0], Doubles(g.Initializer.Single(t => t.Name == "obs_clip_low")));
    }

    [Fact]
    public void Float32Normalisation_HasNoCasts_AndInfiniteClipHasNoClipNode()
    {
        var graph = CartPoleLike(out _, out var normalizer);
        var state = normalizer.GetState();
        graph.Normalization = OnnxNormalization.From(state, OnnxArithmetic.Float32);
        Assert.Equal(["Sub", "Div", "Clip", "Gemm"], Decode(graph).Graph.Node.Take(4).Select(n => n.OpType));
        graph.Normalization = new OnnxNormalization(state.Statistics.Mean, state.Statistics.Variance, 1e-8, double.PositiveInfinity, OnnxArithmetic.Float32);
        var g = Decode(graph).Graph;
        Assert.Equal(["Sub", "Div", "Gemm"], g.Node.Take(3).Select(n => n.OpType));
        Assert.Equal("obs_normalized", g.Node[1].Output[0]);
        Assert.Equal("float32", Decode(graph).MetadataProps.Single(e => e.Key == "observation_normalization").Value);
    }

    [Fact]
    public void FromMlp_TakesASnapshot_AndNamesLayersAfterTheirParameters()
    {
        var trunk = new Mlp([3, 4, 4], Activation.Relu, new Rng(1), outputActivation: Activation.Relu, name: "trunk");
        var layers = OnnxDenseLayer.FromMlp(trunk);
        Assert.Equal(["trunk.0", "trunk.1"], layers.Select(l => l.Name));
        Assert.All(layers, l => Assert.Equal(Activation.Relu, l.Activation));
        float before = layers[0].Weight[0];
        trunk.Layers[0].Weight.Value.Span[0] += 1f;
        Assert.Equal(before, layers[0].Weight[0]);
    }

    [Fact]
    public void SameDescription_GivesTheSameBytes_AndSaveWritesThem()
    {
        var graph = CartPoleLike(out _, out _);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "policy.onnx");
        OnnxExporter.Save(graph, path);
        Assert.Equal(OnnxExporter.ToBytes(graph), File.ReadAllBytes(path));
        Assert.Equal(OnnxExporter.ToBytes(CartPoleLike(out _, out _)), File.ReadAllBytes(path));
        Assert.Equal(["policy.onnx"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));  // no temporary file left
        var stream = new MemoryStream();
        OnnxExporter.WriteTo(graph, stream);
        Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
    }

    [Fact]
    public void Save_IntoMissingDirectory_NamesThePath()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "missing", "policy.onnx");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => OnnxExporter.Save(CartPoleLike(out _, out _), path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void MismatchedWidths_AreRejected_NamingBothSides()
    {
        var a = new OnnxDenseLayer("a", 4, 8, new float[32], new float[8], Activation.Tanh);
        var b = new OnnxDenseLayer("b", 6, 2, new float[12], new float[2], Activation.None);
        var ex = Assert.Throws<ArgumentException>(() => new OnnxPolicyGraph(4, [a, b], new OnnxCategoricalHead(2)));
        Assert.Contains("'b' takes 6 inputs but layer 'a' has 8", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new OnnxPolicyGraph(5, [a], new OnnxCategoricalHead(8)));
        Assert.Contains("'a' takes 4 inputs but the observation has 5", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new OnnxPolicyGraph(4, [a], new OnnxCategoricalHead(3)));
        Assert.Contains("categorical head needs 3 values but layer 'a' outputs 8", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new OnnxPolicyGraph(4, [a], new OnnxGaussianHead(new float[2])));
        Assert.Contains("gaussian head needs 2 values", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new OnnxPolicyGraph(4, [], new OnnxCategoricalHead(2)));
        Assert.Contains("at least one dense layer", ex.Message);
        var a2 = new OnnxDenseLayer("a", 8, 8, new float[64], new float[8], Activation.Tanh);
        ex = Assert.Throws<ArgumentException>(() => new OnnxPolicyGraph(4, [a, a2], new OnnxCategoricalHead(8)));
        Assert.Contains("two layers are named 'a'", ex.Message);
    }

    [Fact]
    public void NormalisationOfAnotherSize_IsRejected()
    {
        var graph = CartPoleLike(out _, out _);
        var ex = Assert.Throws<ArgumentException>(() => graph.Normalization = new OnnxNormalization([0.0, 0.0], [1.0, 1.0], 1e-8, 10));
        Assert.Contains("2 coordinates but observations have 4", ex.Message);
    }

    [Fact]
    public void BadValues_AreRejected_SayingWhereAndWhy()
    {
        var w = new float[6];
        w[4] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => new OnnxDenseLayer("pi.0", 2, 3, w, new float[3], Activation.Tanh));
        Assert.Contains("weight[1, 1] is NaN", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new OnnxDenseLayer("pi.0", 2, 3, new float[5], new float[3], Activation.Tanh));
        Assert.Contains("holds 5 values, [2, 3] needs 6", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new OnnxDenseLayer("pi 0", 2, 3, new float[6], new float[3], Activation.Tanh));
        Assert.Contains("'pi 0' contains ' '", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxDenseLayer("pi.0", 2, 3, new float[6], new float[3], (Activation)9));

        ex = Assert.Throws<ArgumentException>(() => new OnnxNormalization([0.0], [0.0], 0, 10));
        Assert.Contains("variance + epsilon = 0", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new OnnxNormalization([double.NaN], [1.0], 1e-8, 10));
        Assert.Contains("coordinate 0 has mean NaN", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxNormalization([0.0], [1.0], 1e-8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxNormalization([0.0], [1.0], -1, 10));

        ex = Assert.Throws<ArgumentException>(() => new OnnxGaussianHead([0f, float.PositiveInfinity]));
        Assert.Contains("logStd[1] is Infinity", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new OnnxGaussianHead([0f], [1f], [-1f]));
        Assert.Contains("bound 0 is invalid (low = 1, high = -1)", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxCategoricalHead(0));
    }

    private static float[] Floats(TensorProto t)
    {
        Assert.Equal((int)TensorProto.Types.DataType.Float, t.DataType);
        var raw = t.RawData.Span;
        return Enumerable.Range(0, raw.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(t.RawData.Span[(4 * i)..])).ToArray();
    }

    private static double[] Doubles(TensorProto t)
    {
        Assert.Equal((int)TensorProto.Types.DataType.Double, t.DataType);
        return Enumerable.Range(0, t.RawData.Length / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(t.RawData.Span[(8 * i)..])).ToArray();
    }
}
