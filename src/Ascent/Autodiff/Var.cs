using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>
/// A value recorded on a <see cref="Tape"/>: an input, a parameter, or the result of an operation.
/// </summary>
/// <remarks>
/// Vars are owned by their tape and reused when the same computation is recorded again after
/// <see cref="Tape.Reset"/>; a Var obtained in one pass refers to the same position in the next pass.
/// The arithmetic operators forward to the tape's operations.
/// </remarks>
public abstract class Var
{
    private protected Tensor? _value;
    private protected Tensor? _grad;
    private protected Tensor? _tangent;

    private protected Var() { }

    /// <summary>The tape this value was recorded on.</summary>
    public Tape Tape { get; internal set; } = null!;

    /// <summary>The position on the tape.</summary>
    internal int Index { get; set; }

    /// <summary>The forward value.</summary>
    public Tensor Value => _value ?? throw new InvalidOperationException($"{OpName}: value not computed.");

    /// <summary>Whether gradients flow to this value (it depends on a parameter or a differentiable input).</summary>
    public bool RequiresGrad { get; internal set; }

    /// <summary>The gradient of the last <see cref="Tape.Backward(Var, Tensor?)"/> root with respect to this value.</summary>
    public virtual Tensor Grad => _grad ?? throw new InvalidOperationException($"{OpName}: no gradient; it does not require grad or Backward has not run.");

    /// <summary>The forward-mode tangent computed by <see cref="Tape.ForwardTangents"/>, or null when it is zero.</summary>
    public Tensor? Tangent => _tangent;

    /// <summary>The operation's name, used in error messages.</summary>
    public abstract string OpName { get; }

    /// <summary>The shape of <see cref="Value"/>.</summary>
    public ReadOnlySpan<int> Shape => Value.Shape;

    /// <summary>
    /// Ensures a gradient buffer shaped like the value (called by the tape before backward), zeroed unless
    /// <see cref="OverwriteGrad"/> says its first writer overwrites it.
    /// </summary>
    internal virtual void PrepareGrad()
    {
        var v = Value;
        if (_grad is null || !_grad.SameShape(v)) _grad = new Tensor(v.Shape.ToArray());
        else if (!OverwriteGrad) _grad.Clear();
    }

    /// <summary>
    /// Whether the gradient buffer's first writer in the coming backward pass writes it instead of adding to it, so the
    /// tape need not zero it first. Set by <see cref="Tape.Backward(Var, Tensor?)"/>; the writer takes it with
    /// <see cref="TakeOverwrite"/> (later writers then accumulate). Parameters always accumulate.
    /// </summary>
    internal bool OverwriteGrad { get; set; }

    /// <summary>Whether a backward pass has already found this value's first writer (the tape's bookkeeping).</summary>
    internal bool WriterFound { get; set; }

    /// <summary>Whether gradients written into this value may replace its buffer's contents (false for parameters, which accumulate).</summary>
    internal virtual bool GradMayBeOverwritten => true;

    /// <summary>For the op writing this value's gradient: true once if it should overwrite the buffer (and clears the flag), else false (accumulate).</summary>
    internal bool TakeOverwrite()
    {
        bool overwrite = OverwriteGrad;
        OverwriteGrad = false;
        return overwrite;
    }

    /// <summary>The gradient buffer to accumulate into during backward (exists only when <see cref="RequiresGrad"/>).</summary>
    internal Tensor GradBuffer => _grad!;

    /// <summary>Computes <see cref="Tangent"/> from the inputs' tangents (leaves: from their source).</summary>
    internal abstract void ComputeTangent();

    /// <summary>Ensures a tangent buffer shaped like the value and returns it.</summary>
    internal Tensor EnsureTangent()
    {
        var v = Value;
        if (_tangent is null || !_tangent.SameShape(v)) _tangent = new Tensor(v.Shape.ToArray());
        return _tangent;
    }

    internal void ClearTangent() => _tangent = null;

#pragma warning disable CS1591 // the operators are documented by the Tape methods they call
    public static Var operator +(Var a, Var b) => a.Tape.Add(a, b);
    public static Var operator -(Var a, Var b) => a.Tape.Sub(a, b);
    public static Var operator *(Var a, Var b) => a.Tape.Mul(a, b);
    public static Var operator /(Var a, Var b) => a.Tape.Div(a, b);
    public static Var operator -(Var a) => a.Tape.Neg(a);
    public static Var operator +(Var a, float s) => a.Tape.AddScalar(a, s);
    public static Var operator +(float s, Var a) => a.Tape.AddScalar(a, s);
    public static Var operator -(Var a, float s) => a.Tape.AddScalar(a, -s);
    public static Var operator -(float s, Var a) => a.Tape.AddScalar(a.Tape.Neg(a), s);
    public static Var operator *(Var a, float s) => a.Tape.MulScalar(a, s);
    public static Var operator *(float s, Var a) => a.Tape.MulScalar(a, s);
    public static Var operator /(Var a, float s) => a.Tape.MulScalar(a, 1f / s);
#pragma warning restore CS1591

    /// <inheritdoc />
    public override string ToString() => $"{OpName}{(_value is null ? "" : _value.ShapeString)}";
}

/// <summary>A leaf holding an input tensor (a batch of observations, actions, advantages…), not copied.</summary>
internal sealed class InputVar : Var
{
    public override string OpName => "Input";

    internal void Bind(Tensor value, bool requiresGrad, Tensor? tangent)
    {
        _value = value;
        RequiresGrad = requiresGrad;
        _inputTangent = tangent;
    }

    private Tensor? _inputTangent;

    internal override void ComputeTangent() => _tangent = _inputTangent;
}

/// <summary>A leaf bound to a <see cref="Parameter"/>; its gradient is the parameter's accumulator.</summary>
internal sealed class ParameterVar : Var
{
    public Parameter Parameter { get; private set; } = null!;

    public override string OpName => $"Param({Parameter.Name})";

    internal void Bind(Parameter p)
    {
        Parameter = p;
        _value = p.Value;
        RequiresGrad = true;
    }

    public override Tensor Grad => Parameter.Grad;

    /// <summary>Parameters accumulate into their own gradient: nothing to prepare.</summary>
    internal override void PrepareGrad() => _grad = Parameter.Grad;

    internal override bool GradMayBeOverwritten => false;

    internal override void ComputeTangent() => _tangent = Parameter.Tangent;
}
