using Ascent.Environments;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Search;
using Ascent.Training;

namespace Ascent.Algorithms.GradientFree;

/// <summary>
/// Policy search with one method, given by its options record <typeparamref name="TMethod"/> (e.g.
/// <see cref="CrossEntropyMethodOptions"/> for CEM, <see cref="CmaEsOptions"/> for CMA-ES). Each method also has a
/// short-named subclass that is exactly this class: <see cref="Cem"/>, <see cref="CmaEs"/>, <see cref="Es"/>, <see cref="Ars"/>, ….
/// </summary>
/// <typeparam name="TMethod">The method's options record.</typeparam>
/// <example>
/// <code>
/// using var cem = new PolicySearch&lt;CrossEntropyMethodOptions&gt;("linear", "CartPole-v1", new() { Search = new() { Seed = 1 } });
/// SearchResult result = cem.Run(new SearchBudget { MaxSteps = 50_000 }, g => Console.WriteLine(g));
/// cem.Save("cem-cartpole.zip");                           // PolicySearch&lt;CrossEntropyMethodOptions&gt;.Load reads it back
/// </code>
/// </example>
public class PolicySearch<TMethod> : PolicySearch where TMethod : class, ISearchMethodOptions, new()
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …; overrides the options' <c>policy</c>) on the registered environment <paramref name="envId"/>.</summary>
    public PolicySearch(string policy, string envId, PolicySearchOptions<TMethod>? options = null)
        : this(envId, WithPolicy(options, policy)) { }

    /// <summary>Searches on the registered environment <paramref name="envId"/> (with the options' episode limit, if any).</summary>
    public PolicySearch(string envId, PolicySearchOptions<TMethod>? options = null)
        : this(Validated(options), envId) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread); the model records
    /// the id of their spec (or their name).</summary>
    public PolicySearch(Func<Env> makeEnv, PolicySearchOptions<TMethod>? options = null)
        : this(makeEnv, EnvIdOf(makeEnv), Validated(options)) { }

    private PolicySearch(PolicySearchOptions<TMethod> options, string envId)
        : this(MakeRegistered(envId, options.Search), envId, options) { }

    private PolicySearch(Func<Env> makeEnv, string envId, PolicySearchOptions<TMethod> options)
        : base(makeEnv, envId, options.Search, options.Method)
    {
        Options = options with { Search = Settings };
    }

    /// <summary>The options in force (with the resolved seed).</summary>
    public PolicySearchOptions<TMethod> Options { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<string, string>> OptionSettings() => OptionsBinder.ToSettings(Options);

    /// <inheritdoc/>
    public override string OptionsYaml(string? comment = null) => OptionsBinder.ToYaml(Options, EnvId, comment);

    /// <summary>
    /// Loads a model saved by <see cref="BaseAlgorithm.Save"/>, ready to predict, evaluate or search on (a new search from the
    /// saved policy), with environments made by <paramref name="makeEnv"/> (checked against the saved spaces) or copies of
    /// the saved environment id.
    /// </summary>
    public static PolicySearch<TMethod> Load(string path, Func<Env>? makeEnv = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var r = ModelReader.Open(path);
        r.CheckAlgorithm(new TMethod().AlgorithmName);
        SavedNetworkSize.Check(r);
        var options = OptionsBinder.ApplySettings(new PolicySearchOptions<TMethod>(), r.Options, r.Source);
        makeEnv ??= MakeRegistered(r.EnvId, options.Search);
        CheckCompatible(r, makeEnv);
        var model = new PolicySearch<TMethod>(makeEnv, r.EnvId, options);
        model.Restore(r);                               // the deployed policy, normaliser, counters, episode window
        return model;
    }

    private static PolicySearchOptions<TMethod> Validated(PolicySearchOptions<TMethod>? options) =>
        OptionsValidation.Validate(options ?? new PolicySearchOptions<TMethod>());

    private static PolicySearchOptions<TMethod> WithPolicy(PolicySearchOptions<TMethod>? options, string policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new PolicySearchOptions<TMethod>();
        return options with { Search = options.Search with { Policy = policy } };
    }

    private static string EnvIdOf(Func<Env> makeEnv)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        using var env = makeEnv();
        return env.Spec?.Id ?? env.Name;
    }
}
