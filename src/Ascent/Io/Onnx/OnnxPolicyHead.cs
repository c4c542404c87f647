using Ascent.Environments.Spaces;

namespace Ascent.Io.Onnx;

/// <summary>
/// What an exported policy does with the last layer's output: a <see cref="OnnxCategoricalHead"/> reads it as logits
/// (discrete actions), a <see cref="OnnxGaussianHead"/> as the mean of a diagonal Gaussian with a state-independent
/// log standard deviation (continuous actions) — the lecture's two policy heads. Either way the graph also outputs the
/// deterministic action, the distribution's mode.
/// </summary>
public abstract class OnnxPolicyHead
{
    private protected OnnxPolicyHead() { }

    /// <summary>How many values the last layer must output (the number of actions, or the action dimension).</summary>
    public abstract int Width { get; }

    /// <summary>The head's name in the model's metadata (<c>categorical</c> or <c>gaussian</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>A categorical head over the actions of <paramref name="space"/>: the exported action is <c>Start + argmax</c>.</summary>
    public static OnnxCategoricalHead Categorical(Discrete space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new OnnxCategoricalHead(space.N, space.Start);
    }

    /// <summary>
    /// A Gaussian head with log standard deviations <paramref name="logStd"/>; with <paramref name="clipTo"/> the
    /// exported action is the mean clipped to the box (what an environment accepts), otherwise the mean itself.
    /// </summary>
    public static OnnxGaussianHead Gaussian(ReadOnlySpan<float> logStd, Box? clipTo = null) =>
        clipTo is null ? new OnnxGaussianHead(logStd) : new OnnxGaussianHead(logStd, clipTo.Low, clipTo.High);

    /// <summary>
    /// A gSDE Gaussian head (generalized state-dependent exploration): σⱼ(s)² = Σᵢ zᵢ(s)² exp(2 Lᵢⱼ) + <paramref name="epsilon"/>,
    /// with z the last layer's input (<paramref name="latentSize"/> wide) and <paramref name="logStd"/> the <c>[latent, D]</c>
    /// matrix L; <c>log_std</c> is then an output per row. The action is the mean, clipped to <paramref name="clipTo"/> if given.
    /// </summary>
    public static OnnxGaussianHead StateDependentGaussian(int latentSize, ReadOnlySpan<float> logStd, float epsilon, Box? clipTo = null) =>
        new(latentSize, logStd, epsilon, clipTo is null ? [] : clipTo.Low, clipTo is null ? [] : clipTo.High);
}
