namespace Ascent.Training.Callbacks;

/// <summary>
/// Stops training once the mean return of the last <paramref name="minEpisodes"/> (or more, up to the window of 100)
/// finished training episodes reaches <paramref name="threshold"/> (e.g. CartPole-v1's 475).
/// </summary>
public sealed class StopTrainingOnRewardThreshold(double threshold, int minEpisodes = 100) : TrainingCallback
{
    /// <summary>The return to reach.</summary>
    public double Threshold { get; } = double.IsFinite(threshold) ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "StopTrainingOnRewardThreshold: the threshold must be finite.");

    /// <summary>Episodes that must have finished before the mean counts.</summary>
    public int MinEpisodes { get; } = minEpisodes >= 1 ? minEpisodes : throw new ArgumentOutOfRangeException(nameof(minEpisodes), minEpisodes, "StopTrainingOnRewardThreshold: minEpisodes must be at least 1.");

    /// <summary>The step count at which the threshold was reached (null while not reached).</summary>
    public long? ReachedAt { get; private set; }

    /// <inheritdoc />
    public override bool OnStep(TrainingContext context)
    {
        var episodes = context.Episodes;
        if (episodes.Count < Math.Min(MinEpisodes, episodes.Capacity) || episodes.MeanReturn < Threshold) return true;
        ReachedAt ??= context.NumTimesteps;
        return false;
    }
}
