namespace Ascent.Environments.Wrappers;

/// <summary>Applies a function to every reward (Gymnasium's <c>TransformReward</c>), e.g. <c>r =&gt; Math.Sign(r)</c>.</summary>
public sealed class TransformReward : Wrapper
{
    private readonly Func<double, double> _transform;

    /// <summary>Wraps <paramref name="env"/>.</summary>
    public TransformReward(Env env, Func<double, double> transform) : base(env) =>
        _transform = transform ?? throw new ArgumentNullException(nameof(transform));

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var (reward, terminated, truncated) = base.StepCore(action, observation);
        return (_transform(reward), terminated, truncated);
    }
}
