namespace Ascent.Experiments;

/// <summary>Per-episode learning curves of several runs, aligned by episode: their mean and the standard error of the mean.</summary>
public sealed class RunCurves
{
    /// <summary>Aggregates <paramref name="runs"/> curves of equal length.</summary>
    public RunCurves(IReadOnlyList<double[]> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("RunCurves: needs at least one run.", nameof(runs));
        int length = runs[0].Length;
        if (runs.Any(r => r.Length != length)) throw new ArgumentException("RunCurves: every run must have the same number of points.", nameof(runs));
        Runs = runs.Count;
        Mean = new double[length];
        StandardError = new double[length];
        for (int i = 0; i < length; i++)
        {
            double sum = 0;
            foreach (var r in runs) sum += r[i];
            double mean = sum / Runs, squares = 0;
            foreach (var r in runs) squares += (r[i] - mean) * (r[i] - mean);
            Mean[i] = mean;
            StandardError[i] = Runs > 1 ? Math.Sqrt(squares / (Runs - 1) / Runs) : 0;
        }
    }

    /// <summary>The number of runs.</summary>
    public int Runs { get; }

    /// <summary>The mean over runs at each point.</summary>
    public double[] Mean { get; }

    /// <summary>The standard error of that mean.</summary>
    public double[] StandardError { get; }

    /// <summary>1, 2, …, n: the episode numbers.</summary>
    public double[] Episodes => Enumerable.Range(1, Mean.Length).Select(i => (double)i).ToArray();

    /// <summary>The mean over runs and over the last <paramref name="points"/> points.</summary>
    public double FinalAverage(int points) => Mean.Skip(Math.Max(0, Mean.Length - points)).Average();

    /// <summary>Mean − standard error.</summary>
    public double[] Lower => Mean.Select((m, i) => m - StandardError[i]).ToArray();

    /// <summary>Mean + standard error.</summary>
    public double[] Upper => Mean.Select((m, i) => m + StandardError[i]).ToArray();
}
