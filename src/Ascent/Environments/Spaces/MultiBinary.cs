using Ascent.Numerics;

namespace Ascent.Environments.Spaces;

/// <summary>A vector of <c>n</c> bits, each stored as 0 or 1 (Gymnasium's <c>MultiBinary(n)</c>).</summary>
public sealed class MultiBinary : Space
{
    /// <summary>Creates the space of <paramref name="n"/> bits.</summary>
    public MultiBinary(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "MultiBinary: n must be positive.");
        N = n;
    }

    /// <summary>The number of bits.</summary>
    public int N { get; }

    /// <inheritdoc />
    public override IReadOnlyList<int> Shape => [N];

    /// <inheritdoc />
    public override int FlatSize => N;

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> element)
    {
        if (element.Length != N) return false;
        foreach (var v in element) if (v != 0f && v != 1f) return false;
        return true;
    }

    /// <inheritdoc />
    public override void Sample(Rng rng, Span<float> destination)
    {
        CheckLength(destination, "MultiBinary.Sample");
        for (int i = 0; i < destination.Length; i++) destination[i] = rng.Integer(2);
    }

    /// <inheritdoc />
    public override string ToString() => $"MultiBinary({N})";
}
