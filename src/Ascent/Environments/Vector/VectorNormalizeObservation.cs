using Ascent.Environments.Normalization;
using Ascent.Environments.Spaces;

namespace Ascent.Environments.Vector;

/// <summary>
/// Normalises the observations of all N envs with one shared <see cref="ObservationNormalizer"/> (Gymnasium's vector
/// <c>NormalizeObservation</c>, Stable-Baselines3's <c>VecNormalize</c>): every reset or step updates the statistics
/// with the batch of N current observations (unless frozen) and normalises it; final observations of finished
/// episodes are normalised with the same statistics, not added to them.
/// </summary>
public sealed class VectorNormalizeObservation : VectorEnvWrapper
{
    /// <summary>Wraps <paramref name="inner"/> with a new normaliser (clip 10, ε = 1e-8 by default) or a given, e.g. restored, one.</summary>
    public VectorNormalizeObservation(VectorEnv inner, double clip = 10.0, double epsilon = 1e-8, ObservationNormalizer? normalizer = null)
        : base(inner, NormalizedSpace(inner, normalizer?.Clip ?? clip))
    {
        Normalizer = normalizer ?? new ObservationNormalizer(inner.ObservationSize, clip, epsilon);
        if (Normalizer.Size != inner.ObservationSize)
            throw new ArgumentException($"VectorNormalizeObservation({inner.Name}): the normaliser has size {Normalizer.Size}, the observations {inner.ObservationSize}.", nameof(normalizer));
    }

    /// <summary>The shared statistics and settings (save them with a model; set <c>Frozen</c> for evaluation).</summary>
    public ObservationNormalizer Normalizer { get; }

    /// <inheritdoc />
    protected override void OnReset()
    {
        Normalizer.Update(Observations);
        Normalizer.Normalize(Observations, Observations);
    }

    /// <inheritdoc />
    protected override void OnStep()
    {
        Normalizer.Update(Observations);
        Normalizer.Normalize(Observations, Observations);
        for (int i = 0; i < NumEnvs; i++)
        {
            if (!IsDone(i)) continue;
            var row = FinalObservation(i);
            Normalizer.Normalize(row, row);
        }
    }

    private static Box NormalizedSpace(VectorEnv inner, double clip) =>
        new((float)-clip, (float)clip, [.. inner.SingleObservationSpace.Shape.DefaultIfEmpty(1)]);
}
