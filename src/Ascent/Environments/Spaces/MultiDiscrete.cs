using Ascent.Numerics;

namespace Ascent.Environments.Spaces;

/// <summary>A vector of independent discrete choices, element <c>i</c> in <c>{0, …, nvec[i] − 1}</c> (Gymnasium's <c>MultiDiscrete</c>).</summary>
public sealed class MultiDiscrete : Space
{
    private readonly int[] _nvec;

    /// <summary>Creates the space; every entry of <paramref name="nvec"/> must be positive.</summary>
    public MultiDiscrete(params int[] nvec)
    {
        if (nvec.Length == 0) throw new ArgumentException("MultiDiscrete: nvec must not be empty.", nameof(nvec));
        for (int i = 0; i < nvec.Length; i++)
            if (nvec[i] <= 0) throw new ArgumentOutOfRangeException(nameof(nvec), $"MultiDiscrete: nvec[{i}] = {nvec[i]} must be positive.");
        _nvec = (int[])nvec.Clone();
    }

    /// <summary>The number of choices of each component.</summary>
    public ReadOnlySpan<int> Nvec => _nvec;

    /// <inheritdoc />
    public override IReadOnlyList<int> Shape => [_nvec.Length];

    /// <inheritdoc />
    public override int FlatSize => _nvec.Length;

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> element)
    {
        if (element.Length != _nvec.Length) return false;
        for (int i = 0; i < element.Length; i++)
        {
            float v = element[i];
            if (!float.IsFinite(v) || v != MathF.Floor(v) || v < 0 || v >= _nvec[i]) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override void Sample(Rng rng, Span<float> destination)
    {
        CheckLength(destination, "MultiDiscrete.Sample");
        for (int i = 0; i < destination.Length; i++) destination[i] = rng.Integer(_nvec[i]);
    }

    /// <inheritdoc />
    public override string ToString() => $"MultiDiscrete([{string.Join(", ", _nvec)}])";
}
