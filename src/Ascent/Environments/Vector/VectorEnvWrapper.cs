using Ascent.Environments.Spaces;

namespace Ascent.Environments.Vector;

/// <summary>
/// A vector environment that wraps another (Gymnasium's <c>VectorWrapper</c>): after every reset and step it copies
/// the wrapped buffers into its own, then lets a subclass transform them in <see cref="OnReset"/> and
/// <see cref="OnStep"/>. Episode statistics stay those of the wrapped environment (raw rewards).
/// </summary>
public abstract class VectorEnvWrapper : VectorEnv
{
    /// <summary>Wraps <paramref name="inner"/>; <paramref name="observationSpace"/> replaces its single observation space (same flat size).</summary>
    protected VectorEnvWrapper(VectorEnv inner, Space? observationSpace = null)
        : base((inner ?? throw new ArgumentNullException(nameof(inner))).NumEnvs, observationSpace ?? inner.SingleObservationSpace, inner.SingleActionSpace)
    {
        Inner = inner;
        if (ObservationSize != inner.ObservationSize)
            throw new ArgumentException($"{GetType().Name}({inner.Name}): the observation space {observationSpace} must keep the flat size {inner.ObservationSize}.", nameof(observationSpace));
        Spec = inner.Spec;
    }

    /// <summary>The wrapped vector environment.</summary>
    public VectorEnv Inner { get; }

    /// <inheritdoc />
    public override string Name => Inner.Name;

    /// <inheritdoc />
    public sealed override void Reset(int? seed = null, IReadOnlyDictionary<string, double>? options = null)
    {
        Inner.Reset(seed, options);
        Inner.Observations.CopyTo(Observations, 0);
        Array.Clear(Rewards);
        Array.Clear(Terminated);
        Array.Clear(Truncated);
        Array.Clear(EpisodeReturns);
        Array.Clear(EpisodeLengths);
        OnReset();
    }

    /// <inheritdoc />
    public sealed override void Step(ReadOnlySpan<float> actions)
    {
        Inner.Step(actions);
        Inner.Observations.CopyTo(Observations, 0);
        Inner.Rewards.CopyTo(Rewards, 0);
        Inner.Terminated.CopyTo(Terminated, 0);
        Inner.Truncated.CopyTo(Truncated, 0);
        Inner.EpisodeReturns.CopyTo(EpisodeReturns, 0);
        Inner.EpisodeLengths.CopyTo(EpisodeLengths, 0);
        int size = ObservationSize;
        for (int i = 0; i < NumEnvs; i++)
        {
            if (!IsDone(i)) continue;
            Array.Copy(Inner.FinalObservations, i * size, FinalObservations, i * size, size);
            FinalEpisodes[i] = Inner.FinalEpisodes[i];
        }
        OnStep();
    }

    /// <summary>Supported when the wrapped environment's state is (a wrapper adds its own with <see cref="SaveStateCore"/>).</summary>
    public override bool SupportsState => Inner.SupportsState;

    /// <summary>Saves the wrapped environment's state under <c>inner/</c>.</summary>
    protected override void SaveStateCore(VectorEnvState state) => Inner.SaveState(state.Nested("inner"));

    /// <summary>Restores the wrapped environment's state from <c>inner/</c>.</summary>
    protected override void LoadStateCore(VectorEnvState state) => Inner.LoadState(state.Nested("inner"));

    /// <summary>Transforms the buffers after a reset (copied from <see cref="Inner"/>).</summary>
    protected virtual void OnReset() { }

    /// <summary>Transforms the buffers after a step (copied from <see cref="Inner"/>; final observations only where done).</summary>
    protected virtual void OnStep() { }

    /// <summary>Disposes the wrapped vector environment.</summary>
    public override void Dispose()
    {
        Inner.Dispose();
        base.Dispose();
    }
}
