using System.Diagnostics;
using Ascent.Rollouts;
using Ascent.Training.Logging;

namespace Ascent.Training;

/// <summary>
/// What a <see cref="Callbacks.TrainingCallback"/> sees during <see cref="BaseAlgorithm.Learn"/> (Stable-Baselines3
/// passes <c>locals</c>): the algorithm and its counters, the segment, the episode statistics, the logger with the
/// values recorded since the last dump, and the budget of this <c>Learn</c> call.
/// </summary>
public sealed class TrainingContext
{
    private readonly long _started = Stopwatch.GetTimestamp();

    private volatile bool _stopRequested;

    internal TrainingContext(BaseAlgorithm algorithm, long startTimesteps, long targetTimesteps, double priorSeconds)
    {
        Algorithm = algorithm;
        StartTimesteps = startTimesteps;
        TargetTimesteps = targetTimesteps;
        SessionStartTimesteps = algorithm.NumTimesteps;
        PriorSeconds = priorSeconds;
    }

    /// <summary>The algorithm being trained.</summary>
    public BaseAlgorithm Algorithm { get; }

    /// <summary>
    /// <see cref="BaseAlgorithm.NumTimesteps"/> when this <c>Learn</c> call started — for a call continued from a
    /// checkpoint (<see cref="BaseAlgorithm.ContinueLearning"/>), when the original call started (the zero of schedules).
    /// </summary>
    public long StartTimesteps { get; }

    /// <summary>The step count at which this <c>Learn</c> call ends.</summary>
    public long TargetTimesteps { get; }

    /// <summary><see cref="BaseAlgorithm.NumTimesteps"/> when this process started training (differs from <see cref="StartTimesteps"/> after a resume); rates count from here.</summary>
    public long SessionStartTimesteps { get; }

    /// <summary>Environment steps so far.</summary>
    public long NumTimesteps => Algorithm.NumTimesteps;

    /// <summary>Iterations so far.</summary>
    public long Iterations => Algorithm.Iterations;

    /// <summary>The segment being collected or just completed (null for algorithms without one: A3C, and REINFORCE, which collects complete episodes).</summary>
    public RolloutBuffer? Buffer => (Algorithm as OnPolicyAlgorithm)?.SegmentBuffer;

    /// <summary>
    /// Whether training runs in iterations that call <see cref="Callbacks.TrainingCallback.OnRolloutStart"/> before each
    /// collection (the synchronous learners: A2C, PPO, TRPO, REINFORCE); false for A3C, whose workers run freely and pause
    /// only where a callback asks (<see cref="Callbacks.TrainingCallback.PauseAtStep"/>).
    /// </summary>
    public bool IsSynchronous => Algorithm is OnPolicyAlgorithm;

    /// <summary>Recent finished training episodes.</summary>
    public EpisodeWindow Episodes => Algorithm.Episodes;

    /// <summary>The logger (values recorded since the last dump are readable with <see cref="Logger.ValueOf"/>).</summary>
    public Logger Logger => Algorithm.Logger;

    /// <summary>Wall-clock seconds since this process started training (this <c>Learn</c> or <c>ContinueLearning</c> call).</summary>
    public double ElapsedSeconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    /// <summary>Seconds the interrupted call had trained before a checkpoint was continued (0 for a new <c>Learn</c> call).</summary>
    public double PriorSeconds { get; }

    /// <summary>Seconds of training in this <c>Learn</c> call, across resumes: <see cref="PriorSeconds"/> + <see cref="ElapsedSeconds"/> (logged as <c>time/time_elapsed</c>).</summary>
    public double TotalElapsedSeconds => PriorSeconds + ElapsedSeconds;

    /// <summary>Whether a callback stopped training early.</summary>
    public bool Stopped { get; internal set; }

    /// <summary>
    /// Asks training to stop cleanly at the end of the current iteration (after its update; A3C: as soon as the workers
    /// finish their segments), so the state is one an uninterrupted run passes through: a checkpoint written then
    /// resumes bit for bit. Thread-safe (a Ctrl-C handler may call it). Returning false from
    /// <see cref="Callbacks.TrainingCallback.OnStep"/> instead stops at once, discarding the incomplete segment.
    /// </summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>Whether <see cref="RequestStop"/> was called.</summary>
    public bool StopRequested => _stopRequested;
}
