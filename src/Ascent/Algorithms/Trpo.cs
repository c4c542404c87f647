using Ascent.Environments;
using Ascent.Environments.Vector;
using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// Trust Region Policy Optimization (Schulman et al. 2015) as seed 004 builds it and Stable-Baselines3-contrib runs it:
/// per segment, maximise the importance-sampled surrogate <c>L(θ) = mean(π_θ(a|s)/π_old(a|s) · Â)</c> subject to the
/// mean <c>KL(π_old ‖ π_θ) ≤ δ</c> — the natural-gradient direction by conjugate gradient on Fisher-vector products,
/// scaled to the trust region, then a backtracking line search that accepts only a step that improves <c>L</c> with
/// measured mean KL ≤ δ (otherwise θ_old is kept) — and fit the critic separately by minibatch Adam.
/// </summary>
/// <remarks>The loop is <see cref="TrustRegionLearner"/>'s; <c>docs/algorithms/trpo.md</c> maps it to the lecture's pseudocode.</remarks>
/// <example>
/// <code>
/// using var model = new Trpo("CartPole-v1", new TrpoOptions { OnPolicy = new TrpoOptions().OnPolicy with { NEnvs = 2, NSteps = 512, Seed = 1 } });
/// model.Learn(100_000);
/// model.Save("trpo-cartpole.zip");
/// </code>
/// </example>
public sealed class Trpo : TrustRegionLearner
{
    /// <summary>Trains on <c>n_envs</c> copies of the registered environment <paramref name="envId"/>.</summary>
    public Trpo(string envId, TrpoOptions? options = null) : this(Validated(options), envId) { }

    /// <summary>Trains on <paramref name="env"/>, whose number of environments must equal <c>n_envs</c> (the environment is not disposed with the model).</summary>
    public Trpo(VectorEnv env, TrpoOptions? options = null) : this(env, Validated(options), ownsEnv: false) { }

    private Trpo(TrpoOptions options, string envId) : this(Envs.MakeVector(envId, options.OnPolicy.NEnvs), options, ownsEnv: true) { }

    private Trpo(VectorEnv env, TrpoOptions options, bool ownsEnv) : base("trpo", env, options.OnPolicy, options.TrustRegion, options.Learner, ownsEnv) =>
        Options = options with { OnPolicy = OnPolicy };

    /// <summary>The options in force (with the resolved seed).</summary>
    public TrpoOptions Options { get; }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> OptionSettings() => OptionsBinder.ToSettings(Options);

    /// <inheritdoc />
    public override string OptionsYaml(string? comment = null) => OptionsBinder.ToYaml(Options, EnvId, comment);

    /// <summary>
    /// Loads a model saved by <see cref="BaseAlgorithm.Save"/>, ready to predict or to continue training, in
    /// <paramref name="env"/> (checked against the saved spaces; its number of environments replaces <c>n_envs</c>) or
    /// in new copies of the saved environment id.
    /// </summary>
    public static Trpo Load(string path, VectorEnv? env = null)
    {
        var r = OpenModel(path, "trpo", env);
        var options = OptionsBinder.ApplySettings(new TrpoOptions(), r.Options, r.Source);
        if (env is not null) options = options with { OnPolicy = options.OnPolicy with { NEnvs = env.NumEnvs } };
        var (vec, owned) = EnvironmentForLoad(r, env, options.OnPolicy.NEnvs);
        var model = new Trpo(vec, options, owned);
        model.Restore(r);
        return model;
    }

    private static TrpoOptions Validated(TrpoOptions? options) => OptionsValidation.Validate(options ?? new TrpoOptions());
}
