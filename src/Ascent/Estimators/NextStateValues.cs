namespace Ascent.Estimators;

/// <summary>
/// The value of the state after each step of a segment — the bootstrap every estimator uses (see
/// <see cref="SegmentLayout"/>): never bootstrap on termination, bootstrap from the final observation on truncation,
/// and from <c>V(s_T)</c> where the segment cuts a running episode.
/// </summary>
public static class NextStateValues
{
    /// <summary>
    /// Fills <paramref name="nextValues"/> <c>[T·N]</c>:
    /// <c>0</c> where <paramref name="terminated"/>;
    /// else <paramref name="truncationValues"/><c>[t,i]</c> = <c>V(final observation)</c> where <paramref name="truncated"/>
    /// (0 there disables truncation bootstrapping, as CleanRL does);
    /// else <c>V(s_{t+1})</c> = <paramref name="values"/><c>[t+1,i]</c>, or <paramref name="lastValues"/><c>[i]</c> = <c>V(s_T)</c> at the last step.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> values, ReadOnlySpan<float> lastValues, ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated, ReadOnlySpan<float> truncationValues, int numEnvs, Span<float> nextValues)
    {
        int steps = SegmentLayout.Steps("NextStateValues", numEnvs, values.Length,
            ("terminated", terminated.Length), ("truncated", truncated.Length), ("truncationValues", truncationValues.Length), ("nextValues", nextValues.Length));
        if (lastValues.Length != numEnvs)
            throw new ArgumentException($"NextStateValues: lastValues has {lastValues.Length} entries, need one per environment ({numEnvs}).", nameof(lastValues));
        int n = numEnvs;
        for (int t = 0; t < steps; t++)
        {
            var following = t + 1 < steps ? values.Slice((t + 1) * n, n) : lastValues;
            for (int i = 0; i < n; i++)
            {
                int k = t * n + i;
                nextValues[k] = terminated[k] ? 0f : truncated[k] ? truncationValues[k] : following[i];
            }
        }
    }
}
