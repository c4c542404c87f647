using Ascent.Numerics;

namespace Ascent.Environments.Spaces;

/// <summary>The integers <c>{start, …, start + n − 1}</c> (Gymnasium's <c>Discrete(n, start)</c>); one float per element.</summary>
public sealed class Discrete : Space
{
    /// <summary>Creates <c>Discrete(n, start)</c>; <paramref name="n"/> must be positive.</summary>
    public Discrete(int n, int start = 0)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Discrete: n must be positive.");
        N = n; Start = start;
    }

    /// <summary>The number of elements.</summary>
    public int N { get; }

    /// <summary>The smallest element.</summary>
    public int Start { get; }

    /// <inheritdoc />
    public override IReadOnlyList<int> Shape => [];

    /// <inheritdoc />
    public override int FlatSize => 1;

    /// <summary>Whether the integer <paramref name="value"/> belongs to the space.</summary>
    public bool Contains(int value) => value >= Start && value < Start + N;

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> element)
    {
        if (element.Length != 1) return false;
        float v = element[0];
        return float.IsFinite(v) && v == MathF.Floor(v) && Contains((int)v);
    }

    /// <summary>A uniformly drawn element.</summary>
    public int Sample(Rng rng) => Start + rng.Integer(N);

    /// <inheritdoc />
    public override void Sample(Rng rng, Span<float> destination)
    {
        CheckLength(destination, "Discrete.Sample");
        destination[0] = Sample(rng);
    }

    /// <inheritdoc />
    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
