using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Autodiff;

internal enum BinaryKind { Add, Sub, Mul, Div }

/// <summary>Element-wise <c>a ∘ b</c> for ∘ ∈ {+, −, ×, ÷}, with row or scalar broadcasting of either operand.</summary>
internal sealed class BinaryNode : OpNode
{
    private Var _a = null!, _b = null!;
    private BinaryKind _kind;
    private Broadcast _ma, _mb;
    private Tensor? _scratch;

    public override string OpName => Tape.BinaryName(_kind);

    internal override int InputCount => 2;

    internal override Var InputAt(int i) => i == 0 ? _a : _b;

    internal void Bind(BinaryKind kind, Var a, Var b)
    {
        _kind = kind; _a = a; _b = b;
        var (larger, ma, mb) = BroadcastRules.Resolve(OpName, a.Value, b.Value);
        _ma = ma; _mb = mb;
        EnsureValue(larger.Shape);
        RequiresGrad = a.RequiresGrad || b.RequiresGrad;
    }

    internal override void Forward()
    {
        var y = _value!;
        var a = _a.Value; var b = _b.Value;
        if (_ma == Broadcast.Full && _mb == Broadcast.Full) { Apply(a.Span, b.Span, y.Span); return; }
        if (_ma == Broadcast.Full && _mb == Broadcast.Scalar) { ApplyScalarRight(a.Span, b[0], y.Span); return; }
        if (_ma == Broadcast.Scalar && _mb == Broadcast.Full) { ApplyScalarLeft(a[0], b.Span, y.Span); return; }
        int rows = y.Rows, cols = y.Cols;
        for (int r = 0; r < rows; r++)
        {
            var ar = _ma == Broadcast.Row ? a.Span : a.Span.Slice(r * cols, cols);
            var br = _mb == Broadcast.Row ? b.Span : b.Span.Slice(r * cols, cols);
            Apply(ar, br, y.Span.Slice(r * cols, cols));
        }
    }

    private void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        switch (_kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryKind.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryKind.Mul: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    private void ApplyScalarRight(ReadOnlySpan<float> a, float b, Span<float> y)
    {
        switch (_kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryKind.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryKind.Mul: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    private void ApplyScalarLeft(float a, ReadOnlySpan<float> b, Span<float> y)
    {
        switch (_kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(b, a, y); break;
            case BinaryKind.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryKind.Mul: TensorPrimitives.Multiply(b, a, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    internal override void Backward()
    {
        var gy = GradBuffer;
        var y = _value!;
        if (_a.RequiresGrad)
        {
            // ∂(a+b)/∂a = 1, ∂(a−b)/∂a = 1, ∂(ab)/∂a = b, ∂(a/b)/∂a = 1/b
            var local = _kind switch
            {
                BinaryKind.Add or BinaryKind.Sub => gy,
                BinaryKind.Mul => Times(gy, _b.Value, _mb),
                _ => Over(gy, _b.Value, _mb),
            };
            Reduce(local, _a.GradBuffer, _ma);
        }
        if (_b.RequiresGrad)
        {
            // ∂(a+b)/∂b = 1, ∂(a−b)/∂b = −1, ∂(ab)/∂b = a, ∂(a/b)/∂b = −y/b
            Tensor local;
            switch (_kind)
            {
                case BinaryKind.Add: local = gy; break;
                case BinaryKind.Sub:
                    local = Scratch(ref _scratch, gy);
                    TensorPrimitives.Negate(gy.Span, local.Span);
                    break;
                case BinaryKind.Mul: local = Times(gy, _a.Value, _ma); break;
                default:
                    local = Over(gy, _b.Value, _mb);
                    TensorPrimitives.Multiply(local.Span, y.Span, local.Span);
                    TensorPrimitives.Negate(local.Span, local.Span);
                    break;
            }
            Reduce(local, _b.GradBuffer, _mb);
        }
    }

    /// <summary>g ⊙ broadcast(x) into scratch.</summary>
    private Tensor Times(Tensor g, Tensor x, Broadcast mode)
    {
        var s = Scratch(ref _scratch, g);
        Combine(g, x, mode, s, divide: false);
        return s;
    }

    /// <summary>g ⊘ broadcast(x) into scratch.</summary>
    private Tensor Over(Tensor g, Tensor x, Broadcast mode)
    {
        var s = Scratch(ref _scratch, g);
        Combine(g, x, mode, s, divide: true);
        return s;
    }

    private static void Combine(Tensor g, Tensor x, Broadcast mode, Tensor dest, bool divide)
    {
        switch (mode)
        {
            case Broadcast.Full:
                if (divide) TensorPrimitives.Divide(g.Span, x.Span, dest.Span); else TensorPrimitives.Multiply(g.Span, x.Span, dest.Span);
                break;
            case Broadcast.Scalar:
                if (divide) TensorPrimitives.Divide(g.Span, x[0], dest.Span); else TensorPrimitives.Multiply(g.Span, x[0], dest.Span);
                break;
            default:
                int rows = g.Rows, cols = g.Cols;
                for (int r = 0; r < rows; r++)
                {
                    var gr = g.Span.Slice(r * cols, cols); var dr = dest.Span.Slice(r * cols, cols);
                    if (divide) TensorPrimitives.Divide(gr, x.Span, dr); else TensorPrimitives.Multiply(gr, x.Span, dr);
                }
                break;
        }
    }

    /// <summary>Accumulates a full-shape gradient into an operand's gradient, summing over broadcast axes.</summary>
    private static void Reduce(Tensor local, Tensor grad, Broadcast mode)
    {
        switch (mode)
        {
            case Broadcast.Full: TensorPrimitives.Add(grad.Span, local.Span, grad.Span); break;
            case Broadcast.Scalar: grad[0] += TensorPrimitives.Sum<float>(local.Span); break;
            default:
                ColumnSums.Accumulate(local.Span, local.Rows, grad.Span);
                break;
        }
    }

    internal override void ComputeTangent()
    {
        var ta = TangentOf(_a); var tb = TangentOf(_b);
        if (ta is null && tb is null) { ClearTangent(); return; }
        var t = EnsureTangent();
        t.Clear();
        var a = _a.Value; var b = _b.Value; var y = _value!;
        // d(a+b) = da + db; d(a−b) = da − db; d(ab) = da·b + a·db; d(a/b) = da/b − y·db/b
        if (ta is not null)
        {
            var s = Scratch(ref _scratch, t);
            switch (_kind)
            {
                case BinaryKind.Add or BinaryKind.Sub: Expand(ta, _ma, s); break;
                case BinaryKind.Mul: Expand(ta, _ma, s); Combine(s, b, _mb, s, divide: false); break;
                default: Expand(ta, _ma, s); Combine(s, b, _mb, s, divide: true); break;
            }
            TensorPrimitives.Add(t.Span, s.Span, t.Span);
        }
        if (tb is not null)
        {
            var s = Scratch(ref _scratch, t);
            switch (_kind)
            {
                case BinaryKind.Add: Expand(tb, _mb, s); TensorPrimitives.Add(t.Span, s.Span, t.Span); break;
                case BinaryKind.Sub: Expand(tb, _mb, s); TensorPrimitives.Subtract(t.Span, s.Span, t.Span); break;
                case BinaryKind.Mul: Expand(tb, _mb, s); Combine(s, a, _ma, s, divide: false); TensorPrimitives.Add(t.Span, s.Span, t.Span); break;
                default:
                    Expand(tb, _mb, s); Combine(s, b, _mb, s, divide: true);
                    TensorPrimitives.Multiply(s.Span, y.Span, s.Span);
                    TensorPrimitives.Subtract(t.Span, s.Span, t.Span);
                    break;
            }
        }
    }

    /// <summary>Writes broadcast(x) at the output's shape into dest.</summary>
    private static void Expand(Tensor x, Broadcast mode, Tensor dest)
    {
        switch (mode)
        {
            case Broadcast.Full: x.Span.CopyTo(dest.Span); break;
            case Broadcast.Scalar: dest.Fill(x[0]); break;
            default:
                int rows = dest.Rows, cols = dest.Cols;
                for (int r = 0; r < rows; r++) x.Span.CopyTo(dest.Span.Slice(r * cols, cols));
                break;
        }
    }
}

public sealed partial class Tape
{
    internal static string BinaryName(BinaryKind k) => BinaryNames[(int)k];

    private static readonly string[] BinaryNames = Enum.GetNames<BinaryKind>();

    private Var Binary(BinaryKind kind, Var a, Var b)
    {
        Own(a, BinaryNames[(int)kind]); Own(b, BinaryNames[(int)kind]);
        var node = Next<BinaryNode>();
        node.Bind(kind, a, b);
        return Run(node);
    }

    /// <summary>Element-wise <c>a + b</c>; <paramref name="b"/> (or <paramref name="a"/>) may be a bias row or a scalar.</summary>
    public Var Add(Var a, Var b) => Binary(BinaryKind.Add, a, b);

    /// <summary>Element-wise <c>a − b</c>, with row or scalar broadcasting of either operand.</summary>
    public Var Sub(Var a, Var b) => Binary(BinaryKind.Sub, a, b);

    /// <summary>Element-wise <c>a · b</c>, with row or scalar broadcasting of either operand.</summary>
    public Var Mul(Var a, Var b) => Binary(BinaryKind.Mul, a, b);

    /// <summary>Element-wise <c>a / b</c>, with row or scalar broadcasting of either operand.</summary>
    public Var Div(Var a, Var b) => Binary(BinaryKind.Div, a, b);
}
