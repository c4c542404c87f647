using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>
/// Picks one column per row: <c>y[r] = x[r, index[r]]</c> for <c>x</c> of shape <c>[R, C]</c>, giving <c>[R]</c>
/// (the log-probability of each taken action from a row of log-probabilities).
/// Backward scatters: <c>∂L/∂x[r, index[r]] += g[r]</c>; the tangent gathers the same way.
/// </summary>
internal sealed class GatherNode : OpNode
{
    private Var _x = null!;
    private int[] _index = [];
    private int _rows, _cols;

    public override string OpName => "Gather";

    internal override int InputCount => 1;

    internal override Var InputAt(int i) => _x;

    internal void Bind(Var x, ReadOnlySpan<int> index)
    {
        Validate(x, index.Length);
        for (int r = 0; r < index.Length; r++)
        {
            int i = index[r];
            if ((uint)i >= (uint)_cols) throw OutOfRange(r, i);
            _index[r] = i;
        }
    }

    internal void Bind(Var x, Tensor index)
    {
        if (!(index.Rank == 1 || (index.Rank == 2 && index.Dim(1) == 1)))
            throw new ShapeMismatchException("Gather", x.Value.ShapeString, index.ShapeString, "the indices must be a [R] (or [R, 1]) tensor, one per row");
        Validate(x, index.Size);
        var s = index.Span;
        for (int r = 0; r < s.Length; r++)
        {
            float f = s[r];
            int i = (int)f;
            if (i != f || (uint)i >= (uint)_cols) throw OutOfRange(r, f);
            _index[r] = i;
        }
    }

    private void Validate(Var x, int count)
    {
        _x = x;
        var v = x.Value;
        if (v.Rank != 2 || v.Dim(0) != count)
            throw new ShapeMismatchException("Gather", v.ShapeString, $"[{count}] indices", "expects [R, C] values and one index per row");
        _rows = v.Dim(0); _cols = v.Dim(1);
        if (_index.Length != _rows) _index = new int[_rows];
        EnsureValue(_rows);
        RequiresGrad = x.RequiresGrad;
    }

    private ArgumentOutOfRangeException OutOfRange(int row, float value) =>
        new("index", $"Gather: index {value} at row {row} is not an integer in [0, {_cols}) for values {_x.Value.ShapeString}.");

    internal override void Forward()
    {
        var x = _x.Value.Span; var y = _value!.Span;
        for (int r = 0; r < _rows; r++) y[r] = x[r * _cols + _index[r]];
    }

    internal override void Backward()
    {
        var g = GradBuffer.Span; var gx = _x.GradBuffer.Span;
        for (int r = 0; r < _rows; r++) gx[r * _cols + _index[r]] += g[r];
    }

    internal override void ComputeTangent()
    {
        var tx = TangentOf(_x);
        if (tx is null) { ClearTangent(); return; }
        var t = EnsureTangent().Span; var ts = tx.Span;
        for (int r = 0; r < _rows; r++) t[r] = ts[r * _cols + _index[r]];
    }
}

public sealed partial class Tape
{
    /// <summary>
    /// <c>y[r] = x[r, index[r]]</c>: one column per row of an <c>[R, C]</c> tensor, giving <c>[R]</c>.
    /// The indices are copied and checked to lie in <c>[0, C)</c>.
    /// </summary>
    public Var Gather(Var x, ReadOnlySpan<int> index)
    {
        Own(x, "Gather");
        var node = Next<GatherNode>();
        node.Bind(x, index);
        return Run(node);
    }

    /// <summary>
    /// <c>y[r] = x[r, index[r]]</c> with the indices given as a float <c>[R]</c> or <c>[R, 1]</c> tensor of whole numbers
    /// (discrete actions in Ascent's flat float32 form); each must be an integer in <c>[0, C)</c>.
    /// </summary>
    public Var Gather(Var x, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        Own(x, "Gather");
        var node = Next<GatherNode>();
        node.Bind(x, index);
        return Run(node);
    }
}
