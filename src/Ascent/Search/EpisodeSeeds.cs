using Ascent.Numerics;

namespace Ascent.Search;

/// <summary>
/// Derives the seed of every episode from (run seed, generation, candidate, episode) by NumPy's
/// <c>SeedSequence</c> hash with that tuple as spawn key — never from the order in which episodes run, so a
/// parallel evaluation sees exactly the seeds of the serial one.
/// </summary>
/// <remarks>With common random numbers the candidate index is left out of the key: every candidate of a generation
/// meets the same episode seeds (a new set each generation), so differences in fitness come from the parameters,
/// not from luck of the draw. The two kinds of key carry different tags and never collide.</remarks>
public static class EpisodeSeeds
{
    private const uint IndependentTag = 0x5EA2C401;
    private const uint CommonTag = 0x5EA2C402;

    /// <summary>The seed of episode <paramref name="episode"/> of candidate <paramref name="candidate"/> in generation
    /// <paramref name="generation"/>: a non-negative int, as environments take.</summary>
    public static int Derive(ulong runSeed, int generation, int candidate, int episode, bool commonRandomNumbers)
    {
        if (generation < 0) throw new ArgumentOutOfRangeException(nameof(generation), generation, "EpisodeSeeds: the generation must be non-negative.");
        if (candidate < 0) throw new ArgumentOutOfRangeException(nameof(candidate), candidate, "EpisodeSeeds: the candidate index must be non-negative.");
        if (episode < 0) throw new ArgumentOutOfRangeException(nameof(episode), episode, "EpisodeSeeds: the episode index must be non-negative.");
        Span<uint> key = stackalloc uint[4];
        int length;
        if (commonRandomNumbers)
        {
            key[0] = CommonTag; key[1] = (uint)generation; key[2] = (uint)episode;
            length = 3;
        }
        else
        {
            key[0] = IndependentTag; key[1] = (uint)generation; key[2] = (uint)candidate; key[3] = (uint)episode;
            length = 4;
        }
        Span<ulong> word = stackalloc ulong[1];
        SeedSequence.GenerateState(runSeed, key[..length], word);
        return (int)(word[0] >> 33); // 31 bits: [0, 2^31 − 1]
    }
}
