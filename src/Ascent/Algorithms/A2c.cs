using Ascent.Environments;
using Ascent.Environments.Vector;
using Ascent.Estimators;
using Ascent.Io.Config;
using Ascent.Nn.Optimizers;
using Ascent.Training;
using Ascent.Training.Logging;

namespace Ascent.Algorithms;

/// <summary>
/// Advantage actor-critic (A2C), the synchronous form of Mnih et al. (2016), as seed 003's loop:
/// <b>generate samples</b> — N environments × M steps with the current policy;
/// <b>fit V / compute A</b> — GAE(λ) advantages from the critic's values, and its regression targets;
/// <b>improve the policy</b> — one gradient step on <see cref="ActorCriticLoss"/>
/// (<c>θ ← θ + α ∇θ J(θ)</c> with <c>∇θ J ≈ (1/N) Σ ∇θ log π_θ(u|x) Â(x, u)</c>, plus the critic's regression and an
/// entropy bonus), clipped to a global gradient norm, with RMSprop or Adam.
/// </summary>
/// <example>
/// <code>
/// using var model = new A2c("CartPole-v1", new A2cOptions { OnPolicy = new() { NEnvs = 8, NSteps = 5, Seed = 1 } });
/// model.Learn(500_000);
/// model.Save("a2c-cartpole.zip");
/// </code>
/// </example>
public sealed class A2c : OnPolicyAlgorithm
{
    private readonly Optimizer _optimizer;
    private readonly ActorCriticLoss _loss = new();

    /// <summary>Trains on <c>n_envs</c> copies of the registered environment <paramref name="envId"/>.</summary>
    public A2c(string envId, A2cOptions? options = null) : this(Validated(options), envId) { }

    /// <summary>Trains on <paramref name="env"/>, whose number of environments must equal <c>n_envs</c> (the environment is not disposed with the model).</summary>
    public A2c(VectorEnv env, A2cOptions? options = null) : this(env, Validated(options), ownsEnv: false) { }

    private A2c(A2cOptions options, string envId) : this(Envs.MakeVector(envId, options.OnPolicy.NEnvs), options, ownsEnv: true) { }

    private A2c(VectorEnv env, A2cOptions options, bool ownsEnv) : base("a2c", env, options.OnPolicy, ownsEnv)
    {
        Options = options with { OnPolicy = OnPolicy };
        float lr = (float)options.LearningRate.Initial;
        _optimizer = options.UseRmsProp
            ? new RmsProp(Policy.Parameters, lr, alpha: 0.99f, epsilon: (float)options.RmsPropEps)
            : new Adam(Policy.Parameters, lr, epsilon: 1e-5f);
    }

    /// <summary>The options in force (with the resolved seed).</summary>
    public A2cOptions Options { get; }

    /// <inheritdoc />
    public override Optimizer Optimizer => _optimizer;

    /// <summary>The loss, whose tape can check every value for NaN (<c>Loss.Tape.CheckFinite = true</c>).</summary>
    public ActorCriticLoss Loss => _loss;

    /// <summary>Improve the policy: one clipped gradient step on the actor-critic loss of the whole segment.</summary>
    protected override void Train()
    {
        _optimizer.LearningRate = (float)Options.LearningRate.Value(ProgressRemaining);
        var b = Buffer;
        if (OnPolicy.NormalizeAdvantage) AdvantageNormalization.Normalize(b.Advantages.Span);
        var terms = _loss.Record(Policy, b.Observations, b.Actions, b.Advantages, b.Returns, (float)Options.EntCoef, (float)Options.VfCoef);
        CheckLossTerms(("policy-gradient term", terms.PolicyGradient), ("entropy term", terms.Entropy), ("value loss", terms.ValueLoss), ("total loss", terms.Total));
        Policy.Parameters.ZeroGrad();
        _loss.Backward();
        double gradNorm = ClippedStep(_optimizer, Policy.Parameters, Options.MaxGradNorm);

        Logger.Record(LogKeys.PolicyGradientLoss, terms.PolicyGradient);
        Logger.Record(LogKeys.ValueLoss, terms.ValueLoss);
        Logger.Record(LogKeys.EntropyLoss, -terms.Entropy);
        Logger.Record(LogKeys.Loss, terms.Total);
        Logger.Record(LogKeys.GradNorm, gradNorm);
        Logger.Record(LogKeys.ExplainedVariance, ExplainedVariance.Compute(b.Values.Span, b.Returns.Span));
        Logger.Record(LogKeys.LearningRate, _optimizer.LearningRate);
        Logger.Record(LogKeys.UpdateCount, Updates);
        if (Policy.LogStd is { } logStd) Logger.Record(LogKeys.Std, MeanStd(logStd.Value.Span));
    }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> OptionSettings() => OptionsBinder.ToSettings(Options);

    /// <inheritdoc />
    public override string OptionsYaml(string? comment = null) => OptionsBinder.ToYaml(Options, EnvId, comment);

    /// <summary>
    /// Loads a model saved by <see cref="BaseAlgorithm.Save"/>, ready to predict or to continue training, in
    /// <paramref name="env"/> (checked against the saved spaces; its number of environments replaces <c>n_envs</c>) or
    /// in new copies of the saved environment id.
    /// </summary>
    public static A2c Load(string path, VectorEnv? env = null)
    {
        var r = OpenModel(path, "a2c", env);
        var options = OptionsBinder.ApplySettings(new A2cOptions(), r.Options, r.Source);
        if (env is not null) options = options with { OnPolicy = options.OnPolicy with { NEnvs = env.NumEnvs } };
        var (vec, owned) = EnvironmentForLoad(r, env, options.OnPolicy.NEnvs);
        var model = new A2c(vec, options, owned);
        model.Restore(r);
        return model;
    }

    private static A2cOptions Validated(A2cOptions? options) => OptionsValidation.Validate(options ?? new A2cOptions());

    private static double MeanStd(ReadOnlySpan<float> logStd)
    {
        double s = 0;
        foreach (float v in logStd) s += Math.Exp(v);
        return s / logStd.Length;
    }
}
