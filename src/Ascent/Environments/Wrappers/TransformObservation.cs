using Ascent.Environments.Spaces;

namespace Ascent.Environments.Wrappers;

/// <summary>Computes a transformed observation from <paramref name="observation"/> into <paramref name="result"/>.</summary>
public delegate void ObservationTransform(ReadOnlySpan<float> observation, Span<float> result);

/// <summary>
/// Applies a function to every observation (Gymnasium's <c>TransformObservation</c>), optionally changing the
/// observation space (and with it the observation's length).
/// </summary>
public sealed class TransformObservation : Wrapper
{
    private readonly ObservationTransform _transform;
    private readonly Space? _space;
    private readonly float[] _raw;

    /// <summary>Wraps <paramref name="env"/>; <paramref name="observationSpace"/> describes the transformed observations (default: unchanged).</summary>
    public TransformObservation(Env env, ObservationTransform transform, Space? observationSpace = null) : base(env)
    {
        _transform = transform ?? throw new ArgumentNullException(nameof(transform));
        _space = observationSpace;
        _raw = new float[env.ObservationSpace.FlatSize];
    }

    /// <inheritdoc />
    public override Space ObservationSpace => _space ?? Inner.ObservationSpace;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        Inner.Reset(null, options).Observation.CopyTo(_raw, 0);
        _transform(_raw, observation);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var r = Inner.Step(action);
        r.Observation.CopyTo(_raw, 0);
        _transform(_raw, observation);
        return (r.Reward, r.Terminated, r.Truncated);
    }
}
