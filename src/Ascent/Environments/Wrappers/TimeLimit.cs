namespace Ascent.Environments.Wrappers;

/// <summary>
/// Truncates episodes after a number of steps (Gymnasium's <c>TimeLimit</c>): the step that brings the count since
/// reset to <see cref="MaxEpisodeSteps"/> returns <c>truncated = true</c>. Termination by the environment on that
/// same step is reported too (both flags can be true).
/// </summary>
public sealed class TimeLimit : Wrapper
{
    /// <summary>Wraps <paramref name="env"/> with a limit of <paramref name="maxEpisodeSteps"/> steps (at least 1).</summary>
    public TimeLimit(Env env, int maxEpisodeSteps) : base(env)
    {
        if (maxEpisodeSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, $"TimeLimit({env.Name}): maxEpisodeSteps must be at least 1.");
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    private int _elapsed;

    /// <summary>The number of steps after which an episode is truncated.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset; settable in [0, <see cref="MaxEpisodeSteps"/>] to restore a checkpointed episode.</summary>
    public int ElapsedSteps
    {
        get => _elapsed;
        set => _elapsed = value >= 0 && value <= MaxEpisodeSteps ? value
            : throw new ArgumentOutOfRangeException(nameof(ElapsedSteps), value, $"TimeLimit({Name}): ElapsedSteps = {value} is outside the allowed range [0, {MaxEpisodeSteps}].");
    }

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        _elapsed = 0;
        base.ResetCore(options, observation);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var (reward, terminated, truncated) = base.StepCore(action, observation);
        _elapsed++;
        return (reward, terminated, truncated || _elapsed >= MaxEpisodeSteps);
    }
}
