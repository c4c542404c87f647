namespace Ascent.Policies.Features;

/// <summary>
/// One-hot features of a <c>Discrete(N)</c> observation: φ(s) = e_s. A linear value function over them is a table
/// v̂(s) = w[s]; with N = 1 (the short corridor, where every state looks the same) it is one constant.
/// </summary>
public sealed class OneHotFeatures : IStateFeatures
{
    /// <summary>Creates the features for observations in [0, <paramref name="states"/>).</summary>
    public OneHotFeatures(int states)
    {
        if (states < 1) throw new ArgumentOutOfRangeException(nameof(states), states, "OneHotFeatures: states must be at least 1.");
        Dimension = states;
    }

    /// <inheritdoc />
    public int ObservationSize => 1;

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<float> observation, Span<float> features)
    {
        int s = SoftmaxRow.StateIndex(observation, Dimension, "OneHotFeatures.Write");
        features.Slice(0, Dimension).Clear();
        features[s] = 1f;
    }
}
