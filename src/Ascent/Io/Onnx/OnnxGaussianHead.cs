using System.Globalization;

namespace Ascent.Io.Onnx;

/// <summary>
/// A diagonal-Gaussian policy head, <c>π(a|s) = N(mean(s), diag(exp(log_std))²)</c> with a state-independent
/// <c>log_std</c>: the graph outputs <c>mean</c> <c>[batch, D]</c>, <c>log_std</c> <c>[D]</c> and the deterministic action
/// <c>action = mean</c> <c>[batch, D]</c> — clipped to <c>[ActionLow, ActionHigh]</c> when bounds are given.
/// </summary>
public sealed class OnnxGaussianHead : OnnxPolicyHead
{
    private readonly float[] _logStd;
    private readonly float[]? _low, _high;

    /// <summary>A head whose action is the unclipped mean.</summary>
    /// <param name="logStd">The log standard deviation of every action coordinate (at least one, all finite).</param>
    public OnnxGaussianHead(ReadOnlySpan<float> logStd)
    {
        if (logStd.Length == 0) throw new ArgumentException("OnnxGaussianHead: logStd is empty; it needs one value per action coordinate.", nameof(logStd));
        for (int i = 0; i < logStd.Length; i++)
            if (!float.IsFinite(logStd[i]))
                throw new ArgumentException($"OnnxGaussianHead: logStd[{i}] is {logStd[i].ToString(CultureInfo.InvariantCulture)}; it must be finite.", nameof(logStd));
        _logStd = logStd.ToArray();
    }

    /// <summary>A head whose action is the mean clipped to <c>[low, high]</c> per coordinate (bounds may be infinite).</summary>
    /// <param name="logStd">The log standard deviation of every action coordinate (at least one, all finite).</param>
    /// <param name="low">The lower bounds, one per coordinate.</param>
    /// <param name="high">The upper bounds, one per coordinate, each ≥ its lower bound.</param>
    public OnnxGaussianHead(ReadOnlySpan<float> logStd, ReadOnlySpan<float> low, ReadOnlySpan<float> high) : this(logStd)
    {
        if (low.Length != logStd.Length || high.Length != logStd.Length)
            throw new ArgumentException($"OnnxGaussianHead: the bounds have {low.Length} and {high.Length} values for {logStd.Length} action coordinates.");
        for (int i = 0; i < low.Length; i++)
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"OnnxGaussianHead: bound {i} is invalid (low = {low[i].ToString(CultureInfo.InvariantCulture)}, high = {high[i].ToString(CultureInfo.InvariantCulture)}); need low ≤ high.");
        _low = low.ToArray();
        _high = high.ToArray();
    }

    /// <summary>The action dimension D.</summary>
    public int ActionSize => _logStd.Length;

    /// <summary>The state-independent log standard deviations <c>[D]</c>.</summary>
    public ReadOnlySpan<float> LogStd => _logStd;

    /// <summary>Whether the exported action is clipped to bounds.</summary>
    public bool ClipsAction => _low is not null;

    /// <summary>The lower bounds of the exported action (empty when not clipped).</summary>
    public ReadOnlySpan<float> ActionLow => _low;

    /// <summary>The upper bounds of the exported action (empty when not clipped).</summary>
    public ReadOnlySpan<float> ActionHigh => _high;

    /// <inheritdoc />
    public override int Width => ActionSize;

    /// <inheritdoc />
    public override string Kind => "gaussian";
}
