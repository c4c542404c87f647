using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Autodiff;

internal enum UnaryKind { Neg, Exp, Log, Tanh, Relu, Sigmoid, Square, Sqrt, AddScalar, MulScalar, Clamp, Pow, Abs }

/// <summary>Element-wise <c>y = f(x)</c>; backward multiplies by <c>f′(x)</c>, forward mode likewise.</summary>
internal sealed class UnaryNode : OpNode
{
    private Var _x = null!;
    private UnaryKind _kind;
    private float _c0, _c1;
    private Tensor? _derivative;

    public override string OpName => Tape.UnaryName(_kind);

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _x;

    internal void Bind(UnaryKind kind, Var x, float c0, float c1)
    {
        _kind = kind; _x = x; _c0 = c0; _c1 = c1;
        EnsureValue(x.Value.Shape);
        RequiresGrad = x.RequiresGrad;
    }

    internal override void Forward()
    {
        var x = _x.Value.Span; var y = _value!.Span;
        switch (_kind)
        {
            case UnaryKind.Neg: TensorPrimitives.Negate(x, y); break;
            case UnaryKind.Exp: TensorPrimitives.Exp(x, y); break;
            case UnaryKind.Log: TensorPrimitives.Log(x, y); break;
            case UnaryKind.Tanh: FastTanh.Apply(x, y); break;                               // rational approximation, ≤ 3e-7 relative
            case UnaryKind.Relu: TensorPrimitives.Max(x, 0f, y); break;
            case UnaryKind.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
            case UnaryKind.Square: TensorPrimitives.Multiply(x, x, y); break;
            case UnaryKind.Sqrt: TensorPrimitives.Sqrt(x, y); break;
            case UnaryKind.AddScalar: TensorPrimitives.Add(x, _c0, y); break;
            case UnaryKind.MulScalar: TensorPrimitives.Multiply(x, _c0, y); break;
            case UnaryKind.Clamp: TensorPrimitives.Min(x, _c1, y); TensorPrimitives.Max(y, _c0, y); break;
            case UnaryKind.Pow: TensorPrimitives.Pow(x, _c0, y); break;
            case UnaryKind.Abs: TensorPrimitives.Abs(x, y); break;
        }
    }

    /// <summary>Writes f′(x) into the derivative buffer (for the kinds where it is not a constant).</summary>
    private Tensor Derivative()
    {
        var d = Scratch(ref _derivative, _value!);
        var x = _x.Value.Span; var y = _value!.Span; var ds = d.Span;
        switch (_kind)
        {
            case UnaryKind.Exp: y.CopyTo(ds); break;                                   // (eˣ)′ = eˣ
            case UnaryKind.Log: TensorPrimitives.Reciprocal(x, ds); break;             // (log x)′ = 1/x
            case UnaryKind.Tanh: TensorPrimitives.MultiplyAdd(y, y, -1f, ds); TensorPrimitives.Negate(ds, ds); break; // 1 − y²
            case UnaryKind.Relu: for (int i = 0; i < ds.Length; i++) ds[i] = x[i] > 0f ? 1f : 0f; break;
            case UnaryKind.Sigmoid: for (int i = 0; i < ds.Length; i++) ds[i] = y[i] * (1f - y[i]); break;
            case UnaryKind.Square: TensorPrimitives.Multiply(x, 2f, ds); break;      // 2x
            case UnaryKind.Sqrt: for (int i = 0; i < ds.Length; i++) ds[i] = 0.5f / y[i]; break;
            case UnaryKind.Clamp: for (int i = 0; i < ds.Length; i++) ds[i] = x[i] >= _c0 && x[i] <= _c1 ? 1f : 0f; break; // inclusive, as PyTorch
            case UnaryKind.Pow: TensorPrimitives.Pow(x, _c0 - 1f, ds); TensorPrimitives.Multiply(ds, _c0, ds); break; // c·x^(c−1)
            case UnaryKind.Abs: for (int i = 0; i < ds.Length; i++) ds[i] = x[i] > 0f ? 1f : x[i] < 0f ? -1f : 0f; break; // sign(x), 0 at 0
            default: throw new InvalidOperationException($"{OpName}: constant derivative");
        }
        return d;
    }

    private void ApplyDerivative(ReadOnlySpan<float> input, Span<float> output, bool accumulate)
    {
        switch (_kind)
        {
            case UnaryKind.Neg:
                if (accumulate) TensorPrimitives.Subtract(output, input, output); else TensorPrimitives.Negate(input, output);
                return;
            case UnaryKind.AddScalar:
                if (accumulate) TensorPrimitives.Add(output, input, output); else input.CopyTo(output);
                return;
            case UnaryKind.MulScalar:
                if (accumulate) TensorPrimitives.MultiplyAdd(input, _c0, output, output); else TensorPrimitives.Multiply(input, _c0, output);
                return;
        }
        var d = Derivative().Span;
        if (accumulate) TensorPrimitives.MultiplyAdd(input, d, output, output);
        else TensorPrimitives.Multiply(input, d, output);
    }

    internal override bool CanOverwriteGradient(int operand) => true;

    internal override void Backward()
    {
        bool accumulate = !_x.TakeOverwrite();
        if (_kind == UnaryKind.Tanh) FastTanh.Gradient(_value!.Span, GradBuffer.Span, _x.GradBuffer.Span, accumulate);   // gx (+)= g(1 − y²), one pass
        else ApplyDerivative(GradBuffer.Span, _x.GradBuffer.Span, accumulate);
    }

    internal override void ComputeTangent()
    {
        var tx = TangentOf(_x);
        if (tx is null) { ClearTangent(); return; }
        ApplyDerivative(tx.Span, EnsureTangent().Span, accumulate: false);
    }
}

public sealed partial class Tape
{
    private static readonly string[] UnaryNames = Enum.GetNames<UnaryKind>();

    internal static string UnaryName(UnaryKind k) => UnaryNames[(int)k];

    private Var Unary(UnaryKind kind, Var x, float c0 = 0, float c1 = 0)
    {
        Own(x, UnaryNames[(int)kind]);
        var node = Next<UnaryNode>();
        node.Bind(kind, x, c0, c1);
        return Run(node);
    }

    /// <summary>Element-wise <c>−x</c>.</summary>
    public Var Neg(Var x) => Unary(UnaryKind.Neg, x);
    /// <summary>Element-wise <c>eˣ</c>.</summary>
    public Var Exp(Var x) => Unary(UnaryKind.Exp, x);
    /// <summary>Element-wise natural logarithm.</summary>
    public Var Log(Var x) => Unary(UnaryKind.Log, x);
    /// <summary>Element-wise hyperbolic tangent.</summary>
    public Var Tanh(Var x) => Unary(UnaryKind.Tanh, x);
    /// <summary>Element-wise <c>max(x, 0)</c> (derivative 0 at 0).</summary>
    public Var Relu(Var x) => Unary(UnaryKind.Relu, x);
    /// <summary>Element-wise logistic function <c>1 / (1 + e⁻ˣ)</c>.</summary>
    public Var Sigmoid(Var x) => Unary(UnaryKind.Sigmoid, x);
    /// <summary>Element-wise <c>x²</c>.</summary>
    public Var Square(Var x) => Unary(UnaryKind.Square, x);
    /// <summary>Element-wise square root.</summary>
    public Var Sqrt(Var x) => Unary(UnaryKind.Sqrt, x);
    /// <summary>Element-wise <c>x + c</c>.</summary>
    public Var AddScalar(Var x, float c) => Unary(UnaryKind.AddScalar, x, c);
    /// <summary>Element-wise <c>c · x</c>.</summary>
    public Var MulScalar(Var x, float c) => Unary(UnaryKind.MulScalar, x, c);

    /// <summary>Element-wise <c>xᶜ</c> for a constant exponent <paramref name="c"/> (derivative <c>c·xᶜ⁻¹</c>; negative bases need an integer <paramref name="c"/>).</summary>
    public Var Pow(Var x, float c)
    {
        if (!float.IsFinite(c)) throw new ArgumentOutOfRangeException(nameof(c), c, "Pow: the exponent must be finite.");
        return Unary(UnaryKind.Pow, x, c);
    }

    /// <summary>Element-wise <c>|x|</c> (derivative <c>sign(x)</c>, 0 at 0).</summary>
    public Var Abs(Var x) => Unary(UnaryKind.Abs, x);

    /// <summary>Element-wise <c>min(max(x, low), high)</c>; the gradient passes where <c>low ≤ x ≤ high</c> (as PyTorch).</summary>
    public Var Clamp(Var x, float low, float high)
    {
        if (!(low <= high)) throw new ArgumentException($"Clamp: need low ≤ high, got low={low}, high={high}.");
        return Unary(UnaryKind.Clamp, x, low, high);
    }
}
