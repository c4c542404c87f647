using Ascent.Algorithms;
using Ascent.Algorithms.GradientFree;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Training;

namespace Ascent.Cli.Commands.Train;

/// <summary>
/// An algorithm <c>ascent train</c> and <c>ascent bench train</c> can run: its name, a one-line summary, how often it
/// logs by default, and how to build a model for an environment id from a YAML section and <c>--set</c> overrides.
/// </summary>
/// <param name="Name">The subcommand name, e.g. <c>a2c</c> (also the name of the shipped <c>hyperparams/&lt;name&gt;.yml</c>).</param>
/// <param name="Summary">One line for the help text.</param>
/// <param name="DefaultLogInterval">Iterations between log dumps (Stable-Baselines3's default for the algorithm).</param>
/// <param name="Create">Builds the model: environment id, YAML section (null: the defaults), overrides.</param>
/// <param name="Options">The algorithm's options (keys, defaults, ranges, descriptions) for <c>--list-options</c>.</param>
internal sealed record TrainableAlgorithm(string Name, string Summary, int DefaultLogInterval,
    Func<string, ConfigMap?, IReadOnlyList<string>, BaseAlgorithm> Create, Func<IReadOnlyList<OptionInfo>> Options)
{
    /// <summary>A gradient-free policy search: one log dump and one progress line per generation, and a <c>--policy</c> option.</summary>
    public bool SearchesPolicy { get; init; }

    /// <summary>
    /// Why a run of this algorithm cannot be checkpointed and continued with <c>--resume</c> (null when it can): a policy
    /// search's model file holds the current solution and the observation statistics, not the method's own state.
    /// </summary>
    public string? NotResumableBecause => SearchesPolicy
        ? "a policy search saves its current solution and observation statistics but not the search method's own state " +
          "(sampling distribution, step size, population, moments, generator), so it cannot be checkpointed and continued " +
          "where it stopped; start a new run instead (its model.zip holds the solution found)"
        : null;

    /// <summary>Every algorithm the CLI trains; adding one is one line here.</summary>
    public static readonly IReadOnlyList<TrainableAlgorithm> All =
    [
        new("a2c", "Advantage actor-critic (synchronous A2C, Mnih et al. 2016).", 100,
            (env, config, set) => new A2c(env, OptionsBinder.Bind<A2cOptions>(config, set)), OptionsBinder.Describe<A2cOptions>),
        new("a3c", "Asynchronous advantage actor-critic (A3C, Mnih et al. 2016): lock-free worker threads.", 1000,
            (env, config, set) => new A3c(env, OptionsBinder.Bind<A3cOptions>(config, set)), OptionsBinder.Describe<A3cOptions>),
        new("reinforce", "Batch REINFORCE (Williams 1992, CS285's form): complete episodes, reward-to-go, a learned baseline.", 1, (env, config, set) => new Reinforce(env, OptionsBinder.Bind<ReinforceOptions>(config, set)), OptionsBinder.Describe<ReinforceOptions>),
        new("trpo", "Trust Region Policy Optimization (Schulman et al. 2015): conjugate-gradient natural step, KL line search, separate critic.", 1,
            (env, config, set) => new Trpo(env, OptionsBinder.Bind<TrpoOptions>(config, set)), OptionsBinder.Describe<TrpoOptions>),
        new("npg", "Natural policy gradient (Kakade 2001): TRPO's natural step scaled to target_kl, without the line search.", 1,
            (env, config, set) => new Npg(env, OptionsBinder.Bind<NpgOptions>(config, set)), OptionsBinder.Describe<NpgOptions>),
        new("ppo", "Proximal policy optimization with the clipped surrogate (PPO-clip, Schulman et al. 2017).", 1,
            (env, config, set) => new Ppo(env, OptionsBinder.Bind<PpoOptions>(config, set)), OptionsBinder.Describe<PpoOptions>),
        new("ppo-kl", "PPO with an adaptive KL penalty (PPO v1, Schulman et al. 2017): beta doubled or halved toward target_kl.", 1,
            (env, config, set) => new PpoKl(env, OptionsBinder.Bind<PpoKlOptions>(config, set)), OptionsBinder.Describe<PpoKlOptions>),
        .. PolicySearchMethods.All.Select(m => new TrainableAlgorithm(m.Name, m.Summary, 1, m.Create, m.Describe) { SearchesPolicy = true }),
    ];

    /// <summary>The registered algorithm called <paramref name="name"/>; an unknown name throws, listing the close matches and every algorithm.</summary>
    public static TrainableAlgorithm Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(a => a.Name == name)
            ?? throw new ArgumentException($"unknown algorithm '{name}'.{NameSuggestions.DidYouMean(name, All.Select(a => a.Name))} Algorithms: {string.Join(", ", All.Select(a => a.Name))}.");
    }

    /// <summary>
    /// Loads any model file saved by a registered algorithm, dispatching on the algorithm name the file records (never on a
    /// type named in it): the algorithm builds a model with the file's options for the file's environment id, then restores
    /// everything saved (parameters, normalisers, optimizer, generators, counters and, for checkpoints, the environments).
    /// </summary>
    public static BaseAlgorithm Load(string path) => Load(ModelReader.Open(path));

    /// <summary>Loads the model <paramref name="reader"/> has opened (see <see cref="Load(string)"/>).</summary>
    public static BaseAlgorithm Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var algorithm = All.FirstOrDefault(a => a.Name == reader.Algorithm)
            ?? throw new ArgumentException($"{reader.Source} holds a model of the algorithm '{reader.Algorithm}', which this build of ascent does not know (it knows {string.Join(", ", All.Select(a => a.Name))}).");
        SavedNetworkSize.Check(reader);
        var model = algorithm.Create(reader.EnvId, OptionsBinder.SettingsMap(reader.Options, reader.Source), []);
        try
        {
            model.RestoreFrom(reader);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>
    /// The YAML section for <paramref name="envId"/>: from <paramref name="configFile"/> when given (its own or its
    /// <c>default</c> section), else from the shipped preset <paramref name="preset"/> (<c>hyperparams/presets/&lt;name&gt;.&lt;preset&gt;.yml</c>),
    /// else the shipped tuned section (null when there is none: the algorithm's defaults).
    /// </summary>
    public ConfigMap? Section(string envId, string? configFile, out string source, string? preset = null)
    {
        if (configFile is not null && preset is not null)
            throw new ArgumentException($"--config {configFile} and --preset {preset} both choose the hyperparameters; give one of them.");
        if (configFile is not null)
        {
            source = configFile;
            return HyperparameterFile.Load(configFile).Get(envId);
        }
        if (preset is not null)
        {
            source = $"hyperparams/presets/{Name}.{preset}.yml";
            return TunedHyperparameters.Preset(Name, preset, envId);
        }
        var section = TunedHyperparameters.Section(Name, envId);
        source = section is null ? $"{Name} defaults (no tuned hyperparameters for {envId})" : $"hyperparams/{Name}.yml";
        return section;
    }
}
