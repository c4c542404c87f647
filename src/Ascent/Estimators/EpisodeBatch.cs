namespace Ascent.Estimators;

/// <summary>
/// A batch of complete episodes τ = (s₀, a₀, r₀, s₁, a₁, r₁, …, s_T) laid end to end: what every score-function
/// estimator and REINFORCE learner in Ascent reads.
/// </summary>
/// <remarks>
/// <para>Step t stores the observation s_t, the action a_t, the reward r_t received after it (Sutton &amp; Barto's
/// R_{t+1}) and the log-probability of a_t under the policy that chose it (the behaviour policy, for importance
/// sampling). <see cref="EndEpisode"/> closes the steps added since the previous one into an episode, recording
/// whether it was truncated (cut by a time limit rather than ending in a terminal state) and the final
/// observation s_T.</para>
/// <para>Storage grows by doubling and is kept by <see cref="Clear"/>, so refilling a batch of the same size allocates nothing.</para>
/// </remarks>
public sealed class EpisodeBatch
{
    private const int InitialSteps = 256, InitialEpisodes = 16;
    private float[] _observations;
    private float[] _actions;
    private double[] _rewards = new double[InitialSteps];
    private double[] _logProbs = new double[InitialSteps];
    private float[] _finalObservations;
    private Episode[] _episodes = new Episode[InitialEpisodes];

    /// <summary>Creates an empty batch for observations of <paramref name="observationSize"/> floats and actions of <paramref name="actionSize"/>.</summary>
    public EpisodeBatch(int observationSize, int actionSize)
    {
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize), observationSize, "EpisodeBatch: observationSize must be at least 1.");
        if (actionSize < 1) throw new ArgumentOutOfRangeException(nameof(actionSize), actionSize, "EpisodeBatch: actionSize must be at least 1.");
        ObservationSize = observationSize;
        ActionSize = actionSize;
        _observations = new float[InitialSteps * observationSize];
        _actions = new float[InitialSteps * actionSize];
        _finalObservations = new float[InitialEpisodes * observationSize];
    }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>The number of steps stored, including those of an episode not yet ended.</summary>
    public int StepCount { get; private set; }

    /// <summary>The number of complete episodes.</summary>
    public int EpisodeCount { get; private set; }

    /// <summary>The steps of the episode being recorded (added since the last <see cref="EndEpisode"/>).</summary>
    public int OpenSteps => StepCount - (EpisodeCount == 0 ? 0 : _episodes[EpisodeCount - 1].End);

    /// <summary>The steps of complete episodes (<see cref="StepCount"/> minus <see cref="OpenSteps"/>).</summary>
    public int CompleteSteps => EpisodeCount == 0 ? 0 : _episodes[EpisodeCount - 1].End;

    /// <summary>Episode <paramref name="index"/>: where its steps start, how many there are, and whether it was truncated.</summary>
    public Episode this[int index] => (uint)index < (uint)EpisodeCount ? _episodes[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"EpisodeBatch: episode index must be in [0, {EpisodeCount}).");

    /// <summary>All observations, <see cref="StepCount"/> × <see cref="ObservationSize"/> floats.</summary>
    public ReadOnlySpan<float> Observations => _observations.AsSpan(0, StepCount * ObservationSize);

    /// <summary>All actions, <see cref="StepCount"/> × <see cref="ActionSize"/> floats.</summary>
    public ReadOnlySpan<float> Actions => _actions.AsSpan(0, StepCount * ActionSize);

    /// <summary>All rewards r_t.</summary>
    public ReadOnlySpan<double> Rewards => _rewards.AsSpan(0, StepCount);

    /// <summary>All log-probabilities log μ(a_t|s_t) of the policy that chose the actions (NaN where not recorded).</summary>
    public ReadOnlySpan<double> LogProbs => _logProbs.AsSpan(0, StepCount);

    /// <summary>The observation of step <paramref name="t"/>.</summary>
    public ReadOnlySpan<float> Observation(int t) => _observations.AsSpan(t * ObservationSize, ObservationSize);

    /// <summary>The action of step <paramref name="t"/>.</summary>
    public ReadOnlySpan<float> Action(int t) => _actions.AsSpan(t * ActionSize, ActionSize);

    /// <summary>The observation s_T after the last step of episode <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> FinalObservation(int index)
    {
        _ = this[index];
        return _finalObservations.AsSpan(index * ObservationSize, ObservationSize);
    }

    /// <summary>Appends step (s_t, a_t, r_t, log μ(a_t|s_t)) to the current episode.</summary>
    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, double reward, double logProb = double.NaN)
    {
        if (observation.Length != ObservationSize) throw new ArgumentException($"EpisodeBatch.Add: an observation is {ObservationSize} floats, got {observation.Length}.", nameof(observation));
        if (action.Length != ActionSize) throw new ArgumentException($"EpisodeBatch.Add: an action is {ActionSize} floats, got {action.Length}.", nameof(action));
        if (!double.IsFinite(reward)) throw new ArgumentOutOfRangeException(nameof(reward), reward, $"EpisodeBatch.Add: the reward of step {OpenSteps} is not finite.");
        int t = StepCount;
        if (t == _rewards.Length) Grow();
        observation.CopyTo(_observations.AsSpan(t * ObservationSize));
        action.CopyTo(_actions.AsSpan(t * ActionSize));
        _rewards[t] = reward;
        _logProbs[t] = logProb;
        StepCount = t + 1;
    }

    /// <summary>Ends the current episode (it must have at least one step).</summary>
    /// <param name="truncated">Whether it was cut short (time limit) rather than ending in a terminal state.</param>
    /// <param name="finalObservation">s_T, the observation after the last step (empty: not recorded, zeros).</param>
    public void EndEpisode(bool truncated, ReadOnlySpan<float> finalObservation = default)
    {
        if (OpenSteps == 0) throw new InvalidOperationException("EpisodeBatch.EndEpisode: the episode has no steps; add at least one step first.");
        if (finalObservation.Length != 0 && finalObservation.Length != ObservationSize)
            throw new ArgumentException($"EpisodeBatch.EndEpisode: the final observation is {finalObservation.Length} floats, expected {ObservationSize}.", nameof(finalObservation));
        if (EpisodeCount == _episodes.Length)
        {
            Array.Resize(ref _episodes, 2 * _episodes.Length);
            Array.Resize(ref _finalObservations, _episodes.Length * ObservationSize);
        }
        var final = _finalObservations.AsSpan(EpisodeCount * ObservationSize, ObservationSize);
        if (finalObservation.Length == 0) final.Clear(); else finalObservation.CopyTo(final);
        _episodes[EpisodeCount] = new Episode(CompleteSteps, OpenSteps, truncated);
        EpisodeCount++;
    }

    /// <summary>
    /// Appends a copy of episode <paramref name="index"/> of <paramref name="source"/> — its steps, whether it was truncated and
    /// its final observation — as a complete episode (how a collector moves an episode finished in one of several
    /// environments stepped together into the batch).
    /// </summary>
    public void AppendEpisode(EpisodeBatch source, int index)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.ObservationSize != ObservationSize || source.ActionSize != ActionSize)
            throw new ArgumentException($"EpisodeBatch.AppendEpisode: the source stores ({source.ObservationSize} obs, {source.ActionSize} act) floats per step, this batch ({ObservationSize}, {ActionSize}).", nameof(source));
        if (OpenSteps != 0) throw new InvalidOperationException("EpisodeBatch.AppendEpisode: this batch has an unfinished episode.");
        var episode = source[index];
        int start = StepCount, length = episode.Length;
        while (_rewards.Length < start + length) Grow();
        source._observations.AsSpan(episode.Start * ObservationSize, length * ObservationSize).CopyTo(_observations.AsSpan(start * ObservationSize));
        source._actions.AsSpan(episode.Start * ActionSize, length * ActionSize).CopyTo(_actions.AsSpan(start * ActionSize));
        source._rewards.AsSpan(episode.Start, length).CopyTo(_rewards.AsSpan(start));
        source._logProbs.AsSpan(episode.Start, length).CopyTo(_logProbs.AsSpan(start));
        StepCount = start + length;
        EndEpisode(episode.Truncated, source.FinalObservation(index));
    }

    /// <summary>Removes every step and episode (the storage is kept).</summary>
    public void Clear()
    {
        StepCount = 0;
        EpisodeCount = 0;
    }

    /// <summary>The discounted return R(τ) = Σ_t γᵗ r_t of episode <paramref name="index"/>.</summary>
    public double Return(int index, double gamma = 1.0)
    {
        var episode = this[index];
        double g = 0;
        for (int t = episode.End - 1; t >= episode.Start; t--) g = _rewards[t] + gamma * g;
        return g;
    }

    private void Grow()
    {
        int capacity = 2 * _rewards.Length;
        Array.Resize(ref _observations, capacity * ObservationSize);
        Array.Resize(ref _actions, capacity * ActionSize);
        Array.Resize(ref _rewards, capacity);
        Array.Resize(ref _logProbs, capacity);
    }
}

/// <summary>The steps [<see cref="Start"/>, <see cref="End"/>) of one episode of an <see cref="EpisodeBatch"/>.</summary>
/// <param name="Start">The batch index of its first step.</param>
/// <param name="Length">Its number of steps T.</param>
/// <param name="Truncated">Whether it was cut short (time limit) rather than ending in a terminal state.</param>
public readonly record struct Episode(int Start, int Length, bool Truncated)
{
    /// <summary>One past its last step.</summary>
    public int End => Start + Length;
}
