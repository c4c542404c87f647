using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>Sum or mean of all elements, giving a scalar (rank 0).</summary>
internal sealed class ReduceAllNode : OpNode
{
    private Var _x = null!;
    private bool _mean;

    public override string OpName => _mean ? "Mean" : "Sum";

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _x;

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

/// <summary>
/// Sum or mean of a rank-2 <c>[R, C]</c> tensor along one axis: axis 0 (over rows) gives <c>[C]</c>, axis 1
/// (over columns, also written −1) gives <c>[R]</c>. Backward spreads <c>g · scale</c> back along that axis.
/// </summary>
internal sealed class AxisReduceNode : OpNode
{
    private Var _x = null!;
    private bool _mean;
    private int _axis, _rows, _cols;

    public override string OpName => _mean ? "Mean(axis)" : "Sum(axis)";

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _x;

    internal void Bind(Var x, int axis, bool mean)
    {
        _x = x; _mean = mean;
        var v = x.Value;
        if (v.Rank != 2)
            throw new ArgumentException($"{OpName}: expects a rank-2 [R, C] tensor, got {v.ShapeString} (use Sum/Mean without an axis for all elements).");
        if (axis is not (0 or 1 or -1))
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{OpName}: axis must be 0 (over rows), 1 or -1 (over columns) for {v.ShapeString}.");
        _axis = axis == -1 ? 1 : axis;
        _rows = v.Dim(0); _cols = v.Dim(1);
        if ((_axis == 0 ? _rows : _cols) == 0) throw new ArgumentException($"{OpName}: cannot reduce an empty axis {_axis} of {v.ShapeString}.");
        EnsureValue(_axis == 0 ? _cols : _rows);
        RequiresGrad = x.RequiresGrad;
    }

    private float Scale => _mean ? 1f / (_axis == 0 ? _rows : _cols) : 1f;

    internal override void Forward() => Reduce(_x.Value.Span, _value!.Span);

    private void Reduce(ReadOnlySpan<float> x, Span<float> y)
    {
        if (_axis == 1)
        {
            for (int r = 0; r < _rows; r++) y[r] = TensorPrimitives.Sum<float>(x.Slice(r * _cols, _cols)) * Scale;
        }
        else
        {
            x.Slice(0, _cols).CopyTo(y);
            for (int r = 1; r < _rows; r++) TensorPrimitives.Add(y, x.Slice(r * _cols, _cols), y);
            if (_mean) TensorPrimitives.Multiply(y, Scale, y);
        }
    }

    internal override void Backward()
    {
        var g = GradBuffer.Span; var gx = _x.GradBuffer.Span; float scale = Scale;
        for (int r = 0; r < _rows; r++)
        {
            var gr = gx.Slice(r * _cols, _cols);
            if (_axis == 1) TensorPrimitives.Add(gr, g[r] * scale, gr);
            else TensorPrimitives.MultiplyAdd(g, scale, gr, gr);
        }
    }

    internal override void ComputeTangent()
    {
        var t = TangentOf(_x);
        if (t is null) { ClearTangent(); return; }
        Reduce(t.Span, EnsureTangent().Span);
    }
}

/// <summary>A view with another shape (same elements, same order); gradients and tangents pass through.</summary>
internal sealed class ReshapeNode : OpNode
{
    private Var _x = null!;
    private int[] _shape = [];

    public override string OpName => "Reshape";

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _x;

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

    /// <summary>The sum of a rank-2 <c>[R, C]</c> tensor along <paramref name="axis"/>: 0 gives <c>[C]</c> (over rows), 1 or −1 gives <c>[R]</c> (over columns).</summary>
    public Var Sum(Var x, int axis)
    {
        Own(x, "Sum(axis)");
        var node = Next<AxisReduceNode>();
        node.Bind(x, axis, mean: false);
        return Run(node);
    }

    /// <summary>The mean of a rank-2 <c>[R, C]</c> tensor along <paramref name="axis"/>: 0 gives <c>[C]</c> (over rows), 1 or −1 gives <c>[R]</c> (over columns).</summary>
    public Var Mean(Var x, int axis)
    {
        Own(x, "Mean(axis)");
        var node = Next<AxisReduceNode>();
        node.Bind(x, axis, mean: true);
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
