using System.Globalization;

namespace Ascent.Io.Onnx;

/// <summary>
/// A diagonal-Gaussian policy head, <c>π(a|s) = N(mean(s), diag(exp(log_std))²)</c>: the graph outputs <c>mean</c>
/// <c>[batch, D]</c>, <c>log_std</c> and the deterministic action <c>action = mean</c> <c>[batch, D]</c> — clipped to
/// <c>[ActionLow, ActionHigh]</c> when bounds are given. <c>log_std</c> is <c>[D]</c> for a state-independent σ, or
/// <c>[batch, D]</c> with gSDE (<see cref="LatentSize"/> &gt; 0), where <c>σⱼ(s)² = Σᵢ zᵢ(s)² exp(2 Lᵢⱼ) + ε</c> with
/// <c>z(s)</c> the input of the last layer and <c>L</c> the <c>[latent, D]</c> log-σ matrix.
/// </summary>
public sealed class OnnxGaussianHead : OnnxPolicyHead
{
    private readonly float[] _logStd;
    private readonly float[]? _low, _high;
    private readonly int _actionSize;

    /// <summary>A head whose action is the unclipped mean.</summary>
    /// <param name="logStd">The log standard deviation of every action coordinate (at least one, all finite).</param>
    public OnnxGaussianHead(ReadOnlySpan<float> logStd)
    {
        if (logStd.Length == 0) throw new ArgumentException("OnnxGaussianHead: logStd is empty; it needs one value per action coordinate.", nameof(logStd));
        for (int i = 0; i < logStd.Length; i++)
            if (!float.IsFinite(logStd[i]))
                throw new ArgumentException($"OnnxGaussianHead: logStd[{i}] is {logStd[i].ToString(CultureInfo.InvariantCulture)}; it must be finite.", nameof(logStd));
        _logStd = logStd.ToArray();
        _actionSize = _logStd.Length;
    }

    /// <summary>A gSDE head (see the class remarks): <paramref name="logStd"/> is <c>[latentSize, D]</c>, row-major.</summary>
    /// <param name="latentSize">The width of the last layer's input, the features the noise is linear in.</param>
    /// <param name="logStd">The log-σ matrix, <paramref name="latentSize"/> × D values, all finite.</param>
    /// <param name="epsilon">The variance floor ε ≥ 0.</param>
    /// <param name="low">Lower action bounds (empty: the action is not clipped).</param>
    /// <param name="high">Upper action bounds (empty when <paramref name="low"/> is).</param>
    internal OnnxGaussianHead(int latentSize, ReadOnlySpan<float> logStd, float epsilon, ReadOnlySpan<float> low, ReadOnlySpan<float> high) : this(logStd)
    {
        if (latentSize < 1 || logStd.Length % latentSize != 0)
            throw new ArgumentException($"OnnxGaussianHead: {logStd.Length} log-σ values do not form a [{latentSize}, D] matrix.", nameof(logStd));
        if (!(epsilon >= 0) || !float.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "OnnxGaussianHead: the variance floor must be finite and ≥ 0.");
        LatentSize = latentSize;
        Epsilon = epsilon;
        _actionSize = logStd.Length / latentSize;
        if (low.Length == 0 && high.Length == 0) return;
        CheckBounds(low, high, _actionSize);
        _low = low.ToArray();
        _high = high.ToArray();
    }

    /// <summary>A head whose action is the mean clipped to <c>[low, high]</c> per coordinate (bounds may be infinite).</summary>
    /// <param name="logStd">The log standard deviation of every action coordinate (at least one, all finite).</param>
    /// <param name="low">The lower bounds, one per coordinate.</param>
    /// <param name="high">The upper bounds, one per coordinate, each ≥ its lower bound.</param>
    public OnnxGaussianHead(ReadOnlySpan<float> logStd, ReadOnlySpan<float> low, ReadOnlySpan<float> high) : this(logStd)
    {
        CheckBounds(low, high, logStd.Length);
        _low = low.ToArray();
        _high = high.ToArray();
    }

    private static void CheckBounds(ReadOnlySpan<float> low, ReadOnlySpan<float> high, int actions)
    {
        if (low.Length != actions || high.Length != actions)
            throw new ArgumentException($"OnnxGaussianHead: the bounds have {low.Length} and {high.Length} values for {actions} action coordinates.");
        for (int i = 0; i < low.Length; i++)
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"OnnxGaussianHead: bound {i} is invalid (low = {low[i].ToString(CultureInfo.InvariantCulture)}, high = {high[i].ToString(CultureInfo.InvariantCulture)}); need low ≤ high.");
    }

    /// <summary>The action dimension D.</summary>
    public int ActionSize => _actionSize;

    /// <summary>The log standard deviations: <c>[D]</c>, or with gSDE the <c>[latent, D]</c> matrix row-major.</summary>
    public ReadOnlySpan<float> LogStd => _logStd;

    /// <summary>With gSDE, the width of the features σ depends on (the last layer's input); 0 for a state-independent σ.</summary>
    public int LatentSize { get; }

    /// <summary>With gSDE, the variance floor ε added to <c>Σᵢ zᵢ² exp(2 Lᵢⱼ)</c>.</summary>
    public float Epsilon { get; }

    /// <summary>Whether σ depends on the state (gSDE).</summary>
    public bool IsStateDependent => LatentSize > 0;

    /// <summary>Whether the exported action is clipped to bounds.</summary>
    public bool ClipsAction => _low is not null;

    /// <summary>The lower bounds of the exported action (empty when not clipped).</summary>
    public ReadOnlySpan<float> ActionLow => _low;

    /// <summary>The upper bounds of the exported action (empty when not clipped).</summary>
    public ReadOnlySpan<float> ActionHigh => _high;

    /// <inheritdoc />
    public override int Width => ActionSize;

    /// <inheritdoc />
    public override string Kind => IsStateDependent ? "gaussian_sde" : "gaussian";
}
