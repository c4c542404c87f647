using Ascent.Environments;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Estimators;

/// <summary>
/// Runs a policy in an environment and records complete episodes into an <see cref="EpisodeBatch"/>
/// (the "run the policy" step of CS285's REINFORCE, and the sampling behind every estimator check).
/// </summary>
/// <remarks>
/// Each episode starts with <c>env.Reset()</c>, continuing the environment's own random stream: seed the
/// environment once (<c>env.Reset(seed)</c>) before the first call for reproducible runs. Actions are sampled
/// with the generator passed in. An episode ends when the environment terminates or truncates it, or after
/// <see cref="MaxEpisodeSteps"/> steps (recorded as truncated). Nothing is allocated per step.
/// </remarks>
public sealed class EpisodeSampler
{
    private readonly float[] _observation;
    private readonly float[] _action;
    private readonly float[] _logProb = new float[1];

    /// <summary>Creates a sampler of <paramref name="policy"/> in <paramref name="env"/>.</summary>
    /// <param name="env">The environment (its observation and action sizes must match the policy's).</param>
    /// <param name="policy">The policy that acts (the behaviour policy).</param>
    /// <param name="maxEpisodeSteps">Truncate episodes after this many steps (null: only the environment ends them), ≥ 1.</param>
    public EpisodeSampler(Env env, IPolicy policy, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        if (env.ObservationSpace.FlatSize != policy.ObservationSpace.FlatSize)
            throw new ArgumentException($"EpisodeSampler: {env.Name} observes {env.ObservationSpace}, the policy expects {policy.ObservationSpace}.", nameof(policy));
        if (env.ActionSpace.FlatSize != policy.ActionSpace.FlatSize)
            throw new ArgumentException($"EpisodeSampler: {env.Name} takes actions in {env.ActionSpace}, the policy produces {policy.ActionSpace}.", nameof(policy));
        if (maxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "EpisodeSampler: maxEpisodeSteps must be at least 1 (or null for no limit).");
        Env = env;
        Policy = policy;
        MaxEpisodeSteps = maxEpisodeSteps;
        _observation = new float[env.ObservationSpace.FlatSize];
        _action = new float[env.ActionSpace.FlatSize];
    }

    /// <summary>The environment.</summary>
    public Env Env { get; }

    /// <summary>The acting policy.</summary>
    public IPolicy Policy { get; }

    /// <summary>The step limit per episode, or null.</summary>
    public int? MaxEpisodeSteps { get; }

    /// <summary>Runs one episode, appends it to <paramref name="batch"/> and returns its undiscounted return Σ_t r_t.</summary>
    public double RunEpisode(EpisodeBatch batch, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(rng);
        if (batch.ObservationSize != _observation.Length || batch.ActionSize != _action.Length)
            throw new ArgumentException($"EpisodeSampler: the batch stores {batch.ObservationSize}-float observations and {batch.ActionSize}-float actions, the environment has {_observation.Length} and {_action.Length}.", nameof(batch));
        if (batch.OpenSteps != 0) throw new InvalidOperationException("EpisodeSampler: the batch has an unfinished episode.");
        Env.Reset().Observation.CopyTo(_observation, 0);
        double total = 0;
        for (int steps = 1; ; steps++)
        {
            Policy.Act(_observation, 1, _action, _logProb, rng);
            var result = Env.Step(_action);
            batch.Add(_observation, _action, result.Reward, _logProb[0]);
            total += result.Reward;
            result.Observation.CopyTo(_observation, 0);
            bool limit = MaxEpisodeSteps is int max && steps >= max;
            if (result.Terminated || result.Truncated || limit)
            {
                batch.EndEpisode(truncated: !result.Terminated, _observation);
                return total;
            }
        }
    }

    /// <summary>Runs <paramref name="episodes"/> episodes into <paramref name="batch"/> and returns the number of steps taken.</summary>
    public int CollectEpisodes(EpisodeBatch batch, int episodes, Rng rng)
    {
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), episodes, "EpisodeSampler: episodes must be at least 1.");
        ArgumentNullException.ThrowIfNull(batch);
        int before = batch.StepCount;
        for (int i = 0; i < episodes; i++) RunEpisode(batch, rng);
        return batch.StepCount - before;
    }

    /// <summary>Runs complete episodes until at least <paramref name="minSteps"/> steps were added; returns the number of episodes.</summary>
    public int CollectSteps(EpisodeBatch batch, int minSteps, Rng rng)
    {
        if (minSteps < 1) throw new ArgumentOutOfRangeException(nameof(minSteps), minSteps, "EpisodeSampler: minSteps must be at least 1.");
        ArgumentNullException.ThrowIfNull(batch);
        int before = batch.StepCount, episodes = 0;
        while (batch.StepCount - before < minSteps) { RunEpisode(batch, rng); episodes++; }
        return episodes;
    }
}
