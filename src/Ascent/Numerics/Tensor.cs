using System.Runtime.CompilerServices;

namespace Ascent.Numerics;

/// <summary>
/// A dense float32 tensor: contiguous, row-major, with an explicit shape (rank 0 to 4).
/// </summary>
/// <remarks>
/// Ascent's networks work on rank-2 batches <c>[rows, columns]</c> (one row per sample) and rank-1
/// vectors <c>[n]</c>; rank 0 is a scalar. <see cref="Data"/> has exactly <see cref="Size"/> elements.
/// <see cref="Reshape(int[])"/> returns a view that shares <see cref="Data"/>.
/// </remarks>
public sealed class Tensor
{
    private readonly float[] _data;
    private readonly int[] _shape;

    /// <summary>Creates a zero tensor of the given shape.</summary>
    public Tensor(params int[] shape) : this(new float[CheckedSize(shape)], shape, copyShape: true) { }

    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape; the lengths must agree.</summary>
    public Tensor(float[] data, params int[] shape) : this(data, shape, copyShape: true)
    {
        if (data.Length != CheckedSize(shape))
            throw new ArgumentException($"Tensor: data has {data.Length} elements but shape {Format(shape)} needs {CheckedSize(shape)}.", nameof(data));
    }

    private Tensor(float[] data, int[] shape, bool copyShape)
    {
        _data = data;
        _shape = copyShape ? (int[])shape.Clone() : shape;
        if (_shape.Length > 4) throw new ArgumentException($"Tensor: rank {_shape.Length} is not supported (at most 4), shape {Format(_shape)}.");
    }

    /// <summary>A zero tensor of the given shape.</summary>
    public static Tensor Zeros(params int[] shape) => new(shape);

    /// <summary>A tensor of the given shape filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor(shape);
        t.Fill(value);
        return t;
    }

    /// <summary>A rank-0 tensor holding one value.</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>A rank-1 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor Vector(params float[] values) => new((float[])values.Clone(), values.Length);

    /// <summary>A rank-2 tensor from a rectangular array (copied).</summary>
    public static Tensor Matrix(float[,] values)
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        var t = new Tensor(r, c);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                t._data[i * c + j] = values[i, j];
        return t;
    }

    /// <summary>The underlying storage, row-major, exactly <see cref="Size"/> elements.</summary>
    public float[] Data => _data;

    /// <summary>The elements as a span.</summary>
    public Span<float> Span => _data;

    /// <summary>The shape (one entry per axis).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public int Size => _data.Length;

    /// <summary>The length of axis <paramref name="axis"/> (negative counts from the end).</summary>
    public int Dim(int axis) => _shape[axis < 0 ? _shape.Length + axis : axis];

    /// <summary>Rows when viewed as a matrix: the first axis for rank ≥ 2, 1 for rank 0 or 1.</summary>
    public int Rows => _shape.Length >= 2 ? _shape[0] : 1;

    /// <summary>Columns when viewed as a matrix: the product of the axes after the first (rank ≥ 2), the length for rank 1, 1 for rank 0.</summary>
    public int Cols => _shape.Length switch { 0 => 1, 1 => _shape[0], _ => _data.Length / Math.Max(1, _shape[0]) };

    /// <summary>Element <paramref name="i"/> of the flat storage.</summary>
    public float this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _data[i];
        [MethodImpl(MethodImplOptions.AggressiveInlining)] set => _data[i] = value;
    }

    /// <summary>Element (<paramref name="row"/>, <paramref name="col"/>) of a rank-2 tensor.</summary>
    public float this[int row, int col]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => _data[row * _shape[1] + col];
        [MethodImpl(MethodImplOptions.AggressiveInlining)] set => _data[row * _shape[1] + col] = value;
    }

    /// <summary>Row <paramref name="row"/> of a rank-2 tensor as a span.</summary>
    public Span<float> Row(int row)
    {
        int c = Cols;
        return _data.AsSpan(row * c, c);
    }

    /// <summary>A view with a new shape sharing this tensor's storage; the sizes must agree.</summary>
    public Tensor Reshape(params int[] shape)
    {
        if (CheckedSize(shape) != _data.Length)
            throw new ArgumentException($"Tensor.Reshape: cannot view shape {ShapeString} ({_data.Length} elements) as {Format(shape)}.");
        return new Tensor(_data, shape, copyShape: true);
    }

    /// <summary>Whether both tensors have the same shape.</summary>
    public bool SameShape(Tensor other) => _shape.AsSpan().SequenceEqual(other._shape);

    /// <summary>Whether this tensor has the given shape.</summary>
    public bool HasShape(ReadOnlySpan<int> shape) => _shape.AsSpan().SequenceEqual(shape);

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(float value) => _data.AsSpan().Fill(value);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Array.Clear(_data);

    /// <summary>Copies the elements of <paramref name="source"/>, whose shape must match.</summary>
    public void CopyFrom(Tensor source)
    {
        CheckSameShape("Tensor.CopyFrom", this, source);
        source._data.AsSpan().CopyTo(_data);
    }

    /// <summary>A deep copy.</summary>
    public Tensor Clone() => new((float[])_data.Clone(), _shape, copyShape: true);

    /// <summary>The shape formatted like <c>[64, 4]</c>.</summary>
    public string ShapeString => Format(_shape);

    /// <inheritdoc />
    public override string ToString()
    {
        const int max = 8;
        var shown = string.Join(", ", _data.Take(max).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return $"Tensor{ShapeString} {{{shown}{(_data.Length > max ? ", …" : "")}}}";
    }

    /// <summary>Formats a shape like <c>[64, 4]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0) return "[]";
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>Throws an exception naming <paramref name="op"/> and both shapes unless they are equal.</summary>
    public static void CheckSameShape(string op, Tensor a, Tensor b)
    {
        if (!a.SameShape(b))
            throw new ShapeMismatchException(op, a.ShapeString, b.ShapeString);
    }

    internal static int CheckedSize(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor: negative dimension in shape {Format(shape)}.");
            size *= d;
            if (size > Array.MaxLength) throw new ArgumentException($"Tensor: shape {Format(shape)} is too large.");
        }
        return (int)size;
    }
}

/// <summary>Thrown when an operation receives tensors whose shapes do not fit; the message prints both shapes.</summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="op"/> with the two offending shapes.</summary>
    public ShapeMismatchException(string op, string left, string right, string? detail = null)
        : base($"{op}: shape mismatch {left} vs {right}{(detail is null ? "" : " (" + detail + ")")}.")
    {
        Operation = op; LeftShape = left; RightShape = right;
    }

    /// <summary>The operation that rejected the shapes.</summary>
    public string Operation { get; }
    /// <summary>The first operand's shape.</summary>
    public string LeftShape { get; }
    /// <summary>The second operand's shape.</summary>
    public string RightShape { get; }
}
