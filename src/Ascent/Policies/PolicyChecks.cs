namespace Ascent.Policies;

/// <summary>Argument checks shared by the policies' tape-free paths.</summary>
internal static class PolicyChecks
{
    /// <summary>Checks the buffer lengths of an <see cref="IPolicy.Act"/> call; log-probabilities may be empty (not wanted).</summary>
    public static void ActBuffers(string op, int observationLength, int batch, int observationSize, int actionLength, int actionSize, int logProbLength)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"{op}: batch must be non-negative.");
        if (observationLength != batch * observationSize)
            throw new ArgumentException($"{op}: {observationLength} observation floats for a batch of {batch} × {observationSize}.");
        if (actionLength != batch * actionSize)
            throw new ArgumentException($"{op}: the action buffer holds {actionLength} floats, need {batch} × {actionSize}.");
        if (logProbLength != 0 && logProbLength != batch)
            throw new ArgumentException($"{op}: the log-probability buffer holds {logProbLength} floats, need {batch} (or 0 when not wanted).");
    }

    /// <summary>Checks that one observation has the expected number of floats.</summary>
    public static void Observation(string op, int length, int expected)
    {
        if (length != expected) throw new ArgumentException($"{op}: an observation is {expected} floats, got {length}.");
    }
}
