using System.Globalization;
using Ascent.Numerics;

namespace Ascent.Environments.Spaces;

/// <summary>
/// A box <c>[low, high]</c> of float32 values with a shape (Gymnasium's <c>Box</c>); bounds may be infinite.
/// </summary>
/// <remarks>
/// <see cref="Sample(Rng, Span{float})"/> follows Gymnasium: uniform on bounded coordinates, normal on
/// unbounded ones, shifted exponential on half-bounded ones.
/// </remarks>
public sealed class Box : Space
{
    private readonly float[] _low, _high;
    private readonly int[] _shape;

    /// <summary>Creates a box with per-element bounds; <paramref name="low"/> and <paramref name="high"/> have the shape's size.</summary>
    public Box(float[] low, float[] high, params int[] shape)
    {
        if (shape.Length == 0) shape = [low.Length];
        int size = Tensor.CheckedSize(shape);
        if (low.Length != size || high.Length != size)
            throw new ArgumentException($"Box: low has {low.Length} and high has {high.Length} values, shape {Tensor.Format(shape)} needs {size}.");
        for (int i = 0; i < size; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"Box: bound {i} is invalid (low={low[i]}, high={high[i]}).");
        }
        _low = (float[])low.Clone(); _high = (float[])high.Clone(); _shape = (int[])shape.Clone();
    }

    /// <summary>Creates a box with the same scalar bounds for every element.</summary>
    public Box(float low, float high, params int[] shape)
        : this(Enumerable.Repeat(low, Tensor.CheckedSize(shape)).ToArray(), Enumerable.Repeat(high, Tensor.CheckedSize(shape)).ToArray(), shape) { }

    /// <summary>Lower bounds, one per element.</summary>
    public ReadOnlySpan<float> Low => _low;

    /// <summary>Upper bounds, one per element.</summary>
    public ReadOnlySpan<float> High => _high;

    /// <inheritdoc />
    public override IReadOnlyList<int> Shape => _shape;

    /// <inheritdoc />
    public override int FlatSize => _low.Length;

    /// <summary>Whether every coordinate has finite bounds on both sides.</summary>
    public bool IsBounded
    {
        get
        {
            for (int i = 0; i < _low.Length; i++)
                if (float.IsInfinity(_low[i]) || float.IsInfinity(_high[i])) return false;
            return true;
        }
    }

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> element)
    {
        if (element.Length != _low.Length) return false;
        for (int i = 0; i < element.Length; i++)
        {
            float v = element[i];
            if (float.IsNaN(v) || v < _low[i] || v > _high[i]) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override void Sample(Rng rng, Span<float> destination)
    {
        CheckLength(destination, "Box.Sample");
        for (int i = 0; i < destination.Length; i++)
        {
            bool lo = float.IsFinite(_low[i]), hi = float.IsFinite(_high[i]);
            double v = (lo, hi) switch
            {
                (true, true) => rng.Uniform(_low[i], _high[i]),
                (false, false) => rng.Normal(),
                (true, false) => _low[i] - Math.Log(1.0 - rng.NextDouble()),
                (false, true) => _high[i] + Math.Log(1.0 - rng.NextDouble()),
            };
            destination[i] = (float)v;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);
        bool uniform = _low.All(v => v == _low[0]) && _high.All(v => v == _high[0]);
        string bounds = uniform ? $"{F(_low[0])}, {F(_high[0])}" : $"[{string.Join(", ", _low.Select(F))}], [{string.Join(", ", _high.Select(F))}]";
        return $"Box({bounds}, ({string.Join(", ", _shape)}{(_shape.Length == 1 ? "," : "")}), float32)";
    }
}
