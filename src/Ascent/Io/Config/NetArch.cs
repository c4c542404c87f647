namespace Ascent.Io.Config;

/// <summary>
/// The hidden-layer widths of the policy (<see cref="Pi"/>) and value (<see cref="Vf"/>) networks, as
/// Stable-Baselines3's <c>net_arch</c>: <c>[64, 64]</c> for the same widths in both, or
/// <c>dict(pi=[256, 256], vf=[256, 256])</c> for separate ones. The older form
/// <c>[dict(pi=[…], vf=[…])]</c> is read too.
/// </summary>
public sealed class NetArch : IEquatable<NetArch>
{
    private readonly int[] _pi, _vf;

    /// <summary>The same hidden widths for both networks (an empty list means no hidden layer).</summary>
    public NetArch(params int[] shared) : this(shared, shared) { }

    /// <summary>Separate hidden widths for the policy and value networks.</summary>
    public NetArch(int[] pi, int[] vf)
    {
        ArgumentNullException.ThrowIfNull(pi);
        ArgumentNullException.ThrowIfNull(vf);
        foreach (int w in pi.Concat(vf))
            if (w < 1) throw new ArgumentOutOfRangeException(nameof(pi), w, "NetArch: every layer width must be at least 1.");
        _pi = (int[])pi.Clone();
        _vf = (int[])vf.Clone();
    }

    /// <summary>Hidden widths of the policy network.</summary>
    public IReadOnlyList<int> Pi => _pi;

    /// <summary>Hidden widths of the value network.</summary>
    public IReadOnlyList<int> Vf => _vf;

    /// <summary>Whether both networks have the same widths.</summary>
    public bool IsShared => _pi.AsSpan().SequenceEqual(_vf);

    /// <inheritdoc />
    public bool Equals(NetArch? other) => other is not null && _pi.AsSpan().SequenceEqual(other._pi) && _vf.AsSpan().SequenceEqual(other._vf);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NetArch);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int w in _pi) h.Add(w);
        h.Add(-1);
        foreach (int w in _vf) h.Add(w);
        return h.ToHashCode();
    }

    /// <summary><c>[64, 64]</c> or <c>dict(pi=[…], vf=[…])</c>.</summary>
    public override string ToString() =>
        IsShared ? List(_pi) : $"dict(pi={List(_pi)}, vf={List(_vf)})";

    private static string List(int[] widths) => "[" + string.Join(", ", widths) + "]";
}
