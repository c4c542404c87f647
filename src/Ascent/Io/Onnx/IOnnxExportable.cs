namespace Ascent.Io.Onnx;

/// <summary>
/// A policy that can describe its deterministic path as an <see cref="OnnxPolicyGraph"/> (dense layers and a head),
/// so <see cref="OnnxExporter"/> can write it as an ONNX model.
/// </summary>
/// <remarks>
/// A policy built from <see cref="Nn.Mlp"/>s implements this in a few lines: the trunk's and actor's layers through
/// <see cref="OnnxDenseLayer.FromMlp"/>, and <see cref="OnnxPolicyHead.Categorical"/> or
/// <see cref="OnnxPolicyHead.Gaussian"/> for its action space. Observation normalisation lives outside the policy
/// (in the environment wrapper or the algorithm), so the caller sets <see cref="OnnxPolicyGraph.Normalization"/>,
/// <see cref="OnnxPolicyGraph.EnvId"/> and <see cref="OnnxPolicyGraph.Algorithm"/> on the returned description.
/// </remarks>
public interface IOnnxExportable
{
    /// <summary>A snapshot of the policy's current parameters as layers and a head (later training does not change it).</summary>
    OnnxPolicyGraph DescribeForOnnx();
}
