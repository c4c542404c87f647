namespace Ascent.Experiments;

/// <summary>
/// One of the lectures' experiments as a reproducible figure: it runs, then writes an SVG (title, axis labels, legend,
/// caption) and the CSV of the numbers behind it (<c>ascent experiment NAME</c>).
/// </summary>
public interface IExperiment
{
    /// <summary>The name on the command line, e.g. <c>fig13-1</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what it shows.</summary>
    string Description { get; }

    /// <summary>The number of independent runs by default.</summary>
    int DefaultRuns { get; }

    /// <summary>Runs the experiment and writes its files into <see cref="ExperimentOptions.OutputDirectory"/>.</summary>
    ExperimentResult Run(ExperimentOptions options);
}

/// <summary>How to run an experiment.</summary>
/// <param name="OutputDirectory">Where the SVG and CSV files go (created if missing).</param>
/// <param name="Runs">Independent runs (null: the experiment's default), ≥ 1.</param>
/// <param name="Seed">The root seed; run r uses <c>new Rng(Seed, [r])</c>, so results do not depend on how runs are spread over threads.</param>
/// <param name="MaxThreads">Threads to spread the runs over (null: all cores), ≥ 1.</param>
public sealed record ExperimentOptions(string OutputDirectory, int? Runs = null, ulong Seed = 0, int? MaxThreads = null)
{
    /// <summary>The runs to do for <paramref name="experiment"/>, checked to be ≥ 1.</summary>
    public int RunsFor(IExperiment experiment)
    {
        int runs = Runs ?? experiment.DefaultRuns;
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(Runs), runs, $"runs: {runs} is outside the allowed range [1, ∞).");
        return runs;
    }
}

/// <summary>What an experiment produced.</summary>
/// <param name="Files">The files written (SVG and CSV).</param>
/// <param name="Summary">Lines with the key numbers (final averages, exact references), for the console and the docs.</param>
public sealed record ExperimentResult(IReadOnlyList<string> Files, IReadOnlyList<string> Summary);
