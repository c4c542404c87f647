namespace Ascent.Algorithms;

/// <summary>What one training episode earned: its undiscounted total reward (the "total reward on episode" of Sutton &amp; Barto's figures), length and whether a time limit cut it.</summary>
/// <param name="Return">Σ_t r_t, undiscounted.</param>
/// <param name="Length">The number of steps T.</param>
/// <param name="Truncated">Whether the episode was cut by a step limit rather than ending in a terminal state.</param>
public readonly record struct EpisodeResult(double Return, int Length, bool Truncated);
