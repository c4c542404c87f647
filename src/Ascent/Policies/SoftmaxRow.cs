namespace Ascent.Policies;

/// <summary>Double-precision softmax helpers for the per-step fast paths of the small softmax policies.</summary>
internal static class SoftmaxRow
{
    /// <summary>Writes π = softmax(<paramref name="preferences"/>) into <paramref name="probabilities"/> and returns
    /// log Σ_b exp h_b, so that log π(a) = h_a − (the returned value). The maximum is subtracted first.</summary>
    public static double Softmax(ReadOnlySpan<double> preferences, Span<double> probabilities)
    {
        double max = double.NegativeInfinity;
        foreach (double h in preferences) if (h > max) max = h;
        double sum = 0;
        for (int a = 0; a < preferences.Length; a++) sum += probabilities[a] = Math.Exp(preferences[a] - max);
        double inverse = 1 / sum;
        for (int a = 0; a < preferences.Length; a++) probabilities[a] *= inverse;
        return max + Math.Log(sum);
    }

    /// <summary>The first index of the largest entry.</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>Draws an index with probability <paramref name="probabilities"/>[i] (inverse CDF with one uniform double).</summary>
    public static int Sample(ReadOnlySpan<double> probabilities, Numerics.Rng rng)
    {
        double u = rng.NextDouble(), cumulative = 0;
        int last = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] <= 0) continue;
            cumulative += probabilities[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last; // rounding left u above the cumulative sum: the last action with mass
    }

    /// <summary>The discrete action index in <paramref name="action"/>[0], checked to be a whole number in [0, <paramref name="actions"/>).</summary>
    public static int ActionIndex(ReadOnlySpan<float> action, int actions, string owner)
    {
        if (action.Length != 1)
            throw new ArgumentException($"{owner}: a discrete action is one float, got {action.Length}.", nameof(action));
        float value = action[0];
        if (!(value >= 0 && value < actions) || value != MathF.Floor(value))
            throw new ArgumentOutOfRangeException(nameof(action), value, $"{owner}: the action must be a whole number in [0, {actions}).");
        return (int)value;
    }

    /// <summary>The discrete observation index in <paramref name="observation"/>[0], checked to be a whole number in [0, <paramref name="states"/>).</summary>
    public static int StateIndex(ReadOnlySpan<float> observation, int states, string owner)
    {
        if (observation.Length != 1)
            throw new ArgumentException($"{owner}: a discrete observation is one float, got {observation.Length}.", nameof(observation));
        float value = observation[0];
        if (!(value >= 0 && value < states) || value != MathF.Floor(value))
            throw new ArgumentOutOfRangeException(nameof(observation), value, $"{owner}: the observation must be a whole number in [0, {states}).");
        return (int)value;
    }
}
