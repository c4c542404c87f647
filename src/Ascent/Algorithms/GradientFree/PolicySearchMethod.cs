using Ascent.Environments;
using Ascent.Io.Config;
using Ascent.Search;

namespace Ascent.Algorithms.GradientFree;

/// <summary>One search method as the command line and model loading see it: its name, a summary, and how to build, load
/// and describe a <see cref="PolicySearch{TMethod}"/> without naming the options type.</summary>
/// <param name="Name">The algorithm name (<c>cem</c>, <c>cmaes</c>, …): subcommand, model files, <c>hyperparams/&lt;name&gt;.yml</c>.</param>
/// <param name="Summary">One line for help texts.</param>
/// <param name="Create">Builds a model: environment id, YAML section (null: defaults), <c>key=value</c> overrides.</param>
/// <param name="Load">Loads a model file, optionally with an environment factory.</param>
/// <param name="Describe">The keys, defaults, ranges and descriptions of its options.</param>
public sealed record PolicySearchMethod(string Name, string Summary,
    Func<string, ConfigMap?, IReadOnlyList<string>, PolicySearch> Create,
    Func<string, Func<Env>?, PolicySearch> Load,
    Func<IReadOnlyList<OptionInfo>> Describe)
{
    /// <summary>The entry for the method whose options record is <typeparamref name="TMethod"/>.</summary>
    public static PolicySearchMethod For<TMethod>() where TMethod : class, ISearchMethodOptions, new()
    {
        var defaults = new TMethod();
        return new PolicySearchMethod(defaults.AlgorithmName, defaults.Summary,
            (envId, config, overrides) => new PolicySearch<TMethod>(envId, OptionsBinder.Bind<PolicySearchOptions<TMethod>>(config, overrides)),
            (path, makeEnv) => PolicySearch<TMethod>.Load(path, makeEnv),
            OptionsBinder.Describe<PolicySearchOptions<TMethod>>);
    }
}
