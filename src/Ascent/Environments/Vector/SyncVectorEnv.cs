using Ascent.Environments.Spaces;
using Ascent.Environments.Wrappers;

namespace Ascent.Environments.Vector;

/// <summary>
/// A vector environment over N separate <see cref="Env"/> objects (Gymnasium's <c>SyncVectorEnv</c>), with
/// same-step automatic reset (see <see cref="VectorEnv"/>). Works for any environment; set
/// <see cref="AutoResetVectorEnv.Threads"/> to step sub-batches on several cores when steps are expensive.
/// </summary>
public sealed class SyncVectorEnv : AutoResetVectorEnv
{
    private readonly Env[] _envs;

    /// <summary>Creates <paramref name="numEnvs"/> environments with <paramref name="factory"/> (e.g. <c>() =&gt; Envs.Make(id)</c>).</summary>
    public SyncVectorEnv(int numEnvs, Func<Env> factory) : this(Create(numEnvs, factory)) { }

    /// <summary>Steps the given environments, which must share their observation and action spaces; disposing this disposes them.</summary>
    public SyncVectorEnv(IReadOnlyList<Env> envs) : base(CheckNonEmpty(envs).Count, envs[0].ObservationSpace, envs[0].ActionSpace)
    {
        _envs = envs.ToArray();
        for (int i = 1; i < _envs.Length; i++)
        {
            if (!SameSpace(_envs[i].ObservationSpace, SingleObservationSpace) || !SameSpace(_envs[i].ActionSpace, SingleActionSpace))
                throw new ArgumentException($"SyncVectorEnv: env {i} ({_envs[i].Name}) has spaces {_envs[i].ObservationSpace} / {_envs[i].ActionSpace}, env 0 has {SingleObservationSpace} / {SingleActionSpace}.", nameof(envs));
        }
        Spec = _envs[0].Spec;
    }

    /// <summary>The environments, env i at index i.</summary>
    public IReadOnlyList<Env> Envs => _envs;

    /// <inheritdoc />
    public override string Name => Spec?.Id ?? _envs[0].Name;

    /// <inheritdoc />
    protected override void StepRange(int start, int end, ReadOnlySpan<float> actions)
    {
        int o = ObservationSize, a = ActionSize;
        for (int i = start; i < end; i++)
        {
            var r = _envs[i].Step(actions.Slice(i * a, a));
            r.Observation.AsSpan().CopyTo(Observations.AsSpan(i * o, o));
            Rewards[i] = r.Reward;
            Terminated[i] = r.Terminated;
            Truncated[i] = r.Truncated;
        }
    }

    /// <inheritdoc />
    protected override void ResetEnv(int index, int? seed, IReadOnlyDictionary<string, double>? options) =>
        _envs[index].Reset(seed, options).Observation.AsSpan().CopyTo(Observation(index));

    /// <summary>
    /// True when every environment is a <see cref="IStatefulEnv"/> under nothing but <see cref="TimeLimit"/> wrappers (what
    /// <see cref="Ascent.Environments.Envs.Make"/> builds for the classic-control environments): its state is then the physics, the
    /// generator and the episode clocks. Bookkeeping after termination (CartPole's warning counter) never matters here,
    /// because every environment is reset in the step that ends its episode.
    /// </summary>
    public override bool SupportsState => _envs.All(e => e.Unwrapped is IStatefulEnv && Layers(e).All(l => l is TimeLimit));

    /// <inheritdoc />
    protected override void SaveStateCore(VectorEnvState state)
    {
        base.SaveStateCore(state);
        for (int i = 0; i < _envs.Length; i++)
        {
            var env = state.Nested(EnvName(i));
            var stateful = (IStatefulEnv)_envs[i].Unwrapped;
            env.Set("physics", stateful.GetState());
            env.SetRng("rng", _envs[i].NpRandom);
            env.Set("elapsed", Layers(_envs[i]).Select(l => ((TimeLimit)l).ElapsedSteps).ToArray());
        }
    }

    /// <inheritdoc />
    protected override void LoadStateCore(VectorEnvState state)
    {
        base.LoadStateCore(state);
        for (int i = 0; i < _envs.Length; i++)
        {
            var env = state.Nested(EnvName(i));
            var e = _envs[i];
            var stateful = (IStatefulEnv)e.Unwrapped;
            var physics = new double[stateful.StateSize];
            env.Get("physics", physics);
            var rng = env.GetRng("rng");
            if (rng.Seed > int.MaxValue || rng.SpawnKey.Length != 0)
                throw new InvalidDataException($"environment state '{EnvName(i)}/rng' was not made by an environment's Reset(seed) (seed {rng.Seed}, spawn key of {rng.SpawnKey.Length} words).");
            var layers = Layers(e).Cast<TimeLimit>().ToArray();
            var elapsed = new int[layers.Length];
            env.Get("elapsed", elapsed);
            e.Reset((int)rng.Seed);                  // marks the environment as reset, with a generator of the saved seed…
            e.NpRandom.SetState(rng.GetState());     // …then its saved position in the stream
            stateful.SetState(physics);
            for (int k = 0; k < layers.Length; k++) layers[k].ElapsedSteps = elapsed[k];
        }
    }

    private static string EnvName(int index) => "env" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The wrappers of <paramref name="env"/>, outermost first.</summary>
    private static IEnumerable<Env> Layers(Env env)
    {
        for (var e = env; e is Wrapper w; e = w.Inner) yield return e;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        foreach (var e in _envs) e.Dispose();
    }

    private static Env[] Create(int numEnvs, Func<Env> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "SyncVectorEnv: numEnvs must be at least 1.");
        var envs = new Env[numEnvs];
        for (int i = 0; i < numEnvs; i++) envs[i] = factory();
        return envs;
    }

    private static IReadOnlyList<Env> CheckNonEmpty(IReadOnlyList<Env> envs)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0) throw new ArgumentException("SyncVectorEnv: at least one environment is needed.", nameof(envs));
        return envs;
    }

    private static bool SameSpace(Space a, Space b) => a.FlatSize == b.FlatSize && a.ToString() == b.ToString();
}
