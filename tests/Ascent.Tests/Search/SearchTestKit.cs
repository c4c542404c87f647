using System.Collections.Concurrent;
using Ascent.Numerics;
using Ascent.Search;

namespace Ascent.Tests.Search;

/// <summary>Shared helpers for the search tests.</summary>
internal static class SearchTestKit
{
    /// <summary>Runs <paramref name="method"/> on <paramref name="objective"/> for <paramref name="generations"/> generations
    /// and returns every progress report.</summary>
    public static List<GenerationReport> Run(ISearchMethod method, IObjective objective, EvaluationOptions options, int generations)
    {
        var reports = new List<GenerationReport>();
        using var loop = new SearchLoop(method, objective, options);
        loop.Run(SearchBudget.Generations(generations), reports.Add);
        return reports;
    }
}

/// <summary>Sphere plus episode noise drawn from the episode seed: a stand-in for a stochastic environment.</summary>
internal sealed class NoisySphere(int dimension, double noise) : IObjective
{
    public int Dimension => dimension;

    public IObjectiveWorker CreateWorker() => new Worker(noise);

    private sealed class Worker(double noise) : IObjectiveWorker
    {
        public Evaluation Evaluate(ReadOnlySpan<double> candidate, in EvaluationContext context)
        {
            var rng = new Rng((ulong)context.EpisodeSeed);
            int steps = 1 + rng.Integer(100);
            return new Evaluation(-TestFunctions.Sphere(candidate) + noise * rng.Normal(), steps);
        }

        public void Dispose() { }
    }
}

/// <summary>Records every evaluation context; fitness is −sphere.</summary>
internal sealed class RecordingObjective(int dimension) : IObjective
{
    public ConcurrentBag<EvaluationContext> Contexts { get; } = [];

    public int Dimension => dimension;

    public IObjectiveWorker CreateWorker() => new Worker(this);

    private sealed class Worker(RecordingObjective owner) : IObjectiveWorker
    {
        public Evaluation Evaluate(ReadOnlySpan<double> candidate, in EvaluationContext context)
        {
            owner.Contexts.Add(context);
            return new Evaluation(-TestFunctions.Sphere(candidate), 10);
        }

        public void Dispose() { }
    }
}

/// <summary>Returns a given value for chosen (candidate, episode) pairs in every generation, −sphere otherwise.</summary>
internal sealed class FaultyObjective(int dimension, double badValue, params (int Candidate, int Episode)[] faults) : IObjective
{
    public int Dimension => dimension;

    public IObjectiveWorker CreateWorker() => new Worker(badValue, faults);

    private sealed class Worker(double badValue, (int Candidate, int Episode)[] faults) : IObjectiveWorker
    {
        public Evaluation Evaluate(ReadOnlySpan<double> candidate, in EvaluationContext context)
        {
            foreach (var (c, e) in faults)
                if (c == context.Candidate && e == context.Episode) return new Evaluation(badValue, 1);
            return new Evaluation(-TestFunctions.Sphere(candidate), 1);
        }

        public void Dispose() { }
    }
}
