using Ascent.Environments.ClassicControl;
using Ascent.Environments.Vector;
using Ascent.Environments.Wrappers;

namespace Ascent.Environments;

/// <summary>
/// The environment registry (Gymnasium's <c>gymnasium.make</c> / <c>register</c>): ids such as <c>CartPole-v1</c>
/// mapped to an entry point, an episode limit and a reward threshold.
/// </summary>
/// <remarks>
/// Built in: the five classic-control environments with Gymnasium 1.3.0's registrations (CartPole-v1 500 steps,
/// threshold 475; Acrobot-v1 500, −100; MountainCar-v0 200, −110; MountainCarContinuous-v0 999, 90; Pendulum-v1
/// 200, no threshold). Thread-safe.
/// </remarks>
public static class Envs
{
    private static readonly object Gate = new();
    private static readonly List<EnvSpec> Specs = [];

    static Envs()
    {
        RegisterBuiltIn(new EnvSpec("CartPole-v1", 500, 475.0, () => new CartPoleEnv())
        {
            Description = "Keep a pole upright on a moving cart (Barto, Sutton & Anderson 1983).",
            VectorEntryPoint = (n, steps) => new CartPoleVectorEnv(n, steps),
        });
        RegisterBuiltIn(new EnvSpec("Acrobot-v1", 500, -100.0, () => new AcrobotEnv())
        {
            Description = "Swing the tip of a two-link pendulum above the bar (Sutton 1996).",
        });
        RegisterBuiltIn(new EnvSpec("MountainCar-v0", 200, -110.0, () => new MountainCarEnv())
        {
            Description = "Drive an under-powered car up a hill by rocking (Moore 1990).",
        });
        RegisterBuiltIn(new EnvSpec("MountainCarContinuous-v0", 999, 90.0, () => new MountainCarContinuousEnv())
        {
            Description = "The mountain car with a continuous push and an energy penalty.",
        });
        RegisterBuiltIn(new EnvSpec("Pendulum-v1", 200, null, () => new PendulumEnv())
        {
            Description = "Swing a pendulum up and hold it upright with limited torque.",
            VectorEntryPoint = (n, steps) => new PendulumVectorEnv(n, steps),
        });
        // The lectures' environments (short corridor, aliased gridworld, rock-paper-scissors, 3-state chain).
        foreach (var spec in Lectures.LectureEnvs.Specs) RegisterBuiltIn(spec);
    }

    private static void RegisterBuiltIn(EnvSpec spec) => Specs.Add(spec);

    /// <summary>All registered specifications, in registration order.</summary>
    public static IReadOnlyList<EnvSpec> All
    {
        get { lock (Gate) return Specs.ToArray(); }
    }

    /// <summary>Registers <paramref name="spec"/>; throws if its id is taken or malformed.</summary>
    public static void Register(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Id))
            throw new ArgumentException("Envs.Register: the id must not be empty.", nameof(spec));
        if (spec.MaxEpisodeSteps is int m && m < 1)
            throw new ArgumentOutOfRangeException(nameof(spec), m, $"Envs.Register({spec.Id}): MaxEpisodeSteps must be at least 1 (or null for no limit).");
        lock (Gate)
        {
            if (Specs.Any(s => s.Id == spec.Id))
                throw new ArgumentException($"Envs.Register: the id '{spec.Id}' is already registered.", nameof(spec));
            Specs.Add(spec);
        }
    }

    /// <summary>Whether <paramref name="id"/> is registered.</summary>
    public static bool Contains(string id)
    {
        lock (Gate) return Specs.Any(s => s.Id == id);
    }

    /// <summary>The specification registered as <paramref name="id"/>; an unknown id throws, naming close matches.</summary>
    public static EnvSpec Spec(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (Gate)
        {
            foreach (var s in Specs) if (s.Id == id) return s;
        }
        throw new ArgumentException(UnknownIdMessage(id), nameof(id));
    }

    /// <summary>
    /// Creates the environment registered as <paramref name="id"/> and, as <c>gymnasium.make</c> does, wraps it in
    /// <see cref="TimeLimit"/> with the spec's episode limit (or <paramref name="maxEpisodeSteps"/> when given).
    /// The environment and the returned wrapper carry the spec, so error messages name the id.
    /// </summary>
    public static Env Make(string id, int? maxEpisodeSteps = null)
    {
        var spec = Spec(id);
        if (maxEpisodeSteps is int m && m < 1)
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), m, $"Envs.Make({id}): maxEpisodeSteps must be at least 1.");
        var env = spec.EntryPoint();
        env.Spec = spec;
        int? limit = maxEpisodeSteps ?? spec.MaxEpisodeSteps;
        if (limit is not int steps) return env;
        return new TimeLimit(env, steps) { Spec = spec };
    }

    /// <summary>
    /// Creates <paramref name="numEnvs"/> copies of <paramref name="id"/> as one vector environment with same-step
    /// automatic reset (see <see cref="VectorEnv"/>) and the spec's episode limit (or
    /// <paramref name="maxEpisodeSteps"/>). Uses the spec's batched struct-of-arrays implementation when it has one
    /// and <paramref name="batched"/> is true, else a <see cref="SyncVectorEnv"/> over <see cref="Make"/>; the two
    /// give identical results. <paramref name="threads"/> &gt; 1 steps sub-batches in parallel.
    /// </summary>
    public static AutoResetVectorEnv MakeVector(string id, int numEnvs, int threads = 1, int? maxEpisodeSteps = null, bool batched = true)
    {
        var spec = Spec(id);
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, $"Envs.MakeVector({id}): numEnvs must be at least 1.");
        if (threads < 1 || threads > numEnvs) throw new ArgumentOutOfRangeException(nameof(threads), threads, $"Envs.MakeVector({id}): threads must be in [1, numEnvs = {numEnvs}].");
        if (maxEpisodeSteps is int m && m < 1)
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), m, $"Envs.MakeVector({id}): maxEpisodeSteps must be at least 1.");
        AutoResetVectorEnv vec;
        if (batched && spec.VectorEntryPoint is { } entry)
        {
            vec = entry(numEnvs, maxEpisodeSteps ?? spec.MaxEpisodeSteps);
        }
        else
        {
            vec = new SyncVectorEnv(numEnvs, () => Make(id, maxEpisodeSteps));
        }
        vec.Spec = spec;
        vec.Threads = threads;
        return vec;
    }

    private static string UnknownIdMessage(string id)
    {
        var ids = All.Select(s => s.Id).ToList();
        static string Base(string s) { int v = s.LastIndexOf("-v", StringComparison.Ordinal); return (v > 0 ? s[..v] : s).ToLowerInvariant(); }
        var close = ids
            .Select(c => (Id: c, Distance: Math.Min(EditDistance(id.ToLowerInvariant(), c.ToLowerInvariant()), Base(id) == Base(c) ? 0 : int.MaxValue)))
            .Where(c => c.Distance <= Math.Max(2, id.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(3).Select(c => c.Id).ToList();
        string hint = close.Count > 0 ? $" Did you mean {string.Join(" or ", close)}?" : "";
        return $"Unknown environment id '{id}'.{hint} Registered ids: {string.Join(", ", ids)}.";
    }

    private static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
