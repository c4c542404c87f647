using Ascent.Environments;
using Ascent.Io.Models;
using Ascent.Search;

namespace Ascent.Algorithms.GradientFree;

/// <summary>Every search method that can train a policy, in the order of <c>docs/search.md</c>.</summary>
public static class PolicySearchMethods
{
    /// <summary>CEM, CMA-ES, ES, ARS, GA, hill climbing, Nelder–Mead, finite differences, Kohl &amp; Stone.</summary>
    public static IReadOnlyList<PolicySearchMethod> All { get; } =
    [
        PolicySearchMethod.For<CrossEntropyMethodOptions>(),
        PolicySearchMethod.For<CmaEsOptions>(),
        PolicySearchMethod.For<EvolutionStrategiesOptions>(),
        PolicySearchMethod.For<AugmentedRandomSearchOptions>(),
        PolicySearchMethod.For<GeneticAlgorithmOptions>(),
        PolicySearchMethod.For<HillClimbingOptions>(),
        PolicySearchMethod.For<NelderMeadOptions>(),
        PolicySearchMethod.For<FiniteDifferenceGradientOptions>(),
        PolicySearchMethod.For<KohlStoneOptions>(),
    ];

    /// <summary>The method called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No method has that name; the message lists them.</exception>
    public static PolicySearchMethod Find(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"policy search: unknown method '{name}'; choose one of {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));

    /// <summary>Loads a policy-search model of any method (the file names it).</summary>
    public static PolicySearch Load(string path, Func<Env>? makeEnv = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string algorithm = ModelReader.Open(path).Algorithm;
        var method = All.FirstOrDefault(m => m.Name == algorithm)
            ?? throw new IncompatibleModelException($"{path}: the model was trained by '{algorithm}', not by a policy search ({string.Join(", ", All.Select(m => m.Name))}).");
        return method.Load(path, makeEnv);
    }
}
