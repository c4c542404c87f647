using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>Sum or mean of all elements, giving a scalar (rank 0).</summary>
internal sealed class ReduceAllNode : OpNode
{
    private Var _x = null!;
    private bool _mean;

    public override string OpName => _mean ? "Mean" : "Sum";

    internal void Bind(Var x, bool mean)
    {
        _x = x; _mean = mean;
        if (x.Value.Size == 0) throw new ArgumentException($"{OpName}: empty tensor {x.Value.ShapeString}.");
        EnsureScalar();
        RequiresGrad = x.RequiresGrad;
    }

    private float Scale => _mean ? 1f / _x.Value.Size : 1f;

    internal override void Forward()
    {
        // Accumulate in double: a float running sum over 10⁵ terms loses digits.
        var x = _x.Value.Span;
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i];
        _value![0] = (float)(s * Scale);
    }

    internal override void Backward()
    {
        float g = GradBuffer[0] * Scale;
        TensorPrimitives.Add(_x.GradBuffer.Span, g, _x.GradBuffer.Span);
    }

    internal override void ComputeTangent()
    {
        var t = TangentOf(_x);
        if (t is null) { ClearTangent(); return; }
        EnsureTangent()[0] = TensorPrimitives.Sum<float>(t.Span) * Scale;
    }
}

/// <summary>A view with another shape (same elements, same order); gradients and tangents pass through.</summary>
internal sealed class ReshapeNode : OpNode
{
    private Var _x = null!;
    private int[] _shape = [];

    public override string OpName => "Reshape";

    internal void Bind(Var x, int[] shape)
    {
        _x = x;
        if (Tensor.CheckedSize(shape) != x.Value.Size)
            throw new ShapeMismatchException("Reshape", x.Value.ShapeString, Tensor.Format(shape), "sizes differ");
        if (_value is null || !ReferenceEquals(_value.Data, x.Value.Data) || !_value.HasShape(shape))
        {
            _shape = shape;
            _value = x.Value.Reshape(shape);
        }
        RequiresGrad = x.RequiresGrad;
    }

    internal override void Forward() { }

    internal override void Backward() => TensorPrimitives.Add(_x.GradBuffer.Span, GradBuffer.Span, _x.GradBuffer.Span);

    internal override void ComputeTangent()
    {
        var t = TangentOf(_x);
        if (t is null) { ClearTangent(); return; }
        t.Span.CopyTo(EnsureTangent().Span);
    }
}

public sealed partial class Tape
{
    /// <summary>The sum of all elements (a scalar).</summary>
    public Var Sum(Var x)
    {
        Own(x, "Sum");
        var node = Next<ReduceAllNode>();
        node.Bind(x, mean: false);
        return Run(node);
    }

    /// <summary>The mean of all elements (a scalar).</summary>
    public Var Mean(Var x)
    {
        Own(x, "Mean");
        var node = Next<ReduceAllNode>();
        node.Bind(x, mean: true);
        return Run(node);
    }

    /// <summary>The same elements viewed with another shape (no copy). The shape array is kept: pass a cached array to avoid allocation.</summary>
    public Var Reshape(Var x, params int[] shape)
    {
        Own(x, "Reshape");
        var node = Next<ReshapeNode>();
        node.Bind(x, shape);
        return Run(node);
    }
}
