using Ascent.Numerics;

namespace Ascent.Environments.Spaces;

/// <summary>
/// The set of valid observations or actions, with Gymnasium's semantics (<c>contains</c>, <c>sample</c>).
/// </summary>
/// <remarks>
/// Ascent stores every element of every space as float32 values in a flat span of length
/// <see cref="FlatSize"/>: a <see cref="Discrete"/> element is one float holding the integer index, a
/// <see cref="Box"/> element is its values in row-major order, a <see cref="MultiDiscrete"/> element one
/// float per sub-space, a <see cref="MultiBinary"/> element one 0/1 float per bit. Integers below 2²⁴
/// are exact in float32. One representation lets rollout buffers, vector environments and policies
/// share preallocated float arrays.
/// </remarks>
public abstract class Space
{
    /// <summary>The shape of one element (Gymnasium's <c>shape</c>; <c>[]</c> for <see cref="Discrete"/>).</summary>
    public abstract IReadOnlyList<int> Shape { get; }

    /// <summary>The number of floats one element occupies in Ascent's flat representation.</summary>
    public abstract int FlatSize { get; }

    /// <summary>Whether <paramref name="element"/> (flat representation) belongs to the space.</summary>
    public abstract bool Contains(ReadOnlySpan<float> element);

    /// <summary>Writes a uniformly sampled element (Gymnasium's <c>sample()</c> distribution) into <paramref name="destination"/>.</summary>
    public abstract void Sample(Rng rng, Span<float> destination);

    /// <summary>A short description such as <c>Discrete(2)</c> or <c>Box(-2.0, 2.0, (1,), float32)</c>.</summary>
    public abstract override string ToString();

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="element"/> has <see cref="FlatSize"/> floats.</summary>
    protected void CheckLength(ReadOnlySpan<float> element, string what)
    {
        if (element.Length != FlatSize) ThrowWrongLength(element.Length, what); // the throw out of line, so the check inlines
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowWrongLength(int length, string what) =>
        throw new ArgumentException($"{what}: expected {FlatSize} value(s) for {this}, got {length}.");
}
