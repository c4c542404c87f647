using Ascent.Environments.Spaces;
using Ascent.Environments.Vector;
using Ascent.Numerics;

namespace Ascent.Environments;

/// <summary>
/// A reinforcement-learning environment with Gymnasium's API:
/// <c>Reset(seed, options) → (obs, info)</c> and <c>Step(action) → (obs, reward, terminated, truncated, info)</c>.
/// </summary>
/// <remarks>
/// <para><b>Buffers.</b> Observations are float32 vectors in the flat representation of
/// <see cref="ObservationSpace"/> (see <see cref="Space"/>). The array returned by <see cref="Reset"/> and
/// <see cref="Step(ReadOnlySpan{float})"/> belongs to the environment and is overwritten by the next call:
/// copy it (<c>obs.ToArray()</c>) to keep it. This makes stepping allocation-free.</para>
/// <para><b>Seeding.</b> As in Gymnasium, <c>Reset(seed)</c> re-creates <see cref="NpRandom"/> from the seed
/// (NumPy's <c>PCG64(SeedSequence(seed))</c>, see <see cref="Rng"/>), and <c>Reset()</c> continues the
/// current stream. An environment never seeded draws its seed from the operating system.</para>
/// <para><b>Order.</b> <see cref="Step(ReadOnlySpan{float})"/> before the first <see cref="Reset"/> throws, as
/// Gymnasium's <c>OrderEnforcing</c> wrapper does.</para>
/// <para><b>Actions.</b> <see cref="Step(ReadOnlySpan{float})"/> checks the action with <see cref="ValidateAction"/>
/// before <see cref="StepCore"/> sees it: a discrete action outside the space, an action of the wrong length or a
/// NaN in a <see cref="Box"/> action throws an exception naming the environment, the space and the value. Box actions
/// outside the bounds are passed on: each environment clips them where Gymnasium's does.</para>
/// <para><b>After the end of an episode.</b> Stepping again without <see cref="Reset"/> is allowed and does what
/// the Gymnasium environment does (CartPole, for example, returns reward 0 and raises one warning through
/// <see cref="EnvWarnings"/>).</para>
/// <para><b>Implementing an environment:</b> override <see cref="ObservationSpace"/>, <see cref="ActionSpace"/>,
/// <see cref="ResetCore"/> and <see cref="StepCore"/>.</para>
/// </remarks>
public abstract class Env : IDisposable
{
    private Rng? _npRandom;
    private float[]? _observation;
    private bool _hasReset;

    /// <summary>The space of observations.</summary>
    public abstract Space ObservationSpace { get; }

    /// <summary>The space of actions.</summary>
    public abstract Space ActionSpace { get; }

    /// <summary>The registration this environment was made from (id, episode limit, reward threshold), if any.</summary>
    public EnvSpec? Spec { get; set; }

    /// <summary>A display name: the spec id, or the type name.</summary>
    public virtual string Name => Spec?.Id ?? GetType().Name;

    /// <summary>The environment's own random generator (Gymnasium's <c>np_random</c>); wrappers forward the wrapped one.</summary>
    public virtual Rng NpRandom
    {
        get => _npRandom ??= new Rng((ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue));
        protected set => _npRandom = value;
    }

    /// <summary>The innermost environment beneath any wrappers.</summary>
    public virtual Env Unwrapped => this;

    /// <summary>Extra information of the last reset or step (shared, cleared on each call).</summary>
    public virtual EnvInfo Info { get; } = new();

    /// <summary>The observation buffer returned by <see cref="Reset"/> and <see cref="Step(ReadOnlySpan{float})"/>.</summary>
    protected float[] ObservationBuffer => _observation ??= new float[ObservationSpace.FlatSize];

    /// <summary>Re-seeds <see cref="NpRandom"/> as <c>Reset(seed)</c> does; wrappers forward it to the wrapped environment.</summary>
    public virtual void Seed(int seed)
    {
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, $"{Name}: the seed must be non-negative.");
        _npRandom = new Rng((ulong)seed);
    }

    /// <summary>Starts a new episode; with a <paramref name="seed"/>, first re-seeds the environment's generator.</summary>
    /// <param name="seed">Re-seeds <see cref="NpRandom"/> when given.</param>
    /// <param name="options">Environment-specific options, e.g. <c>low</c>/<c>high</c> for the initial-state range.</param>
    public ResetResult Reset(int? seed = null, IReadOnlyDictionary<string, double>? options = null)
    {
        if (seed is int s) Seed(s);
        Info.Clear();
        var obs = ObservationBuffer;
        ResetCore(options, obs);
        _hasReset = true;
        return new ResetResult(obs, Info);
    }

    /// <summary>Advances the environment by one step with the action in its flat representation.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // wrappers call it on every step
    public StepResult Step(ReadOnlySpan<float> action)
    {
        if (!_hasReset) ThrowStepBeforeReset();
        ValidateAction(action);
        var info = Info;
        info.Clear();
        var obs = _observation ?? ObservationBuffer;
        var (reward, terminated, truncated) = StepCore(action, obs);
        return new StepResult(obs, reward, terminated, truncated, info);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowStepBeforeReset() =>
        throw new InvalidOperationException($"{Name}: Step called before Reset (Gymnasium's OrderEnforcing); call Reset first.");

    /// <summary>Advances the environment by one step with a discrete action.</summary>
    public StepResult Step(int action)
    {
        Span<float> a = [action];
        return Step(a);
    }

    /// <summary>
    /// Throws unless <paramref name="action"/> is a valid action: the length of the action space's flat
    /// representation, an element of a discrete space, no NaN in a <see cref="Box"/> (bounds are not enforced:
    /// environments clip where Gymnasium's do). Override to check more, or less (wrappers leave it to the wrapped env).
    /// </summary>
    protected virtual void ValidateAction(ReadOnlySpan<float> action)
    {
        var space = ActionSpace;
        if (!ActionCheck.IsValid(space, action)) ActionCheck.Validate(Name, space, action); // the name only for the message
    }

    /// <summary>Reports a warning through <see cref="EnvWarnings"/> (Gymnasium's <c>logger.warn</c>).</summary>
    protected void Warn(string message) => EnvWarnings.Raise(this, message);

    /// <summary>Writes the initial observation of a new episode (the generator is already seeded).</summary>
    protected abstract void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation);

    /// <summary>Applies <paramref name="action"/>, writes the next observation and returns the reward and end flags.</summary>
    protected abstract (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation);

    /// <summary>Releases resources held by the environment (none by default).</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>The result of <see cref="Env.Reset"/>: the first observation (owned by the environment) and info.</summary>
public readonly record struct ResetResult(float[] Observation, EnvInfo Info);

/// <summary>The result of <see cref="Env.Step(ReadOnlySpan{float})"/>, in Gymnasium's order.</summary>
/// <param name="Observation">The next observation (owned by the environment, overwritten by the next call).</param>
/// <param name="Reward">The reward of this transition (double, as Gymnasium's Python float).</param>
/// <param name="Terminated">The episode reached a terminal state of the MDP (no bootstrapping).</param>
/// <param name="Truncated">The episode was cut short, e.g. by a time limit (bootstrap from the final observation).</param>
/// <param name="Info">Extra information.</param>
public readonly record struct StepResult(float[] Observation, double Reward, bool Terminated, bool Truncated, EnvInfo Info);

/// <summary>Extra information from a reset or step: episode statistics when an episode ends, and free-form entries.</summary>
public sealed class EnvInfo
{
    private Dictionary<string, object>? _extra;

    /// <summary>Set by <c>RecordEpisodeStatistics</c> on the step that ends an episode.</summary>
    public EpisodeStatistics? Episode { get; set; }

    /// <summary>Free-form entries (allocated on first use).</summary>
    public IDictionary<string, object> Extra => _extra ??= new Dictionary<string, object>();

    /// <summary>Whether any free-form entry is present.</summary>
    public bool HasExtra => _extra is { Count: > 0 };

    /// <summary>Removes all entries.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Clear()
    {
        Episode = null;
        _extra?.Clear();
    }
}

/// <summary>The statistics of a finished episode: return, length and wall time (Gymnasium's <c>info["episode"]</c>: r, l, t).</summary>
public readonly record struct EpisodeStatistics(double Return, int Length, double Seconds);

/// <summary>A registered environment: id, entry point, episode limit and reward threshold (Gymnasium's <c>EnvSpec</c>).</summary>
public sealed record EnvSpec(string Id, int? MaxEpisodeSteps, double? RewardThreshold, Func<Env> EntryPoint)
{
    /// <summary>Free-form description for <c>ascent envs</c>.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// An optional batched implementation stepping many copies at once, given the number of copies and the episode
    /// limit (null: none); <see cref="Envs.MakeVector"/> prefers it to stepping separate environments.
    /// </summary>
    public Func<int, int?, AutoResetVectorEnv>? VectorEntryPoint { get; init; }
}
