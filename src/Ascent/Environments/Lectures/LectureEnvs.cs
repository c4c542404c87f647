namespace Ascent.Environments.Lectures;

/// <summary>The registrations of the lectures' environments, for the environment registry.</summary>
public static class LectureEnvs
{
    /// <summary>
    /// <c>ShortCorridor-v0</c>, <c>AliasedGridworld-v0</c>, <c>RockPaperScissors-v0</c> and <c>Chain3-v0</c>. The episode
    /// limits only guard against policies that never reach a terminal state; the exact models have none.
    /// </summary>
    public static IReadOnlyList<EnvSpec> Specs { get; } =
    [
        new(ShortCorridor.Id, MaxEpisodeSteps: 1000, RewardThreshold: null, () => new ShortCorridor())
        {
            Description = "Sutton & Barto Example 13.1: 3 states that look alike, switched actions in the middle; best p(right) = 2 − √2, v* = −(6 + 4√2)",
        },
        new(AliasedGridworld.Id, MaxEpisodeSteps: 100, RewardThreshold: null, () => new AliasedGridworld())
        {
            Description = "Silver's aliased gridworld: two grey cells with the same walls, money and skulls; observation = wall bits",
        },
        new(RockPaperScissors.Id, MaxEpisodeSteps: null, RewardThreshold: null, () => new RockPaperScissors())
        {
            Description = "Rock-paper-scissors against an opponent that exploits predictable answers; uniform play (J = 0) is optimal",
        },
        new(ThreeStateChain.Id, MaxEpisodeSteps: 100, RewardThreshold: null, () => new ThreeStateChain())
        {
            Description = "The 3-state chain s1 ⇄ s2 → goal with Left/Right; +10 at the goal, γ = 0.9",
        },
    ];
}
