namespace Ascent.Search;

/// <summary>Progress after one generation: the statistics of its fitness and the run's totals.</summary>
/// <param name="Generation">The number of completed generations of the method.</param>
/// <param name="Evaluations">Episodes evaluated by the loop so far.</param>
/// <param name="Steps">Environment steps taken by the loop so far.</param>
/// <param name="Best">The highest fitness of this generation.</param>
/// <param name="Mean">The mean fitness of this generation.</param>
/// <param name="Std">The standard deviation of this generation's fitness (population form, divided by the count).</param>
/// <param name="BestEver">The best fitness told so far (<see cref="ISearchMethod.BestFitness"/>).</param>
/// <param name="StepSize">The method's step size after the update (<see cref="ISearchMethod.StepSize"/>).</param>
/// <param name="Elapsed">Wall time since the loop's current run started.</param>
public readonly record struct GenerationReport(
    int Generation, long Evaluations, long Steps, double Best, double Mean, double Std, double BestEver, double StepSize, TimeSpan Elapsed)
{
    /// <summary>A one-line progress message.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"gen {Generation,5}  evals {Evaluations,9}  steps {Steps,10}  best {Best,12:G6}  mean {Mean,12:G6}  std {Std,10:G4}  best-ever {BestEver,12:G6}  σ {StepSize,10:G4}");
}

/// <summary>The outcome of <see cref="SearchLoop.Run"/>.</summary>
/// <param name="Reason">Why the run stopped.</param>
/// <param name="Generations">The method's completed generations.</param>
/// <param name="Evaluations">Episodes evaluated by the loop so far.</param>
/// <param name="Steps">Environment steps taken by the loop so far.</param>
/// <param name="Best">A copy of the best candidate told so far.</param>
/// <param name="BestFitness">Its fitness.</param>
/// <param name="Current">A copy of the method's current solution (<see cref="ISearchMethod.Current"/>).</param>
/// <param name="Elapsed">Wall time of this run.</param>
public sealed record SearchResult(StopReason Reason, int Generations, long Evaluations, long Steps, double[] Best, double BestFitness, double[] Current, TimeSpan Elapsed);
