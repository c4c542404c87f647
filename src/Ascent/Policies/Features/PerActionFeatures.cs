namespace Ascent.Policies.Features;

/// <summary>
/// Features that depend on the action only, φ(s,a) = <c>perAction[a]</c> for every observation — the short corridor's
/// x(s,right) = [1,0], x(s,left) = [0,1] (Sutton &amp; Barto Example 13.1), where every state looks the same.
/// </summary>
public sealed class PerActionFeatures : IActionFeatures
{
    private readonly float[] _features; // A × D

    /// <summary>Creates the features; every row of <paramref name="perAction"/> has the same length D ≥ 1.</summary>
    /// <param name="perAction">φ(·,a) for each action a.</param>
    /// <param name="observationSize">Floats per observation (ignored, but checked).</param>
    public PerActionFeatures(float[][] perAction, int observationSize = 1)
    {
        ArgumentNullException.ThrowIfNull(perAction);
        if (perAction.Length == 0) throw new ArgumentException("PerActionFeatures: needs the features of at least one action.", nameof(perAction));
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize), observationSize, "PerActionFeatures: observationSize must be at least 1.");
        int d = perAction[0].Length;
        if (d < 1) throw new ArgumentException("PerActionFeatures: the features need at least one dimension.", nameof(perAction));
        _features = new float[perAction.Length * d];
        for (int a = 0; a < perAction.Length; a++)
        {
            if (perAction[a].Length != d) throw new ArgumentException($"PerActionFeatures: action {a} has {perAction[a].Length} features, action 0 has {d}.", nameof(perAction));
            foreach (float f in perAction[a])
                if (!float.IsFinite(f)) throw new ArgumentException($"PerActionFeatures: the features of action {a} are not all finite.", nameof(perAction));
            perAction[a].CopyTo(_features, a * d);
        }
        Actions = perAction.Length;
        Dimension = d;
        ObservationSize = observationSize;
    }

    /// <summary>The short corridor's features x(s,right) = [1,0], x(s,left) = [0,1] (actions 0 = right, 1 = left).</summary>
    public static PerActionFeatures ShortCorridor() => new([[1f, 0f], [0f, 1f]]);

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public int Actions { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<float> observation, Span<float> features)
    {
        PolicyChecks.Observation("PerActionFeatures.Write", observation.Length, ObservationSize);
        _features.CopyTo(features);
    }
}
