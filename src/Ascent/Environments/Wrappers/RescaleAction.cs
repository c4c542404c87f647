using Ascent.Environments.Spaces;

namespace Ascent.Environments.Wrappers;

/// <summary>
/// Maps actions from [min, max] affinely onto the wrapped environment's <see cref="Box"/> bounds [low, high], then
/// clips to them (Gymnasium's <c>RescaleAction</c>): a policy emitting values in [−1, 1] drives any bounded box.
/// </summary>
public sealed class RescaleAction : Wrapper
{
    private readonly Box _inner;
    private readonly Box _space;
    private readonly float[] _scaled;

    /// <summary>Wraps <paramref name="env"/> so that actions in [<paramref name="minAction"/>, <paramref name="maxAction"/>] (per element) cover its bounded Box.</summary>
    public RescaleAction(Env env, float minAction = -1f, float maxAction = 1f) : base(env)
    {
        _inner = env.ActionSpace as Box ?? throw new ArgumentException($"RescaleAction({env.Name}): the action space must be a Box, got {env.ActionSpace}.", nameof(env));
        if (!_inner.IsBounded) throw new ArgumentException($"RescaleAction({env.Name}): the action space {_inner} must have finite bounds.", nameof(env));
        if (!(float.IsFinite(minAction) && float.IsFinite(maxAction) && minAction < maxAction))
            throw new ArgumentOutOfRangeException(nameof(minAction), $"RescaleAction({env.Name}): need finite minAction < maxAction, got [{minAction}, {maxAction}].");
        _space = new Box(minAction, maxAction, [.. _inner.Shape]);
        _scaled = new float[_inner.FlatSize];
    }

    /// <summary>The box [min, max] the policy acts in.</summary>
    public override Space ActionSpace => _space;

    /// <inheritdoc />
    protected override void ValidateAction(ReadOnlySpan<float> action) => ActionCheck.Validate(Name, _space, action);

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        ReadOnlySpan<float> low = _inner.Low, high = _inner.High, min = _space.Low, max = _space.High;
        for (int i = 0; i < _scaled.Length; i++)
        {
            double t = ((double)action[i] - min[i]) / ((double)max[i] - min[i]);
            _scaled[i] = (float)Math.Clamp(low[i] + (high[i] - (double)low[i]) * t, low[i], high[i]);
        }
        return base.StepCore(_scaled, observation);
    }
}
