namespace Ascent.Search;

/// <summary>
/// A black-box objective: a candidate parameter vector → fitness (to be maximised), e.g. a policy's flat
/// parameters → the return of one episode.
/// </summary>
/// <remarks>
/// Evaluation runs on <see cref="IObjectiveWorker"/>s, one per thread, so an objective that needs mutable
/// state (an environment, a policy to load the parameters into) keeps one copy per worker.
/// </remarks>
public interface IObjective
{
    /// <summary>The number of parameters a candidate must have.</summary>
    int Dimension { get; }

    /// <summary>Creates a worker; the evaluator creates one per degree of parallelism and reuses it.</summary>
    IObjectiveWorker CreateWorker();
}

/// <summary>
/// Evaluates candidates on one thread. <b>Contract:</b> the result is a function of the candidate and the
/// <see cref="EvaluationContext"/> only — all randomness comes from <see cref="EvaluationContext.EpisodeSeed"/>,
/// nothing from the worker's history — so that which worker evaluates which candidate cannot change results.
/// </summary>
public interface IObjectiveWorker : IDisposable
{
    /// <summary>Evaluates one episode (or one function value) of <paramref name="candidate"/>.</summary>
    Evaluation Evaluate(ReadOnlySpan<double> candidate, in EvaluationContext context);
}

/// <summary>Who is being evaluated and with which randomness.</summary>
/// <param name="Generation">The generation of the search method (its <see cref="ISearchMethod.Generation"/> at <see cref="ISearchMethod.Ask"/>).</param>
/// <param name="Candidate">The index of the candidate in its population.</param>
/// <param name="Episode">The episode index within this candidate's evaluation, 0 … K−1.</param>
/// <param name="EpisodeSeed">The seed for all randomness of this episode (environment reset, action sampling); a
/// non-negative int as <c>Env.Reset(seed)</c> takes. With common random numbers it is the same for every
/// candidate of the generation.</param>
public readonly record struct EvaluationContext(int Generation, int Candidate, int Episode, int EpisodeSeed);

/// <summary>The outcome of one episode: its fitness (return) and the environment steps it took (0 for a plain function).</summary>
public readonly record struct Evaluation(double Fitness, long Steps);

/// <summary>
/// Optional for an <see cref="IObjective"/> whose evaluation reads state shared across a generation, such as
/// ARS V2's running observation statistics: frozen while a generation is evaluated, updated after it from
/// what every candidate recorded, merged in candidate order so that parallel and serial runs agree.
/// </summary>
public interface IGenerationHooks
{
    /// <summary>Called before the first candidate of a generation is evaluated.</summary>
    void BeginGeneration(int generation, int candidates);

    /// <summary>Called after every candidate of the generation was evaluated successfully.</summary>
    void EndGeneration(int generation);
}
