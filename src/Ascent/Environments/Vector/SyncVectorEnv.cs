using Ascent.Environments.Spaces;

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
