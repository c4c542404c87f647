using System.Text.Json;
using Xunit.Abstractions;
using Ascent.Io.Onnx;

namespace Ascent.Tests.Io.Onnx;

/// <summary>
/// Exported policies run in ONNX Runtime give what Ascent computes in process, on 1,000 observations each: logits and
/// means within 1e-5, the same discrete actions, the same log-std. All cases run in one node process (see
/// <see cref="OnnxRuntimeHarness"/>), once per test run.
/// </summary>
public class OnnxRuntimeAgreementTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-5f;

    private static readonly Lazy<Dictionary<string, JsonElement>> Results = new(RunAllCases);

    private static Dictionary<string, JsonElement> RunAllCases()
    {
        using var dir = new Ascent.Tests.Io.TempDirectory();
        var jobs = new List<OnnxRuntimeHarness.Job>();
        foreach (var c in ExportCase.All)
        {
            string model = Path.Combine(dir.Path, c.Name + ".onnx");
            OnnxExporter.Save(c.Graph, model);
            jobs.Add(new(model, c.Observations, ExportCase.Rows, c.ObservationSize));
        }
        var results = OnnxRuntimeHarness.Run(dir.Path, jobs);
        return ExportCase.All.Select((c, i) => (c.Name, results[i])).ToDictionary(p => p.Name, p => p.Item2);
    }

    public static IEnumerable<object[]> CaseNames => ExportCase.Names;

    [OnnxRuntimeTheory]
    [MemberData(nameof(CaseNames))]
    public void ExportedPolicy_InOnnxRuntime_MatchesInProcessPolicy(string name)
    {
        var c = ExportCase.Named(name);
        var result = Results.Value[name].GetProperty("results");
        var (head, actions) = c.Reference();

        var onnxHead = OnnxRuntimeHarness.Floats(result.GetProperty(c.IsCategorical ? "logits" : "mean"));
        Assert.Equal(head.Length, onnxHead.Length);
        float maxDiff = MaxAbsDiff(head, onnxHead);
        output.WriteLine($"{name}: max |{(c.IsCategorical ? "logits" : "mean")} difference| = {maxDiff:G3}");
        Assert.True(maxDiff <= Tolerance, $"{name}: max |{(c.IsCategorical ? "logits" : "mean")} difference| = {maxDiff:G3} > {Tolerance:G3}");

        if (c.IsCategorical)
        {
            var onnxActions = OnnxRuntimeHarness.Int64s(result.GetProperty("action"));
            Assert.Equal(ExportCase.Rows, onnxActions.Length);
            for (int r = 0; r < ExportCase.Rows; r++)
            {
                if (onnxActions[r] == (long)actions[r]) continue;
                // Only a near-exact tie of the two logits may resolve differently under float32 rounding.
                float gap = Math.Abs(head[r * c.Width + (int)(actions[r] - c.Start)] - head[r * c.Width + (int)(onnxActions[r] - c.Start)]);
                Assert.True(gap <= Tolerance, $"{name}: row {r}: ONNX Runtime chose action {onnxActions[r]}, Ascent {actions[r]}, logits {gap:G3} apart");
            }
        }
        else
        {
            var onnxActions = OnnxRuntimeHarness.Floats(result.GetProperty("action"));
            Assert.Equal(actions.Length, onnxActions.Length);
            float actionDiff = MaxAbsDiff(actions, onnxActions);
            Assert.True(actionDiff <= Tolerance, $"{name}: max |action difference| = {actionDiff:G3} > {Tolerance:G3}");
            Assert.Equal(c.LogStd.ToArray(), OnnxRuntimeHarness.Floats(result.GetProperty("log_std")));
        }
    }

    [OnnxRuntimeFact]
    public void ExactTies_GoToTheLowestIndex_AsCategoricalMode()
    {
        // The case's first two logits are identical in every row, so action 1 can never be the argmax.
        var c = ExportCase.Named("categorical-relu-shared-ties");
        var onnxActions = OnnxRuntimeHarness.Int64s(Results.Value[c.Name].GetProperty("results").GetProperty("action"));
        var (_, actions) = c.Reference();
        Assert.DoesNotContain(1L, onnxActions);
        Assert.Contains(0L, onnxActions);  // the tie is actually exercised
        Assert.Equal(actions.Select(a => (long)a), onnxActions);
    }

    [OnnxRuntimeFact]
    public void OnnxRuntime_ReportsTheDeclaredSignature()
    {
        foreach (var c in ExportCase.All)
        {
            var doc = Results.Value[c.Name];
            var input = Assert.Single(doc.GetProperty("inputs").EnumerateArray());
            Assert.Equal("obs", input.GetProperty("name").GetString());
            Assert.Equal("float32", input.GetProperty("type").GetString());
            Assert.Equal(["batch", c.ObservationSize.ToString()], Shape(input));

            var outputs = doc.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
            if (c.IsCategorical)
            {
                Assert.Equal(["action", "logits"], outputs.Keys);
                Assert.Equal("int64", outputs["action"].GetProperty("type").GetString());
                Assert.Equal(["batch"], Shape(outputs["action"]));
                Assert.Equal(["batch", c.Width.ToString()], Shape(outputs["logits"]));
            }
            else
            {
                Assert.Equal(["action", "mean", "log_std"], outputs.Keys);
                Assert.All(outputs.Values, o => Assert.Equal("float32", o.GetProperty("type").GetString()));
                Assert.Equal(["batch", c.Width.ToString()], Shape(outputs["action"]));
                Assert.Equal([c.Width.ToString()], Shape(outputs["log_std"]));
            }
            var dims = doc.GetProperty("results").GetProperty("action").GetProperty("dims").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            Assert.Equal(c.IsCategorical ? [ExportCase.Rows] : [ExportCase.Rows, c.Width], dims);
        }
    }

    [OnnxRuntimeFact]
    public void OfficialSchemaDecoder_ReadsVersionsProducerAndMetadata()
    {
        // onnx-proto decodes the file with the official onnx.proto, independently of Ascent's subset.
        foreach (var c in ExportCase.All)
        {
            var model = Results.Value[c.Name].GetProperty("model");
            Assert.Equal(OnnxExporter.IrVersion, model.GetProperty("irVersion").GetInt64());
            var opset = Assert.Single(model.GetProperty("opsets").EnumerateArray());
            Assert.Equal("", opset.GetProperty("domain").GetString());
            Assert.Equal(OnnxExporter.OpsetVersion, opset.GetProperty("version").GetInt64());
            Assert.Equal("Ascent", model.GetProperty("producerName").GetString());
            Assert.False(string.IsNullOrEmpty(model.GetProperty("producerVersion").GetString()));
            var metadata = model.GetProperty("metadata");
            Assert.Equal("Test-" + c.Name, metadata.GetProperty("env_id").GetString());
            Assert.Equal("test", metadata.GetProperty("algorithm").GetString());
            Assert.Equal(c.IsCategorical ? "categorical" : "gaussian", metadata.GetProperty("policy_head").GetString());
            string expectedNormalization = c.Graph.Normalization?.Arithmetic.ToString().ToLowerInvariant() ?? "none";
            Assert.Equal(expectedNormalization, metadata.GetProperty("observation_normalization").GetString());
            var nodes = model.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()).ToArray();
            Assert.Equal(c.Graph.Layers.Count, nodes.Count(n => n == "Gemm"));
        }
    }

    private static string[] Shape(JsonElement value) =>
        value.GetProperty("shape").EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt64().ToString() : d.GetString()!).ToArray();

    private static float MaxAbsDiff(float[] a, float[] b)
    {
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
