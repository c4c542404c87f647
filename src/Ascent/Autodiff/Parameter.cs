using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>
/// A trainable tensor with its gradient accumulator (and an optional tangent for forward-mode products).
/// </summary>
/// <remarks>
/// <see cref="Tape.Backward(Var, Tensor?)"/> adds into <see cref="Grad"/>; call <see cref="ZeroGrad"/> (or
/// <c>ParameterSet.ZeroGrad</c>) before each new gradient, as in PyTorch.
/// </remarks>
public sealed class Parameter
{
    /// <summary>Creates a parameter holding <paramref name="value"/> (not copied).</summary>
    public Parameter(string name, Tensor value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Value = value;
        Grad = new Tensor(value.Shape.ToArray());
    }

    /// <summary>A name unique within its parameter set, e.g. <c>actor.0.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The current value.</summary>
    public Tensor Value { get; }

    /// <summary>The accumulated gradient, same shape as <see cref="Value"/>.</summary>
    public Tensor Grad { get; }

    /// <summary>The direction for <see cref="Tape.ForwardTangents"/> (null means zero).</summary>
    public Tensor? Tangent { get; set; }

    /// <summary>The number of scalar entries.</summary>
    public int Size => Value.Size;

    /// <summary>Sets <see cref="Grad"/> to zero.</summary>
    public void ZeroGrad() => Grad.Clear();

    /// <inheritdoc />
    public override string ToString() => $"{Name}{Value.ShapeString}";
}
