using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Autodiff;

internal enum SoftmaxKind { Softmax, LogSoftmax, LogSumExp }

/// <summary>
/// Softmax, log-softmax and log-sum-exp along the last axis of a <c>[C]</c> or <c>[R, C]</c> tensor.
/// </summary>
/// <remarks>
/// Each row is shifted by its maximum before exponentiating, so no entry of <c>e^(x − max)</c> exceeds 1
/// and nothing overflows; <c>log Σ e^x = max + log Σ e^(x − max)</c>. The row probabilities
/// <c>p = softmax(x)</c> are kept for the backward pass and the tangents:
/// <list type="bullet">
/// <item>softmax <c>y = p</c>: <c>∂L/∂x = y ⊙ (g − ⟨g, y⟩)</c>, tangent <c>y ⊙ (t − ⟨y, t⟩)</c>;</item>
/// <item>log-softmax: <c>∂L/∂x = g − p · Σg</c>, tangent <c>t − ⟨p, t⟩</c>;</item>
/// <item>log-sum-exp (one value per row): <c>∂L/∂x = g_r · p</c>, tangent <c>⟨p, t⟩</c>.</item>
/// </list>
/// </remarks>
internal sealed class SoftmaxNode : OpNode
{
    private Var _x = null!;
    private SoftmaxKind _kind;
    private int _rows, _cols;
    private Tensor? _p;
    private float[] _logSums = [];

    public override string OpName => Tape.SoftmaxName(_kind);

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _x;

    internal void Bind(SoftmaxKind kind, Var x)
    {
        _kind = kind; _x = x;
        var v = x.Value;
        if (v.Rank is not (1 or 2) || v.Size == 0)
            throw new ArgumentException($"{OpName}: expects a non-empty [C] or [R, C] tensor (along the last axis), got {v.ShapeString}.");
        _rows = v.Rows; _cols = v.Cols;
        if (kind == SoftmaxKind.LogSumExp)
        {
            if (v.Rank == 1) EnsureScalar(); else EnsureValue(_rows);
        }
        else EnsureValue(v.Shape);
        RequiresGrad = x.RequiresGrad;
    }

    /// <summary>Rows shorter than this are reduced with scalar loops: TensorPrimitives' per-call overhead dominates for a few actions.</summary>
    private const int ShortRow = 16;

    internal override void Forward()
    {
        var p = Scratch(ref _p, _x.Value);
        var x = _x.Value.Span; var ps = p.Span; var y = _value!.Span;
        int c = _cols;
        if (_kind == SoftmaxKind.LogSoftmax)
        {
            // Shared with the rollout's log-probabilities, bit for bit whatever the batch size.
            if (_logSums.Length < Math.Max(_rows, LogSoftmaxRows.MinimumSpan)) _logSums = new float[Math.Max(_rows, LogSoftmaxRows.MinimumSpan)];
            LogSoftmaxRows.Compute(x, _rows, c, y, ps, _logSums);
            return;
        }
        // 1. Shift each row by its maximum.
        for (int r = 0; r < _rows; r++)
        {
            var xr = x.Slice(r * c, c); var sr = ps.Slice(r * c, c);
            float max = LogSoftmaxRows.Max(xr);
            for (int j = 0; j < c; j++) sr[j] = xr[j] - max;
            if (_kind == SoftmaxKind.LogSumExp) y[r] = max;
        }
        // 2. One vectorised exponential over the whole tensor, then normalise row by row.
        TensorPrimitives.Exp(ps, ps);
        for (int r = 0; r < _rows; r++)
        {
            var pr = ps.Slice(r * c, c);
            float sum = LogSoftmaxRows.Sum(pr), inverse = 1f / sum;
            for (int j = 0; j < c; j++) pr[j] *= inverse;
            if (_kind == SoftmaxKind.Softmax) pr.CopyTo(y.Slice(r * c, c));
            else y[r] += MathF.Log(sum);
        }
    }

    internal override void Backward()
    {
        var g = GradBuffer.Span; var gx = _x.GradBuffer.Span; var p = _p!.Span;
        int c = _cols;
        for (int r = 0; r < _rows; r++)
        {
            var gxr = gx.Slice(r * c, c); var pr = p.Slice(r * c, c);
            switch (_kind)
            {
                case SoftmaxKind.Softmax:
                {
                    var gr = g.Slice(r * c, c);
                    float dot = Dot(gr, pr);
                    for (int j = 0; j < c; j++) gxr[j] += pr[j] * (gr[j] - dot);
                    break;
                }
                case SoftmaxKind.LogSoftmax:
                {
                    var gr = g.Slice(r * c, c);
                    float sum = LogSoftmaxRows.Sum(gr);
                    for (int j = 0; j < c; j++) gxr[j] += gr[j] - pr[j] * sum;
                    break;
                }
                default:
                {
                    float gr = g[r];
                    for (int j = 0; j < c; j++) gxr[j] += gr * pr[j];
                    break;
                }
            }
        }
    }

    internal override void ComputeTangent()
    {
        var tx = TangentOf(_x);
        if (tx is null) { ClearTangent(); return; }
        var t = EnsureTangent().Span; var ts = tx.Span; var p = _p!.Span;
        int c = _cols;
        for (int r = 0; r < _rows; r++)
        {
            var tr = ts.Slice(r * c, c); var pr = p.Slice(r * c, c);
            float mean = Dot(pr, tr);
            switch (_kind)
            {
                case SoftmaxKind.Softmax:
                {
                    var yr = t.Slice(r * c, c);
                    for (int j = 0; j < c; j++) yr[j] = pr[j] * (tr[j] - mean);
                    break;
                }
                case SoftmaxKind.LogSoftmax:
                {
                    var yr = t.Slice(r * c, c);
                    for (int j = 0; j < c; j++) yr[j] = tr[j] - mean;
                    break;
                }
                default: t[r] = mean; break;
            }
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length >= ShortRow) return TensorPrimitives.Dot(a, b);
        float s = 0f;
        for (int j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }
}

public sealed partial class Tape
{
    private static readonly string[] SoftmaxNames = Enum.GetNames<SoftmaxKind>();

    internal static string SoftmaxName(SoftmaxKind k) => SoftmaxNames[(int)k];

    private Var SoftmaxFamily(SoftmaxKind kind, Var x)
    {
        Own(x, SoftmaxNames[(int)kind]);
        var node = Next<SoftmaxNode>();
        node.Bind(kind, x);
        return Run(node);
    }

    /// <summary>Softmax along the last axis of a <c>[C]</c> or <c>[R, C]</c> tensor (each row sums to 1; computed stably).</summary>
    public Var Softmax(Var x) => SoftmaxFamily(SoftmaxKind.Softmax, x);

    /// <summary>Log-softmax along the last axis, <c>x − log Σ eˣ</c> per row, computed stably (no overflow for large logits).</summary>
    public Var LogSoftmax(Var x) => SoftmaxFamily(SoftmaxKind.LogSoftmax, x);

    /// <summary><c>log Σ eˣ</c> along the last axis: <c>[R, C]</c> gives <c>[R]</c>, <c>[C]</c> gives a scalar; computed stably.</summary>
    public Var LogSumExp(Var x) => SoftmaxFamily(SoftmaxKind.LogSumExp, x);
}
