using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>
/// The base of every recorded operation: computes its value from its inputs, propagates gradients
/// back to them (reverse mode) and tangents forward from them (forward mode).
/// </summary>
/// <remarks>
/// Subclasses are created once per tape position and reused on every replay; they keep any scratch
/// buffers they need between the forward and backward passes, and reallocate only when a shape changes.
/// </remarks>
internal abstract class OpNode : Var
{
    /// <summary>Computes <see cref="Var.Value"/> from the inputs.</summary>
    internal abstract void Forward();

    /// <summary>Adds this node's contribution to the gradients of the inputs that require grad.</summary>
    internal abstract void Backward();

    /// <summary>
    /// Whether <see cref="Backward"/> honours <see cref="Var.OverwriteGrad"/> of operand <paramref name="operand"/> (writes
    /// its gradient when <see cref="Var.TakeOverwrite"/> says so): the tape then skips zeroing that buffer when this op is
    /// its first writer.
    /// </summary>
    internal virtual bool CanOverwriteGradient(int operand) => false;

    /// <summary>The number of recorded operands.</summary>
    internal abstract int InputCount { get; }

    /// <summary>Operand <paramref name="i"/> (0 ≤ i &lt; <see cref="InputCount"/>).</summary>
    internal abstract Var InputAt(int i);

    /// <summary>The output buffer, reallocated only if the shape changed.</summary>
    private protected Tensor EnsureValue(ReadOnlySpan<int> shape)
    {
        if (_value is null || !_value.HasShape(shape)) _value = new Tensor(shape.ToArray());
        return _value;
    }

    private protected Tensor EnsureValue(int d0)
    {
        if (_value is null || _value.Rank != 1 || _value.Dim(0) != d0) _value = new Tensor(d0);
        return _value;
    }

    private protected Tensor EnsureValue(int d0, int d1)
    {
        if (_value is null || _value.Rank != 2 || _value.Dim(0) != d0 || _value.Dim(1) != d1) _value = new Tensor(d0, d1);
        return _value;
    }

    private protected Tensor EnsureScalar()
    {
        if (_value is null || _value.Rank != 0) _value = Tensor.Scalar(0f);
        return _value;
    }

    /// <summary>A scratch buffer shaped like <paramref name="like"/>, kept across replays.</summary>
    private protected static Tensor Scratch(ref Tensor? slot, Tensor like)
    {
        if (slot is null || !slot.SameShape(like)) slot = new Tensor(like.Shape.ToArray());
        return slot;
    }

    /// <summary>The tangent of an input, or null when it is zero.</summary>
    private protected static Tensor? TangentOf(Var v) => v.Tangent;
}
