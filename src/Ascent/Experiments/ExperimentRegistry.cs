namespace Ascent.Experiments;

/// <summary>The experiments <c>ascent experiment NAME</c> runs.</summary>
public static class ExperimentRegistry
{
    /// <summary>Every experiment, in the order of docs/experiments.md.</summary>
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new Figure13_1(),
        new Figure13_2(),
        new CorridorLandscape(),
        new AliasedGridworldExperiment(),
        new RockPaperScissorsExperiment(),
        new VarianceExperiment(),
        new CartPoleReinforce(),
        new CpiBound(),
        new BatchReuseExperiment(),
        new SearchVsGradient(),
    ];

    /// <summary>The experiment called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No experiment has that name; the message lists them.</exception>
    public static IExperiment Find(string name) =>
        All.FirstOrDefault(e => e.Name == name) ?? throw new ArgumentException($"experiment: unknown experiment \"{name}\"; choose one of {string.Join(", ", All.Select(e => e.Name))}.", nameof(name));
}
