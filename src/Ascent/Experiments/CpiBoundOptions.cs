using System.Globalization;
using Ascent.Environments.Lectures;

namespace Ascent.Experiments;

/// <summary>Options of <see cref="CpiBoundExperiment"/>: which finite MDP, its discount and how finely α is sampled.</summary>
public sealed record CpiBoundOptions
{
    /// <summary>The MDPs the experiment accepts: the lectures' discounted environments.</summary>
    public static IReadOnlyList<string> Environments { get; } = [AliasedGridworld.Id, ThreeStateChain.Id];

    /// <summary>The MDP (default <c>AliasedGridworld-v0</c>, from the uniform policy; <c>Chain3-v0</c> starts from the lecture's policy table); see <see cref="Environments"/>.</summary>
    public string Environment { get; init; } = AliasedGridworld.Id;

    /// <summary>The discount γ ∈ [0, 1) used instead of the model's own; null keeps the model's (default 0.7: at the gridworld's own 0.9 the certified gain is too small to see).</summary>
    public double? Gamma { get; init; } = 0.7;

    /// <summary>The number of evenly spaced α values from 0 to 1, in [2, 100 000] (default 101).</summary>
    public int Points { get; init; } = 101;

    /// <summary>Throws naming the option, its value and the allowed range or values when an option is invalid.</summary>
    public void Validate()
    {
        if (!Environments.Contains(Environment))
            throw new ArgumentException($"CpiBoundOptions.Environment = '{Environment}' is not one of {string.Join(", ", Environments)} (the bounds need γ < 1; ShortCorridor-v0 and RockPaperScissors-v0 are undiscounted).", nameof(Environment));
        if (Gamma is { } g && !(g >= 0 && g < 1))
            throw new ArgumentOutOfRangeException(nameof(Gamma), g, $"CpiBoundOptions.Gamma = {g.ToString(CultureInfo.InvariantCulture)} is outside the allowed range [0, 1) (at γ = 1 every bound is −∞).");
        if (Points is < 2 or > 100_000)
            throw new ArgumentOutOfRangeException(nameof(Points), Points, $"CpiBoundOptions.Points = {Points} is outside the allowed range [2, 100000].");
    }
}
