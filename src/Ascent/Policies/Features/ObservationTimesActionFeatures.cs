namespace Ascent.Policies.Features;

/// <summary>
/// The products of each observation entry with each action indicator: φ(o,a)[k·A + a'] = o_k · 1[a = a'], D = O·A.
/// With the aliased gridworld's wall bits this is the lecture's "(wall to N, a = move E)" feature set (seed 000);
/// with a one-hot observation it is the tabular softmax.
/// </summary>
public sealed class ObservationTimesActionFeatures : IActionFeatures
{
    /// <summary>Creates the features for observations of <paramref name="observationSize"/> floats and <paramref name="actions"/> actions.</summary>
    public ObservationTimesActionFeatures(int observationSize, int actions)
    {
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize), observationSize, "ObservationTimesActionFeatures: observationSize must be at least 1.");
        if (actions < 1) throw new ArgumentOutOfRangeException(nameof(actions), actions, "ObservationTimesActionFeatures: actions must be at least 1.");
        ObservationSize = observationSize;
        Actions = actions;
    }

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public int Actions { get; }

    /// <inheritdoc />
    public int Dimension => ObservationSize * Actions;

    /// <inheritdoc />
    public void Write(ReadOnlySpan<float> observation, Span<float> features)
    {
        PolicyChecks.Observation("ObservationTimesActionFeatures.Write", observation.Length, ObservationSize);
        features.Slice(0, Actions * Dimension).Clear();
        for (int a = 0; a < Actions; a++)
        {
            var row = features.Slice(a * Dimension, Dimension);
            for (int k = 0; k < ObservationSize; k++) row[k * Actions + a] = observation[k];
        }
    }
}
