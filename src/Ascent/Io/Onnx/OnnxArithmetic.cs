namespace Ascent.Io.Onnx;

/// <summary>The floating-point type an exported graph normalises observations in.</summary>
public enum OnnxArithmetic
{
    /// <summary>
    /// float64, as <see cref="Environments.Normalization.ObservationNormalizer"/> computes: the observation is cast to
    /// double, centred, scaled and clipped, then cast back to float32, so the network sees bit-identical inputs to
    /// Ascent's. Needs a runtime with double <c>Sub</c>/<c>Div</c>/<c>Clip</c> (ONNX Runtime's CPU provider has them).
    /// </summary>
    Float64,

    /// <summary>
    /// float32 throughout, for runtimes without double kernels (some GPU and mobile providers); the normalised
    /// inputs then differ from Ascent's by a few float32 rounding errors, more where a coordinate's variance is tiny.
    /// </summary>
    Float32,
}
