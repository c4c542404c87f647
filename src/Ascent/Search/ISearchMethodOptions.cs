namespace Ascent.Search;

/// <summary>
/// The options record of a search method, which knows how to build its method: what lets one generic policy-search
/// model (<c>PolicySearch&lt;TMethod&gt;</c>) and the command line serve every method.
/// </summary>
public interface ISearchMethodOptions
{
    /// <summary>The method's name as an algorithm: the <c>ascent train</c> subcommand, the algorithm recorded in model
    /// files and run directories, and the name of its tuned hyperparameters (<c>hyperparams/&lt;name&gt;.yml</c>).</summary>
    string AlgorithmName { get; }

    /// <summary>One line describing the method, for help texts.</summary>
    string Summary { get; }

    /// <summary>Builds the method starting at <paramref name="start"/> with its generator seeded by <paramref name="seed"/>;
    /// the method checks the options (and those that depend on the parameter count).</summary>
    ISearchMethod CreateMethod(ReadOnlySpan<double> start, ulong seed);

    /// <summary>Whether a policy objective must normalise observations for this method (ARS V2). Default false.</summary>
    bool NormalizesObservations => false;
}
