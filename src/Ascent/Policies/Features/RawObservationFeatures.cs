namespace Ascent.Policies.Features;

/// <summary>The observation itself as features, optionally followed by a constant 1 (a bias): φ(s) = [o, 1].</summary>
public sealed class RawObservationFeatures : IStateFeatures
{
    /// <summary>Creates the features for observations of <paramref name="observationSize"/> floats.</summary>
    public RawObservationFeatures(int observationSize, bool bias = true)
    {
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize), observationSize, "RawObservationFeatures: observationSize must be at least 1.");
        ObservationSize = observationSize;
        Bias = bias;
    }

    /// <summary>Whether a constant 1 is appended.</summary>
    public bool Bias { get; }

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public int Dimension => ObservationSize + (Bias ? 1 : 0);

    /// <inheritdoc />
    public void Write(ReadOnlySpan<float> observation, Span<float> features)
    {
        PolicyChecks.Observation("RawObservationFeatures.Write", observation.Length, ObservationSize);
        observation.CopyTo(features);
        if (Bias) features[ObservationSize] = 1f;
    }
}
