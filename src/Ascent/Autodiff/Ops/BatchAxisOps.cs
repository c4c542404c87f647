using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Autodiff;

/// <summary>
/// Concatenation along the first (batch) axis: parts of shapes <c>[Rᵢ, …]</c> with equal trailing axes give
/// <c>[Σ Rᵢ, …]</c>. Backward hands each part its block of rows of the gradient.
/// </summary>
internal sealed class ConcatNode : OpNode
{
    private Var[] _parts = [];
    private int _count;

    public override string OpName => "Concat";

    internal override int InputCount => _count;

    internal override Var InputAt(int i) => _parts[i];

    internal void Bind(ReadOnlySpan<Var> parts)
    {
        if (parts.Length == 0) throw new ArgumentException("Concat: needs at least one tensor.");
        var first = parts[0].Value;
        if (first.Rank == 0) throw new ArgumentException($"Concat: cannot concatenate scalars {first.ShapeString} along the batch axis (reshape them to [1]).");
        if (_parts.Length < parts.Length) _parts = new Var[parts.Length];
        _count = parts.Length;
        int rows = 0;
        bool requiresGrad = false;
        for (int i = 0; i < parts.Length; i++)
        {
            var v = parts[i].Value;
            if (v.Rank != first.Rank || !v.Shape[1..].SequenceEqual(first.Shape[1..]))
                throw new ShapeMismatchException("Concat", first.ShapeString, v.ShapeString, $"part {i} differs from part 0 beyond the batch axis");
            rows += v.Dim(0);
            requiresGrad |= parts[i].RequiresGrad;
            _parts[i] = parts[i];
        }
        Span<int> shape = stackalloc int[first.Rank];
        first.Shape.CopyTo(shape);
        shape[0] = rows;
        EnsureValue(shape);
        RequiresGrad = requiresGrad;
    }

    internal override void Forward()
    {
        var y = _value!.Span;
        int offset = 0;
        for (int i = 0; i < _count; i++)
        {
            var p = _parts[i].Value.Span;
            p.CopyTo(y.Slice(offset));
            offset += p.Length;
        }
    }

    internal override void Backward()
    {
        var g = GradBuffer.Span;
        int offset = 0;
        for (int i = 0; i < _count; i++)
        {
            var part = _parts[i];
            int n = part.Value.Size;
            if (part.RequiresGrad) TensorPrimitives.Add(part.GradBuffer.Span, g.Slice(offset, n), part.GradBuffer.Span);
            offset += n;
        }
    }

    internal override void ComputeTangent()
    {
        bool any = false;
        for (int i = 0; i < _count; i++) any |= TangentOf(_parts[i]) is not null;
        if (!any) { ClearTangent(); return; }
        var t = EnsureTangent().Span;
        int offset = 0;
        for (int i = 0; i < _count; i++)
        {
            int n = _parts[i].Value.Size;
            if (TangentOf(_parts[i]) is { } tp) tp.Span.CopyTo(t.Slice(offset, n));
            else t.Slice(offset, n).Clear();
            offset += n;
        }
    }
}

/// <summary>
/// Rows <c>[start, start + count)</c> of the first (batch) axis: <c>[R, …]</c> gives <c>[count, …]</c>
/// (a minibatch of a contiguous batch). Backward adds the gradient into those rows.
/// </summary>
internal sealed class SliceNode : OpNode
{
    private Var _x = null!;
    private int _offset, _length;

    public override string OpName => "Slice";

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _x;

    internal void Bind(Var x, int start, int count)
    {
        _x = x;
        var v = x.Value;
        if (v.Rank == 0) throw new ArgumentException($"Slice: cannot slice a scalar {v.ShapeString} along the batch axis.");
        int rows = v.Dim(0);
        if (start < 0 || count < 0 || start > rows - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: rows [{start}, {start + count}) are not within [0, {rows}) of {v.ShapeString}.");
        int inner = rows == 0 ? 0 : v.Size / rows;
        _offset = start * inner; _length = count * inner;
        Span<int> shape = stackalloc int[v.Rank];
        v.Shape.CopyTo(shape);
        shape[0] = count;
        EnsureValue(shape);
        RequiresGrad = x.RequiresGrad;
    }

    internal override void Forward() => _x.Value.Span.Slice(_offset, _length).CopyTo(_value!.Span);

    internal override void Backward()
    {
        var gx = _x.GradBuffer.Span.Slice(_offset, _length);
        TensorPrimitives.Add(gx, GradBuffer.Span, gx);
    }

    internal override void ComputeTangent()
    {
        var tx = TangentOf(_x);
        if (tx is null) { ClearTangent(); return; }
        tx.Span.Slice(_offset, _length).CopyTo(EnsureTangent().Span);
    }
}

/// <summary>
/// Stacks <c>rows</c> copies of <c>x</c> along a new first axis: <c>[…]</c> gives <c>[rows, …]</c>
/// (a state-independent log-std <c>[D]</c> becomes one row per sample). Backward sums the rows.
/// </summary>
internal sealed class RepeatRowsNode : OpNode
{
    private Var _x = null!;
    private int _rows;

    public override string OpName => "RepeatRows";

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _x;

    internal void Bind(Var x, int rows)
    {
        _x = x;
        var v = x.Value;
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"RepeatRows: rows must be at least 1 (repeating {v.ShapeString}).");
        if (v.Rank >= 4) throw new ArgumentException($"RepeatRows: {v.ShapeString} already has rank 4, the maximum.");
        _rows = rows;
        Span<int> shape = stackalloc int[v.Rank + 1];
        shape[0] = rows;
        v.Shape.CopyTo(shape[1..]);
        EnsureValue(shape);
        RequiresGrad = x.RequiresGrad;
    }

    internal override void Forward() => Repeat(_x.Value.Span, _value!.Span);

    private void Repeat(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int r = 0; r < _rows; r++) x.CopyTo(y.Slice(r * x.Length));
    }

    internal override void Backward()
    {
        var g = GradBuffer.Span; var gx = _x.GradBuffer.Span;
        ColumnSums.Accumulate(g, _rows, gx);
    }

    internal override void ComputeTangent()
    {
        var tx = TangentOf(_x);
        if (tx is null) { ClearTangent(); return; }
        Repeat(tx.Span, EnsureTangent().Span);
    }
}

public sealed partial class Tape
{
    /// <summary>Concatenates tensors along the first (batch) axis; all other axes must agree.</summary>
    public Var Concat(params ReadOnlySpan<Var> parts)
    {
        foreach (var p in parts) Own(p, "Concat");
        var node = Next<ConcatNode>();
        node.Bind(parts);
        return Run(node);
    }

    /// <summary>Rows <c>[start, start + count)</c> of the first (batch) axis (copied).</summary>
    public Var Slice(Var x, int start, int count)
    {
        Own(x, "Slice");
        var node = Next<SliceNode>();
        node.Bind(x, start, count);
        return Run(node);
    }

    /// <summary><paramref name="rows"/> copies of <paramref name="x"/> stacked along a new first axis: <c>[…]</c> gives <c>[rows, …]</c>.</summary>
    public Var RepeatRows(Var x, int rows)
    {
        Own(x, "RepeatRows");
        var node = Next<RepeatRowsNode>();
        node.Bind(x, rows);
        return Run(node);
    }

    /// <summary>
    /// The value of <paramref name="x"/> as a constant (stop-gradient): no gradient flows back through it and
    /// its tangent is zero. The tensor is shared, not copied.
    /// </summary>
    public Var Detach(Var x)
    {
        Own(x, "Detach");
        return Input(x.Value);
    }
}
