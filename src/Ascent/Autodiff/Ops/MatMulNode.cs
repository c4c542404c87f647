using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Autodiff;

/// <summary>
/// <c>Y = op(A) · op(B)</c> for rank-2 operands, optionally plus a bias row (<see cref="Tape.Linear"/>).
/// Backward: <c>dA = dY·op(B)ᵀ</c>, <c>dB = op(A)ᵀ·dY</c>, <c>db = Σ_rows dY</c>, each one GEMM call.
/// </summary>
internal sealed class MatMulNode : OpNode
{
    private Var _a = null!, _b = null!;
    private Var? _bias;
    private bool _ta, _tb;
    private int _m, _n, _k;

    public override string OpName => _bias is null ? "MatMul" : "Linear";

    internal override int InputCount => _bias is null ? 2 : 3;

    internal override Var InputAt(int i) => i switch { 0 => _a, 1 => _b, _ => _bias! };

    internal void Bind(Var a, Var b, Var? bias, bool transA, bool transB)
    {
        var av = a.Value; var bv = b.Value;
        if (av.Rank != 2 || bv.Rank != 2)
            throw new ShapeMismatchException(OpName, av.ShapeString, bv.ShapeString, "both operands must be rank 2");
        int m = transA ? av.Dim(1) : av.Dim(0), ka = transA ? av.Dim(0) : av.Dim(1);
        int kb = transB ? bv.Dim(1) : bv.Dim(0), n = transB ? bv.Dim(0) : bv.Dim(1);
        if (ka != kb)
            throw new ShapeMismatchException(OpName, av.ShapeString + (transA ? "ᵀ" : ""), bv.ShapeString + (transB ? "ᵀ" : ""), $"inner dimensions {ka} and {kb} differ");
        if (bias is not null)
        {
            var bs = bias.Value;
            if (!((bs.Rank == 1 && bs.Dim(0) == n) || (bs.Rank == 2 && bs.Dim(0) == 1 && bs.Dim(1) == n)))
                throw new ShapeMismatchException("Linear(bias)", $"[{m}, {n}]", bs.ShapeString, $"the bias must be [{n}]");
        }
        _a = a; _b = b; _bias = bias; _ta = transA; _tb = transB; _m = m; _n = n; _k = ka;
        EnsureValue(m, n);
        RequiresGrad = a.RequiresGrad || b.RequiresGrad || (bias?.RequiresGrad ?? false);
    }

    internal override void Forward()
    {
        var y = _value!;
        var a = _a.Value; var b = _b.Value;
        float beta = 0f;
        if (_bias is not null)
        {
            RowBroadcast.Fill(_bias.Value.Span, y.Span, _m);
            beta = 1f;
        }
        Gemm.Sgemm(_ta, _tb, _m, _n, _k, 1f, a.Span, a.Dim(1), b.Span, b.Dim(1), beta, y.Span, _n);
    }

    /// <summary>dA and dB are GEMM outputs (β = 0 overwrites); the bias's column sums always accumulate.</summary>
    internal override bool CanOverwriteGradient(int operand) => operand == 0 || (operand == 1 && !(!_ta && !_tb && NarrowHeadBackward.Handles(_k, _n)));

    internal override void Backward()
    {
        var g = GradBuffer;
        var a = _a.Value; var b = _b.Value;
        if (!_ta && !_tb && NarrowHeadBackward.Handles(_k, _n))
        {
            // A layer with a few outputs (a policy's logits, a value head): direct kernels instead of two GEMM calls.
            if (_a.RequiresGrad) NarrowHeadBackward.InputGradient(g.Span, b.Span, _a.GradBuffer.Span, _m, _k, _n, accumulate: !_a.TakeOverwrite());
            if (_b.RequiresGrad) NarrowHeadBackward.WeightGradient(a.Span, g.Span, _b.GradBuffer.Span, _m, _k, _n);
        }
        else BackwardGemm(g, a, b);
        if (_bias is not null && _bias.RequiresGrad)
            ColumnSums.Accumulate(g.Span, _m, _bias.GradBuffer.Span);                            // db = Σ_rows dY
    }

    private void BackwardGemm(Tensor g, Tensor a, Tensor b)
    {
        if (_a.RequiresGrad)
        {
            // A stored [m,k]: dA = dY·op(B)ᵀ. A stored [k,m] (transA): dA = op(B)·dYᵀ.
            var ga = _a.GradBuffer;
            float beta = _a.TakeOverwrite() ? 0f : 1f;
            if (!_ta) Gemm.Sgemm(false, !_tb, _m, _k, _n, 1f, g.Span, _n, b.Span, b.Dim(1), beta, ga.Span, _k);
            else Gemm.Sgemm(_tb, true, _k, _m, _n, 1f, b.Span, b.Dim(1), g.Span, _n, beta, ga.Span, _m);
        }
        if (_b.RequiresGrad)
        {
            // B stored [k,n]: dB = op(A)ᵀ·dY. B stored [n,k] (transB): dB = dYᵀ·op(A).
            var gb = _b.GradBuffer;
            float beta = _b.TakeOverwrite() ? 0f : 1f;
            if (!_tb) Gemm.Sgemm(!_ta, false, _k, _n, _m, 1f, a.Span, a.Dim(1), g.Span, _n, beta, gb.Span, _n);
            else Gemm.Sgemm(true, _ta, _n, _k, _m, 1f, g.Span, _n, a.Span, a.Dim(1), beta, gb.Span, _k);
        }
    }

    internal override void ComputeTangent()
    {
        var ta = TangentOf(_a); var tb = TangentOf(_b); var tbias = _bias is null ? null : TangentOf(_bias);
        if (ta is null && tb is null && tbias is null) { ClearTangent(); return; }
        // d(op(A)op(B) + b) = op(dA)op(B) + op(A)op(dB) + db
        var t = EnsureTangent();
        float beta = 0f;
        if (tbias is not null)
        {
            RowBroadcast.Fill(tbias.Span, t.Span, _m);
            beta = 1f;
        }
        var a = _a.Value; var b = _b.Value;
        if (ta is not null) { Gemm.Sgemm(_ta, _tb, _m, _n, _k, 1f, ta.Span, a.Dim(1), b.Span, b.Dim(1), beta, t.Span, _n); beta = 1f; }
        if (tb is not null) { Gemm.Sgemm(_ta, _tb, _m, _n, _k, 1f, a.Span, a.Dim(1), tb.Span, b.Dim(1), beta, t.Span, _n); beta = 1f; }
        if (beta == 0f) t.Clear();
    }
}

public sealed partial class Tape
{
    /// <summary>Matrix product <c>op(a) · op(b)</c> of rank-2 operands (<c>op</c> transposes when asked).</summary>
    public Var MatMul(Var a, Var b, bool transposeA = false, bool transposeB = false)
    {
        Own(a, "MatMul"); Own(b, "MatMul");
        var node = Next<MatMulNode>();
        node.Bind(a, b, null, transposeA, transposeB);
        return Run(node);
    }

    /// <summary>An affine layer <c>x · W + b</c>: <paramref name="x"/> is <c>[batch, in]</c>, <paramref name="weight"/> <c>[in, out]</c>, <paramref name="bias"/> <c>[out]</c>.</summary>
    public Var Linear(Var x, Var weight, Var bias)
    {
        Own(x, "Linear"); Own(weight, "Linear"); Own(bias, "Linear");
        var node = Next<MatMulNode>();
        node.Bind(x, weight, bias, false, false);
        return Run(node);
    }
}
