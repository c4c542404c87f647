using Ascent.Numerics;

namespace Ascent.Experiments;

/// <summary>
/// Independent runs of an experiment spread over threads with results that do not depend on the spreading: run r
/// draws all its randomness from <c>new Rng(seed, [r])</c> (NumPy's <c>SeedSequence(seed, spawn_key=(r,))</c>) and
/// writes only its own slot.
/// </summary>
public static class ParallelRuns
{
    /// <summary>Runs <paramref name="body"/>(r, rng_r) for r = 0 … runs − 1 and returns the results in run order.</summary>
    public static T[] Run<T>(int runs, ulong seed, Func<int, Rng, T> body, int? maxThreads = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(runs), runs, "ParallelRuns: runs must be at least 1.");
        if (maxThreads is < 1) throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "ParallelRuns: maxThreads must be at least 1.");
        var results = new T[runs];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount };
        Parallel.For(0, runs, options, r => results[r] = body(r, RunRng(seed, r)));
        return results;
    }

    /// <summary>The generator of run <paramref name="run"/>.</summary>
    public static Rng RunRng(ulong seed, int run) => new(seed, [(uint)run]);
}
