using Ascent.Environments;
using Ascent.Environments.Vector;
using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// The natural policy gradient (Kakade 2001) on the on-policy engine: TRPO's pipeline without the line search — per
/// segment, the policy gradient g of the surrogate, x ≈ F⁻¹g by conjugate gradient on Fisher-vector products, and the
/// step taken as it is, θ ← θ_old + √(2δ / xᵀFx)·x (scaled to the quadratic trust region; the default) or
/// θ ← θ_old + η·x with a fixed <c>npg_learning_rate</c> η; the critic fitted separately by minibatch Adam.
/// </summary>
/// <remarks>
/// The unconstrained counterpart of <see cref="Trpo"/>: the step follows the second-order model of the KL and is never
/// checked against the measured KL or the surrogate, so a large δ (or η) can overshoot where the model is poor. The
/// loop is <see cref="TrustRegionLearner"/>'s; <c>docs/algorithms/trpo.md</c> compares the two.
/// </remarks>
/// <example>
/// <code>
/// using var model = new Npg("CartPole-v1", new NpgOptions { OnPolicy = new NpgOptions().OnPolicy with { NEnvs = 2, NSteps = 512, Seed = 1 } });
/// model.Learn(100_000);
/// model.Save("npg-cartpole.zip");
/// </code>
/// </example>
public sealed class Npg : TrustRegionLearner
{
    /// <summary>Trains on <c>n_envs</c> copies of the registered environment <paramref name="envId"/>.</summary>
    public Npg(string envId, NpgOptions? options = null) : this(Validated(options), envId) { }

    /// <summary>Trains on <paramref name="env"/>, whose number of environments must equal <c>n_envs</c> (the environment is not disposed with the model).</summary>
    public Npg(VectorEnv env, NpgOptions? options = null) : this(env, Validated(options), ownsEnv: false) { }

    private Npg(NpgOptions options, string envId) : this(Envs.MakeVector(envId, options.OnPolicy.NEnvs), options, ownsEnv: true) { }

    private Npg(VectorEnv env, NpgOptions options, bool ownsEnv) : base("npg", env, options.OnPolicy, options.TrustRegion, options.Learner, ownsEnv) =>
        Options = options with { OnPolicy = OnPolicy };

    /// <summary>The options in force (with the resolved seed).</summary>
    public NpgOptions Options { get; }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> OptionSettings() => OptionsBinder.ToSettings(Options);

    /// <inheritdoc />
    public override string OptionsYaml(string? comment = null) => OptionsBinder.ToYaml(Options, EnvId, comment);

    /// <summary>
    /// Loads a model saved by <see cref="BaseAlgorithm.Save"/>, ready to predict or to continue training, in
    /// <paramref name="env"/> (checked against the saved spaces; its number of environments replaces <c>n_envs</c>) or
    /// in new copies of the saved environment id.
    /// </summary>
    public static Npg Load(string path, VectorEnv? env = null)
    {
        var r = OpenModel(path, "npg", env);
        var options = OptionsBinder.ApplySettings(new NpgOptions(), r.Options, r.Source);
        if (env is not null) options = options with { OnPolicy = options.OnPolicy with { NEnvs = env.NumEnvs } };
        var (vec, owned) = EnvironmentForLoad(r, env, options.OnPolicy.NEnvs);
        var model = new Npg(vec, options, owned);
        model.Restore(r);
        return model;
    }

    private static NpgOptions Validated(NpgOptions? options) => OptionsValidation.Validate(options ?? new NpgOptions());
}
