using Ascent.Environments.Spaces;
using Ascent.Numerics;

namespace Ascent.Environments.Vector;

/// <summary>
/// <see cref="NumEnvs"/> copies of an environment stepped as one batch, with automatic reset, writing into
/// preallocated struct-of-arrays buffers: <see cref="Observations"/> <c>[N·obsSize]</c> (row i is env i),
/// <see cref="Rewards"/>, <see cref="Terminated"/>, <see cref="Truncated"/> <c>[N]</c>.
/// </summary>
/// <remarks>
/// <para><b>Autoreset: same step</b> (as Stable-Baselines3's VecEnv and Gymnasium's <c>AutoresetMode.SAME_STEP</c>).
/// When env i terminates or is truncated by a step, that same <see cref="Step"/> resets it: row i of
/// <see cref="Observations"/> is the <em>first observation of its next episode</em>, while
/// <see cref="Rewards"/>[i], <see cref="Terminated"/>[i] and <see cref="Truncated"/>[i] describe the finished
/// step. The last observation of the finished episode is row i of <see cref="FinalObservations"/>, and its
/// statistics are <see cref="FinalEpisodes"/>[i]; both are valid exactly when <see cref="IsDone"/>(i) after the last
/// step. A learner bootstraps V(s_T) from <see cref="FinalObservations"/> where Truncated &amp;&amp; !Terminated and
/// uses 0 where Terminated. Every step is a real transition: no step is spent on resets.</para>
/// <para><b>Seeding.</b> <c>Reset(seed)</c> seeds env i with <c>seed + i</c> (as Gymnasium's vector envs);
/// automatic resets continue each env's own stream without options.</para>
/// <para>Buffers belong to the vector environment and are overwritten by the next call.</para>
/// </remarks>
public abstract class VectorEnv : IDisposable
{
    /// <summary>Allocates the buffers for <paramref name="numEnvs"/> copies with the given single-env spaces.</summary>
    protected VectorEnv(int numEnvs, Space singleObservationSpace, Space singleActionSpace)
    {
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, $"{GetType().Name}: numEnvs must be at least 1.");
        NumEnvs = numEnvs;
        SingleObservationSpace = singleObservationSpace ?? throw new ArgumentNullException(nameof(singleObservationSpace));
        SingleActionSpace = singleActionSpace ?? throw new ArgumentNullException(nameof(singleActionSpace));
        ObservationSize = singleObservationSpace.FlatSize;
        ActionSize = singleActionSpace.FlatSize;
        Observations = new float[numEnvs * ObservationSize];
        FinalObservations = new float[numEnvs * ObservationSize];
        Rewards = new double[numEnvs];
        Terminated = new bool[numEnvs];
        Truncated = new bool[numEnvs];
        FinalEpisodes = new EpisodeStatistics[numEnvs];
        EpisodeReturns = new double[numEnvs];
        EpisodeLengths = new int[numEnvs];
    }

    /// <summary>The number of copies N.</summary>
    public int NumEnvs { get; }

    /// <summary>The observation space of one copy.</summary>
    public Space SingleObservationSpace { get; }

    /// <summary>The action space of one copy.</summary>
    public Space SingleActionSpace { get; }

    /// <summary>Floats per observation (<see cref="Space.FlatSize"/> of <see cref="SingleObservationSpace"/>).</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action (<see cref="Space.FlatSize"/> of <see cref="SingleActionSpace"/>).</summary>
    public int ActionSize { get; }

    /// <summary>The registration this vector environment was made from, if any.</summary>
    public EnvSpec? Spec { get; set; }

    /// <summary>A display name: the spec id, or the type name.</summary>
    public virtual string Name => Spec?.Id ?? GetType().Name;

    /// <summary>Current observations, <c>[N·ObservationSize]</c>, row-major (after an automatic reset: the new episode's first).</summary>
    public float[] Observations { get; }

    /// <summary>Rewards of the last step, <c>[N]</c>.</summary>
    public double[] Rewards { get; }

    /// <summary>Whether each env reached a terminal state on the last step, <c>[N]</c>.</summary>
    public bool[] Terminated { get; }

    /// <summary>Whether each env was truncated (e.g. by its time limit) on the last step, <c>[N]</c>.</summary>
    public bool[] Truncated { get; }

    /// <summary>Last observations of episodes that ended on the last step, <c>[N·ObservationSize]</c>; row i is valid when <see cref="IsDone"/>(i).</summary>
    public float[] FinalObservations { get; }

    /// <summary>Statistics (return, length, seconds) of episodes that ended on the last step; entry i is valid when <see cref="IsDone"/>(i).</summary>
    public EpisodeStatistics[] FinalEpisodes { get; }

    /// <summary>Return accumulated so far in each env's running episode (undiscounted, raw rewards).</summary>
    public double[] EpisodeReturns { get; }

    /// <summary>Steps taken so far in each env's running episode.</summary>
    public int[] EpisodeLengths { get; }

    /// <summary>Whether env i's episode ended on the last step (terminated or truncated).</summary>
    public bool IsDone(int i) => Terminated[i] || Truncated[i];

    /// <summary>Row i of <see cref="Observations"/>.</summary>
    public Span<float> Observation(int i) => Observations.AsSpan(i * ObservationSize, ObservationSize);

    /// <summary>Row i of <see cref="FinalObservations"/>.</summary>
    public Span<float> FinalObservation(int i) => FinalObservations.AsSpan(i * ObservationSize, ObservationSize);

    /// <summary>Resets every env (env i with <c>seed + i</c> when a seed is given) and writes the first observations; clears the step buffers.</summary>
    public abstract void Reset(int? seed = null, IReadOnlyDictionary<string, double>? options = null);

    /// <summary>Steps every env with its action (row i of <paramref name="actions"/>, <c>[N·ActionSize]</c>), resetting those whose episode ends.</summary>
    public abstract void Step(ReadOnlySpan<float> actions);

    /// <summary>
    /// Whether <see cref="SaveState"/> captures this environment completely (every level of wrappers, every copy's
    /// physics, episode clock and generator). Built-in classic-control vector environments and normalisation wrappers do.
    /// </summary>
    public virtual bool SupportsState => false;

    /// <summary>
    /// Writes everything needed to continue stepping exactly as this environment would into <paramref name="state"/>:
    /// the current observations, the running episodes' returns and lengths, and what <see cref="SaveStateCore"/> adds.
    /// Throws <see cref="NotSupportedException"/> unless <see cref="SupportsState"/>.
    /// </summary>
    public void SaveState(VectorEnvState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!SupportsState)
            throw new NotSupportedException($"{Name} ({GetType().Name}) cannot save its state; checkpoints of it restart the environments when resumed.");
        state.Set("observations", Observations);
        state.Set("episode_returns", EpisodeReturns);
        state.Set("episode_lengths", EpisodeLengths);
        SaveStateCore(state);
    }

    /// <summary>
    /// Restores a state written by <see cref="SaveState"/> of an environment with the same id and number of copies; the
    /// next <see cref="Step"/> continues from it (no <see cref="Reset"/> is needed). A missing or misfitting entry is
    /// an <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public void LoadState(VectorEnvState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!SupportsState)
            throw new NotSupportedException($"{Name} ({GetType().Name}) cannot restore a saved state.");
        LoadStateCore(state);
        state.Get("observations", Observations);
        state.Get("episode_returns", EpisodeReturns);
        state.Get("episode_lengths", EpisodeLengths);
        Array.Clear(Rewards);
        Array.Clear(Terminated);
        Array.Clear(Truncated);
    }

    /// <summary>Writes the implementation's own state (physics, clocks, generators, wrapped environments).</summary>
    protected virtual void SaveStateCore(VectorEnvState state) { }

    /// <summary>Reads what <see cref="SaveStateCore"/> wrote (called before the base buffers are restored).</summary>
    protected virtual void LoadStateCore(VectorEnvState state) { }

    /// <summary>Writes one uniformly sampled action per env into <paramref name="actions"/> (<c>[N·ActionSize]</c>).</summary>
    public void SampleActions(Rng rng, Span<float> actions)
    {
        CheckActionsLength(actions.Length);
        if (SingleActionSpace is Discrete d)
        {
            BatchActionSampler.Discrete(rng, d, actions);
            return;
        }
        if (SingleActionSpace is Box { IsBounded: true } box)
        {
            BatchActionSampler.BoundedBox(rng, box, actions);
            return;
        }
        for (int i = 0; i < NumEnvs; i++) SingleActionSpace.Sample(rng, actions.Slice(i * ActionSize, ActionSize));
    }

    /// <summary>Throws unless an action batch has <c>N·ActionSize</c> floats.</summary>
    protected void CheckActionsLength(int length)
    {
        if (length != NumEnvs * ActionSize)
            throw new ArgumentException($"{Name}: expected {NumEnvs}×{ActionSize} = {NumEnvs * ActionSize} action values for {NumEnvs} envs with action space {SingleActionSpace}, got {length}.", "actions");
    }

    /// <summary>Releases resources (worker threads, wrapped environments).</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
