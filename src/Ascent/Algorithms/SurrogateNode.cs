using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Algorithms;

/// <summary>
/// The fused tape operation behind <see cref="ClippedSurrogate"/>: from <c>log π_θ(a_t|s_t)</c> (<c>[B]</c>, on the tape)
/// and the constants <c>log π_old</c> and <c>Â</c> it computes the scalar <c>mean_t f_t</c> of the chosen
/// <see cref="SurrogateObjective"/> in one pass, keeps the ratios <c>ρ_t</c> for the diagnostics, and back-propagates
/// <c>∂f_t/∂log π_θ</c>.
/// </summary>
/// <remarks>
/// <para>Per sample, with <c>ρ = exp(log π_θ − log π_old)</c>:</para>
/// <list type="bullet">
/// <item>clipped: <c>f = min(ρÂ, clip(ρ, 1 − ε, 1 + ε)Â)</c>, <c>∂f/∂log π = ρÂ</c> where the unclipped term is selected
///   (or both tie, which happens exactly when ρ is inside the range), else 0 — the same gradient the composition
///   Exp, Clamp, Mul, Minimum, Mean gives;</item>
/// <item>unclipped: <c>f = ρÂ</c>, <c>∂f/∂log π = ρÂ</c>;</item>
/// <item>policy gradient: <c>f = Â log π_θ</c>, <c>∂f/∂log π = Â</c>.</item>
/// </list>
/// <para>The exponential is <see cref="MathF.Exp"/> per sample, which returns exactly 1 for 0 (the vectorised
/// <c>TensorPrimitives.Exp</c> returns 1 + 2⁻²³ there), so the ratio is exactly 1 wherever θ = θ_old. One node instead of
/// eight also saves the tape's per-operation overhead on every minibatch. Finite-difference checked.</para>
/// </remarks>
internal sealed class SurrogateNode : OpNode
{
    private Var _logProb = null!;
    private Tensor _old = null!, _advantages = null!;
    private SurrogateObjective _objective;
    private float _clipRange;
    private Tensor _ratio = new(0);
    private float[] _slope = [];

    public override string OpName => "Surrogate";

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _logProb;

    /// <summary>The ratios ρ_t of the last forward pass, <c>[B]</c>.</summary>
    public Tensor RatioTensor => _ratio;

    internal void Bind(Var logProb, Tensor oldLogProb, Tensor advantages, SurrogateObjective objective, float clipRange)
    {
        var lp = logProb.Value;
        if (lp.Rank != 1 || !oldLogProb.HasShape(lp.Shape) || !advantages.HasShape(lp.Shape))
            throw new ShapeMismatchException(OpName, lp.ShapeString, $"{oldLogProb.ShapeString} (old log-probs), {advantages.ShapeString} (advantages)", "all three must be the same [B]");
        if (!Enum.IsDefined(objective)) throw new ArgumentOutOfRangeException(nameof(objective), objective, "Surrogate: unknown objective.");
        _logProb = logProb; _old = oldLogProb; _advantages = advantages; _objective = objective; _clipRange = clipRange;
        int b = lp.Size;
        if (_slope.Length != b) { _ratio = new Tensor(b); _slope = new float[b]; }
        EnsureScalar();
        RequiresGrad = logProb.RequiresGrad;
    }

    internal override void Forward()
    {
        var lp = _logProb.Value.Span; var old = _old.Span; var a = _advantages.Span;
        float low = 1f - _clipRange, high = 1f + _clipRange;
        var ratio = _ratio.Span;
        double sum = 0;
        for (int i = 0; i < lp.Length; i++)
        {
            float rho = MathF.Exp(lp[i] - old[i]);
            ratio[i] = rho;
            float f, slope;
            switch (_objective)
            {
                case SurrogateObjective.Clipped:
                {
                    float unclipped = rho * a[i], clipped = Math.Clamp(rho, low, high) * a[i];
                    bool unclippedSelected = unclipped <= clipped;
                    f = unclippedSelected ? unclipped : clipped;
                    slope = unclippedSelected ? unclipped : 0f;
                    break;
                }
                case SurrogateObjective.Unclipped:
                    f = slope = rho * a[i];
                    break;
                default:
                    f = a[i] * lp[i];
                    slope = a[i];
                    break;
            }
            _slope[i] = slope;
            sum += f;
        }
        _value![0] = (float)(sum / lp.Length);
    }

    internal override void Backward()
    {
        float g = GradBuffer[0] / _slope.Length;
        var gx = _logProb.GradBuffer.Span;
        for (int i = 0; i < gx.Length; i++) gx[i] += g * _slope[i];
    }

    internal override void ComputeTangent()
    {
        var t = TangentOf(_logProb);
        if (t is null) { ClearTangent(); return; }
        double sum = 0;
        var ts = t.Span;
        for (int i = 0; i < ts.Length; i++) sum += (double)_slope[i] * ts[i];
        EnsureTangent()[0] = (float)(sum / ts.Length);
    }
}
