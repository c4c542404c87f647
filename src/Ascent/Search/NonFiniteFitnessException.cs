namespace Ascent.Search;

/// <summary>An episode returned a NaN or infinite fitness; it names the candidate and the episode seed so the
/// episode can be replayed. The value is never averaged into the candidate's fitness.</summary>
public sealed class NonFiniteFitnessException : ArithmeticException
{
    /// <summary>Creates the exception for the given episode.</summary>
    public NonFiniteFitnessException(int generation, int candidate, int episode, int episodeSeed, double value)
        : base($"Non-finite fitness {value} in generation {generation}, candidate {candidate}, episode {episode} (episode seed {episodeSeed}); it is not averaged in. Replay it with this seed to find the cause.")
    {
        Generation = generation;
        Candidate = candidate;
        Episode = episode;
        EpisodeSeed = episodeSeed;
        Value = value;
    }

    /// <summary>The generation being evaluated.</summary>
    public int Generation { get; }

    /// <summary>The index of the candidate in its population.</summary>
    public int Candidate { get; }

    /// <summary>The episode index within the candidate's evaluation.</summary>
    public int Episode { get; }

    /// <summary>The seed of the failing episode.</summary>
    public int EpisodeSeed { get; }

    /// <summary>The non-finite value returned.</summary>
    public double Value { get; }
}
