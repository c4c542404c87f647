using Ascent.Environments.Normalization;
using Ascent.Environments.Spaces;

namespace Ascent.Environments.Wrappers;

/// <summary>
/// Normalises observations with running statistics (Gymnasium's <c>NormalizeObservation</c>; see
/// <see cref="ObservationNormalizer"/>): each observation from reset or step first updates the statistics (unless
/// frozen), then is returned as <c>clip((x − mean)/sqrt(var + ε))</c>.
/// </summary>
public sealed class NormalizeObservation : Wrapper
{
    private readonly Box _space;

    /// <summary>Wraps <paramref name="env"/> with a new normaliser (clip 10, ε = 1e-8 by default) or a given, e.g. restored, one.</summary>
    public NormalizeObservation(Env env, double clip = 10.0, double epsilon = 1e-8, ObservationNormalizer? normalizer = null) : base(env)
    {
        int size = env.ObservationSpace.FlatSize;
        Normalizer = normalizer ?? new ObservationNormalizer(size, clip, epsilon);
        if (Normalizer.Size != size)
            throw new ArgumentException($"NormalizeObservation({env.Name}): the normaliser has size {Normalizer.Size}, the observations {size}.", nameof(normalizer));
        _space = new Box((float)-Normalizer.Clip, (float)Normalizer.Clip, [.. env.ObservationSpace.Shape.DefaultIfEmpty(1)]);
    }

    /// <summary>The statistics and settings (save them with a model; set <c>Frozen</c> for evaluation).</summary>
    public ObservationNormalizer Normalizer { get; }

    /// <inheritdoc />
    public override Space ObservationSpace => _space;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        base.ResetCore(options, observation);
        Normalizer.Update(observation);
        Normalizer.Normalize(observation, observation);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var result = base.StepCore(action, observation);
        Normalizer.Update(observation);
        Normalizer.Normalize(observation, observation);
        return result;
    }
}
