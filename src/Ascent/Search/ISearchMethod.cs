namespace Ascent.Search;

/// <summary>
/// A gradient-free search method in ask/tell form: <see cref="Ask"/> proposes the candidate parameter vectors of
/// one generation, somebody else evaluates them, and <see cref="Tell"/> hands back their fitness.
/// </summary>
/// <remarks>
/// <para><b>Convention: fitness is maximised</b>, because reinforcement learning maximises return. To minimise a
/// function f, tell −f (<see cref="FunctionObjective.Minimize"/> does this).</para>
/// <para><b>Numbers are double.</b> Search state (means, covariances, Adam moments, step sizes) needs double
/// precision: CMA-ES reaches 1e−8 on Rosenbrock only with step sizes near 1e−5 and covariance condition numbers
/// near 1e4, which float32 cannot represent accurately. A float32 policy copies a candidate into its flat
/// parameters once per evaluation — N conversions against an episode of many forward passes.</para>
/// <para>Evaluation is not the method's business, so a generation can be evaluated in parallel
/// (<see cref="PopulationEvaluator"/>) and the loop driven by <see cref="SearchLoop"/> or by hand.</para>
/// </remarks>
public interface ISearchMethod
{
    /// <summary>A short display name, e.g. <c>cma-es</c>.</summary>
    string Name { get; }

    /// <summary>The number of parameters being searched.</summary>
    int Dimension { get; }

    /// <summary>The number of completed generations (calls to <see cref="Tell"/>).</summary>
    int Generation { get; }

    /// <summary>The number of candidates whose fitness has been told.</summary>
    long CandidatesEvaluated { get; }

    /// <summary>The candidates of the next generation. Calling it again before <see cref="Tell"/> returns the same
    /// candidates. The population belongs to the method and is overwritten by the next generation.</summary>
    Population Ask();

    /// <summary>Updates the method with the fitness of every candidate of the pending generation, in candidate
    /// order. A non-finite value is an error (it names the candidate).</summary>
    void Tell(ReadOnlySpan<double> fitness);

    /// <summary>The best candidate told so far (the start point before the first <see cref="Tell"/>).</summary>
    ReadOnlySpan<double> Best { get; }

    /// <summary>The fitness of <see cref="Best"/> (−∞ before the first <see cref="Tell"/>). With a noisy objective
    /// this is the luckiest sample, biased upwards; <see cref="Current"/> is the better estimate to deploy.</summary>
    double BestFitness { get; }

    /// <summary>The method's current solution: the mean of its search distribution, the parent, or the best
    /// vertex — the point it would deploy now.</summary>
    ReadOnlySpan<double> Current { get; }

    /// <summary>The method's current step size (σ of the search distribution, or its analogue), for progress reports.</summary>
    double StepSize { get; }

    /// <summary>Whether the method has stopped making progress by its own criterion (e.g. CMA-ES's step size
    /// collapsed, a Nelder–Mead simplex shrank to a point); further generations are useless.</summary>
    bool HasConverged { get; }
}
