namespace Ascent.Search;

/// <summary>How a <see cref="PopulationEvaluator"/> evaluates a generation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The run seed from which every episode seed is derived (see <see cref="EpisodeSeeds"/>). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>K, the episodes averaged into one candidate's fitness (≥ 1). Default 1.</summary>
    public int EpisodesPerCandidate { get; init; } = 1;

    /// <summary>Common random numbers: every candidate of a generation gets the same episode seeds. Default false.</summary>
    public bool CommonRandomNumbers { get; init; }

    /// <summary>The number of threads evaluating candidates (≥ 1; 1 evaluates on the calling thread). Default: the processor count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws if an option is out of range.</summary>
    public void Validate()
    {
        OptionCheck.AtLeast($"{nameof(EvaluationOptions)}.{nameof(EpisodesPerCandidate)}", EpisodesPerCandidate, 1);
        OptionCheck.AtLeast($"{nameof(EvaluationOptions)}.{nameof(MaxDegreeOfParallelism)}", MaxDegreeOfParallelism, 1);
    }
}
