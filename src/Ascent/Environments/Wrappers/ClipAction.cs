using Ascent.Environments.Spaces;

namespace Ascent.Environments.Wrappers;

/// <summary>
/// Clips continuous actions to the wrapped environment's <see cref="Box"/> bounds before stepping (Gymnasium's
/// <c>ClipAction</c>); the wrapper accepts any finite or infinite value, so its action space is unbounded.
/// </summary>
public sealed class ClipAction : Wrapper
{
    private readonly Box _inner;
    private readonly Box _space;
    private readonly float[] _clipped;

    /// <summary>Wraps <paramref name="env"/>, whose action space must be a <see cref="Box"/>.</summary>
    public ClipAction(Env env) : base(env)
    {
        _inner = env.ActionSpace as Box ?? throw new ArgumentException($"ClipAction({env.Name}): the action space must be a Box, got {env.ActionSpace}.", nameof(env));
        _space = new Box(float.NegativeInfinity, float.PositiveInfinity, [.. _inner.Shape]);
        _clipped = new float[_inner.FlatSize];
    }

    /// <summary>Unbounded: every value is clipped into the wrapped environment's bounds.</summary>
    public override Space ActionSpace => _space;

    /// <inheritdoc />
    protected override void ValidateAction(ReadOnlySpan<float> action) => ActionCheck.Validate(Name, _space, action);

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var low = _inner.Low;
        var high = _inner.High;
        for (int i = 0; i < _clipped.Length; i++) _clipped[i] = Math.Clamp(action[i], low[i], high[i]);
        return base.StepCore(_clipped, observation);
    }
}
