namespace Ascent.Estimators;

/// <summary>
/// How the advantage and return estimators see a rollout segment: <c>T</c> steps of <c>N</c> parallel environments
/// stored time-major, entry <c>t·N + i</c> for step <c>t</c> of environment <c>i</c>, with three per-step inputs.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>rewards[t,i]</c> = <c>r_t</c>, the reward of the transition taken at step t.</item>
/// <item><c>values[t,i]</c> = <c>V(s_t)</c>, the critic at the state the action was taken in.</item>
/// <item><c>nextValues[t,i]</c> = the value of the state that follows step t: <c>V(s_{t+1})</c> inside an episode and
/// at the end of the segment, <c>V(final observation)</c> when the episode was truncated there, and <c>0</c> when it
/// terminated (a terminal state has no future). <see cref="NextStateValues"/> builds it.</item>
/// <item><c>episodeEnds[t,i]</c>: the episode ended at step t (terminated or truncated), so row t+1 of env i belongs
/// to a new episode and no estimate may look past step t.</item>
/// </list>
/// With these, every estimator is one backward or forward pass per environment, and episode boundaries, terminations,
/// truncations and segment ends are all handled by the same two rules: bootstrap with <c>nextValues</c>, stop at
/// <c>episodeEnds</c>.
/// </remarks>
internal static class SegmentLayout
{
    /// <summary>Throws unless every span holds <c>T·N</c> entries for a whole number <c>T</c> of steps; returns <c>T</c>.</summary>
    public static int Steps(string estimator, int numEnvs, int length, params ReadOnlySpan<(string Name, int Length)> others)
    {
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, $"{estimator}: numEnvs must be at least 1.");
        if (length % numEnvs != 0)
            throw new ArgumentException($"{estimator}: rewards has {length} entries, not a multiple of numEnvs = {numEnvs} (the layout is [T, N], time-major).");
        foreach (var (name, n) in others)
            if (n != length) throw new ArgumentException($"{estimator}: {name} has {n} entries, rewards has {length}; all must be T·N = {length / numEnvs}·{numEnvs}.");
        return length / numEnvs;
    }

    /// <summary>Throws unless γ (and optionally λ) lie in [0, 1].</summary>
    public static void CheckDiscount(string estimator, string name, float value)
    {
        if (!(value >= 0f && value <= 1f))
            throw new ArgumentOutOfRangeException(name, value, $"{estimator}: {name} = {value} is outside the allowed range [0, 1].");
    }
}
