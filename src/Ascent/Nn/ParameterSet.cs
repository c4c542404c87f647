using System.Collections;
using Ascent.Autodiff;

namespace Ascent.Nn;

/// <summary>
/// An ordered collection of named <see cref="Parameter"/>s with a flat view: all values (or gradients, or
/// tangents) laid end to end in one float vector, in insertion order and row-major within each tensor.
/// </summary>
/// <remarks>
/// Gradient-free search (CEM, CMA-ES, ES) reads and writes <see cref="CopyValuesTo"/>/<see cref="CopyValuesFrom"/>;
/// TRPO's conjugate gradient works on <see cref="CopyGradientsTo"/> and <see cref="SetTangents"/>; optimizers
/// walk the parameters in order. Names must be unique. None of the flat-view methods allocate.
/// </remarks>
public sealed class ParameterSet : IReadOnlyList<Parameter>
{
    private readonly List<Parameter> _parameters = new();
    private readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates an empty set.</summary>
    public ParameterSet() { }

    /// <summary>Creates a set holding <paramref name="parameters"/> in order (names must be unique).</summary>
    public ParameterSet(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters) Add(p);
    }

    /// <summary>Appends a parameter; its name must not already be in the set.</summary>
    public void Add(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!_byName.TryAdd(parameter.Name, parameter))
            throw new ArgumentException($"ParameterSet.Add: a parameter named '{parameter.Name}' is already in the set.", nameof(parameter));
        _parameters.Add(parameter);
        Size += parameter.Size;
    }

    /// <summary>Appends every parameter of <paramref name="other"/> (names must stay unique).</summary>
    public void AddRange(IEnumerable<Parameter> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var p in other) Add(p);
    }

    /// <summary>The number of parameter tensors.</summary>
    public int Count => _parameters.Count;

    /// <summary>The total number of scalar entries: the length of the flat view.</summary>
    public int Size { get; private set; }

    /// <summary>The parameter at position <paramref name="index"/>.</summary>
    public Parameter this[int index] => _parameters[index];

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    public Parameter this[string name] => _byName.TryGetValue(name, out var p) ? p
        : throw new KeyNotFoundException($"ParameterSet: no parameter named '{name}' (have: {string.Join(", ", _parameters.Select(q => q.Name))}).");

    /// <summary>Copies all values into <paramref name="destination"/> (length <see cref="Size"/>).</summary>
    public void CopyValuesTo(Span<float> destination)
    {
        CheckLength("CopyValuesTo", destination.Length);
        int offset = 0;
        foreach (var p in _parameters) { p.Value.Span.CopyTo(destination.Slice(offset)); offset += p.Size; }
    }

    /// <summary>Overwrites all values from <paramref name="source"/> (length <see cref="Size"/>).</summary>
    public void CopyValuesFrom(ReadOnlySpan<float> source)
    {
        CheckLength("CopyValuesFrom", source.Length);
        int offset = 0;
        foreach (var p in _parameters) { source.Slice(offset, p.Size).CopyTo(p.Value.Span); offset += p.Size; }
    }

    /// <summary>Copies all accumulated gradients into <paramref name="destination"/> (length <see cref="Size"/>).</summary>
    public void CopyGradientsTo(Span<float> destination)
    {
        CheckLength("CopyGradientsTo", destination.Length);
        int offset = 0;
        foreach (var p in _parameters) { p.Grad.Span.CopyTo(destination.Slice(offset)); offset += p.Size; }
    }

    /// <summary>Overwrites all gradients from <paramref name="source"/> (length <see cref="Size"/>), e.g. an evolution-strategies estimate handed to an optimizer.</summary>
    public void CopyGradientsFrom(ReadOnlySpan<float> source)
    {
        CheckLength("CopyGradientsFrom", source.Length);
        int offset = 0;
        foreach (var p in _parameters) { source.Slice(offset, p.Size).CopyTo(p.Grad.Span); offset += p.Size; }
    }

    /// <summary>Sets every parameter's <see cref="Parameter.Tangent"/> from a flat direction (for forward-mode products); tangent buffers are allocated once and reused.</summary>
    public void SetTangents(ReadOnlySpan<float> direction)
    {
        CheckLength("SetTangents", direction.Length);
        int offset = 0;
        foreach (var p in _parameters)
        {
            var t = p.Tangent;
            if (t is null || !t.SameShape(p.Value)) p.Tangent = t = new Numerics.Tensor(p.Value.Shape.ToArray());
            direction.Slice(offset, p.Size).CopyTo(t.Span);
            offset += p.Size;
        }
    }

    /// <summary>Sets every parameter's tangent to zero (the zero direction), keeping the buffers for reuse.</summary>
    public void ClearTangents()
    {
        foreach (var p in _parameters) p.Tangent?.Clear();
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.ZeroGrad();
    }

    /// <summary>The Euclidean norm of all gradients taken together, <c>‖(∇θ₁, …, ∇θₙ)‖₂</c> (accumulated in double).</summary>
    public double GradientNorm()
    {
        double sum = 0;
        foreach (var p in _parameters) sum += TensorPrimitives.SumOfSquares<float>(p.Grad.Span);
        return Math.Sqrt(sum);
    }

    /// <summary>Whether every value is finite (no NaN or ±∞).</summary>
    public bool ValuesAreFinite()
    {
        foreach (var p in _parameters)
            foreach (var v in p.Value.Span)
                if (!float.IsFinite(v)) return false;
        return true;
    }

    /// <inheritdoc />
    public IEnumerator<Parameter> GetEnumerator() => _parameters.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => $"ParameterSet({Count} tensors, {Size} values: {string.Join(", ", _parameters)})";

    private void CheckLength(string op, int length)
    {
        if (length != Size)
            throw new ArgumentException($"ParameterSet.{op}: the flat vector has {length} elements but the set holds {Size} values ({Count} tensors).");
    }
}
