using Ascent.Environments.Spaces;
using Ascent.Numerics;

namespace Ascent.Environments.Wrappers;

/// <summary>
/// An environment that wraps another and changes part of its behaviour (Gymnasium's <c>Wrapper</c>). By default
/// everything is forwarded: spaces, seeding, the random generator, <see cref="Env.Info"/> (shared along the chain)
/// and <see cref="Env.Unwrapped"/>; the observation is copied into the wrapper's own buffer.
/// </summary>
/// <remarks>
/// Action checks are left to the wrapped environment; a wrapper that changes the action space overrides
/// <see cref="Env.ValidateAction"/>. Disposing a wrapper disposes the wrapped environment.
/// </remarks>
public abstract class Wrapper : Env
{
    /// <summary>Wraps <paramref name="env"/>.</summary>
    protected Wrapper(Env env) => Inner = env ?? throw new ArgumentNullException(nameof(env));

    /// <summary>The wrapped environment (Gymnasium's <c>env.env</c>).</summary>
    public Env Inner { get; }

    /// <inheritdoc />
    public override Space ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public override Space ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public override Env Unwrapped => Inner.Unwrapped;

    /// <inheritdoc />
    public override EnvInfo Info => Inner.Info;

    /// <inheritdoc />
    public override Rng NpRandom => Inner.NpRandom;

    /// <inheritdoc />
    public override string Name => Spec?.Id ?? Inner.Name;

    /// <inheritdoc />
    public override void Seed(int seed) => Inner.Seed(seed);

    /// <summary>Does nothing: the wrapped environment checks the action it receives.</summary>
    protected override void ValidateAction(ReadOnlySpan<float> action) { }

    /// <summary>Resets the wrapped environment (already seeded through <see cref="Seed"/>) and copies its observation.</summary>
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation) =>
        Inner.Reset(null, options).Observation.CopyTo(observation);

    /// <summary>Steps the wrapped environment and copies its observation.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // into wrappers' base.StepCore calls
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var r = Inner.Step(action);
        CopyObservation(r.Observation, observation);
        return (r.Reward, r.Terminated, r.Truncated);
    }

    /// <summary>Copies an observation; short ones (classic control: 2–6 floats) element by element, cheaper than a memmove call.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void CopyObservation(float[] source, Span<float> destination)
    {
        if (source.Length <= 8 && source.Length == destination.Length)
            for (int i = 0; i < source.Length; i++) destination[i] = source[i];
        else source.CopyTo(destination);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        Inner.Dispose();
        base.Dispose();
    }
}
