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

    internal TrainingContext(BaseAlgorithm algorithm, long startTimesteps, long targetTimesteps)
    {
        Algorithm = algorithm;
        StartTimesteps = startTimesteps;
        TargetTimesteps = targetTimesteps;
    }

    /// <summary>The algorithm being trained.</summary>
    public BaseAlgorithm Algorithm { get; }

    /// <summary><see cref="BaseAlgorithm.NumTimesteps"/> when this <c>Learn</c> call started.</summary>
    public long StartTimesteps { get; }

    /// <summary>The step count at which this <c>Learn</c> call ends.</summary>
    public long TargetTimesteps { get; }

    /// <summary>Environment steps so far.</summary>
    public long NumTimesteps => Algorithm.NumTimesteps;

    /// <summary>Iterations so far.</summary>
    public long Iterations => Algorithm.Iterations;

    /// <summary>The segment being collected or just completed (null for algorithms without one, such as A3C).</summary>
    public RolloutBuffer? Buffer => (Algorithm as OnPolicyAlgorithm)?.Buffer;

    /// <summary>Recent finished training episodes.</summary>
    public EpisodeWindow Episodes => Algorithm.Episodes;

    /// <summary>The logger (values recorded since the last dump are readable with <see cref="Logger.ValueOf"/>).</summary>
    public Logger Logger => Algorithm.Logger;

    /// <summary>Wall-clock seconds since this <c>Learn</c> call started.</summary>
    public double ElapsedSeconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    /// <summary>Whether a callback stopped training early.</summary>
    public bool Stopped { get; internal set; }
}
