using Ascent.Environments;
using Ascent.Environments.Vector;
using Ascent.Estimators;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Nn.Optimizers;
using Ascent.Training;
using Ascent.Training.Logging;

namespace Ascent.Algorithms;

/// <summary>
/// PPO with an adaptive KL penalty (seed 003's "PPO v1"; Schulman et al. 2017, §4): TRPO's constrained problem
/// <c>max L(θ) s.t. KL ≤ d_targ</c> solved by its Lagrangian, <b>run SGD on</b>
/// <c>mean_t ρ_t(θ) Â_t − β · mean_t KL(π_old(·|s_t) ‖ π_θ(·|s_t))</c> (K epochs of shuffled minibatches), then
/// <b>do a dual step on β</b> (<see cref="AdaptiveKlCoefficient"/>: double when the measured KL exceeds 1.5·d_targ,
/// halve when it is below d_targ/1.5).
/// </summary>
/// <remarks>
/// Everything else — the rollout, GAE, per-minibatch advantage normalisation, the value loss and entropy bonus, Adam with
/// ε = 1e-5, gradient clipping — is PPO-clip's. The KL is exact (<see cref="KlPenaltyLoss"/>), from the distribution
/// parameters <see cref="OldPolicy"/> keeps before the update; the dual update measures it over the whole segment after the
/// last epoch. β is saved with the model. Randomness as <see cref="Ppo"/>.
/// </remarks>
public sealed class PpoKl : OnPolicyAlgorithm
{
    private const string BetaSection = "state/kl_coef";
    private readonly Adam _optimizer;
    private readonly OldPolicy _oldPolicy;
    private readonly KlPenaltyLoss _loss;
    private readonly ShuffledMinibatches _minibatches;
    private readonly UpdateStatistics _statistics = new();

    /// <summary>Trains on <c>n_envs</c> copies of the registered environment <paramref name="envId"/>.</summary>
    public PpoKl(string envId, PpoKlOptions? options = null) : this(Validated(options), envId) { }

    /// <summary>Trains on <paramref name="env"/>, whose number of environments must equal <c>n_envs</c> (the environment is not disposed with the model).</summary>
    public PpoKl(VectorEnv env, PpoKlOptions? options = null) : this(env, Validated(options), ownsEnv: false) { }

    private PpoKl(PpoKlOptions options, string envId) : this(Envs.MakeVector(envId, options.OnPolicy.NEnvs), options, ownsEnv: true) { }

    private PpoKl(VectorEnv env, PpoKlOptions options, bool ownsEnv) : base("ppo-kl", env, options.OnPolicy, ownsEnv)
    {
        Options = options with { OnPolicy = OnPolicy };
        _optimizer = new Adam(Policy.Parameters, (float)options.LearningRate.Initial, epsilon: 1e-5f);
        _minibatches = new ShuffledMinibatches(Buffer.Size, options.BatchSize, Buffer.ObservationSize, Buffer.ActionSize, Root.Child(3));
        _oldPolicy = new OldPolicy(Policy, Buffer.Size, keepDistribution: true);
        _loss = new KlPenaltyLoss(Policy, _oldPolicy, parallel: options.UpdateThreads == 2);
        Beta = new AdaptiveKlCoefficient(options.KlCoef, options.TargetKl);
    }

    /// <summary>The options in force (with the resolved seed).</summary>
    public PpoKlOptions Options { get; }

    /// <summary>The penalty coefficient β and its dual update.</summary>
    public AdaptiveKlCoefficient Beta { get; }

    /// <summary>The exact mean <c>KL(π_old ‖ π_θ)</c> over the segment after the last update (what β's update saw).</summary>
    public double LastKl { get; private set; } = double.NaN;

    /// <inheritdoc />
    public override Optimizer Optimizer => _optimizer;

    /// <summary>The minibatch plan.</summary>
    public ShuffledMinibatches Minibatches => _minibatches;

    /// <inheritdoc />
    public override IReadOnlyList<string> ConfigurationNotes => _minibatches.Note is { } note ? [note] : [];

    /// <summary>Improve the policy: K epochs of SGD on the KL-penalised surrogate, then the dual update of β.</summary>
    protected override void Train()
    {
        var o = Options;
        _optimizer.LearningRate = (float)o.LearningRate.Value(ProgressRemaining);
        var statistics = _statistics;
        statistics.Reset();
        double beta = Beta.Value;

        _minibatches.Shuffle();
        _oldPolicy.Evaluate(Policy, Buffer, _minibatches);                                     // log π_old and π_old's parameters
        for (int epoch = 0; epoch < o.NEpochs; epoch++)
        {
            if (epoch > 0) _minibatches.Shuffle();
            for (int j = 0; j < _minibatches.Count; j++)
            {
                var batch = _minibatches.Gather(Buffer, j);
                if (OnPolicy.NormalizeAdvantage && batch.Size > 1) AdvantageNormalization.Normalize(batch.Advantages.Span);
                var terms = _loss.Evaluate(Policy, batch, _minibatches.Indices(j), beta, (float)o.EntCoef, (float)o.VfCoef);
                CheckLossTerms(("surrogate term", terms.PolicyLoss), ("KL term", terms.Kl), ("entropy term", terms.Entropy), ("value loss", terms.ValueLoss), ("total loss", terms.Total));
                double gradNorm = ClippedStep(_optimizer, Policy.Parameters, o.MaxGradNorm);
                statistics.Add(new PpoLossTerms(terms.PolicyLoss, terms.Entropy, terms.ValueLoss, terms.Total, terms.ApproxKl, double.NaN), gradNorm);
            }
        }
        LastKl = _loss.MeanKl(Policy, Buffer, _minibatches);                                   // d = Ê[KL(π_old ‖ π_θ)]
        CheckLossTerms(("measured KL", LastKl));
        Beta.Update(LastKl);                                                                  // dual step on β

        statistics.WriteTo(Logger);
        Logger.Record(LogKeys.Kl, LastKl);
        Logger.Record(LogKeys.KlCoefficient, Beta.Value);
        Logger.Record(LogKeys.ExplainedVariance, ExplainedVariance.Compute(Buffer.Values.Span, Buffer.Returns.Span));
        Logger.Record(LogKeys.LearningRate, _optimizer.LearningRate);
        Logger.Record(LogKeys.UpdateCount, Updates);
        if (Policy.LogStd is { } logStd) Logger.Record(LogKeys.Std, UpdateStatistics.MeanStd(logStd.Value.Span));
    }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> OptionSettings() => OptionsBinder.ToSettings(Options);

    /// <inheritdoc />
    public override string OptionsYaml(string? comment = null) => OptionsBinder.ToYaml(Options, EnvId, comment);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _loss.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override void WriteState(ModelWriter writer)
    {
        base.WriteState(writer);
        writer.AddRngState("minibatches", _minibatches.Rng.GetState());
        writer.Add(BetaSection, [Beta.Value], [1]);
    }

    /// <inheritdoc />
    protected override void ReadState(ModelReader reader)
    {
        base.ReadState(reader);
        _minibatches.Rng.SetState(reader.GetRngState("minibatches"));
        Beta.Value = reader.GetFloat64(BetaSection, [1])[0];
    }

    /// <summary>Loads a model saved by <see cref="BaseAlgorithm.Save"/> (see <see cref="Ppo.Load"/>), including β.</summary>
    public static PpoKl Load(string path, VectorEnv? env = null)
    {
        var r = OpenModel(path, "ppo-kl", env);
        var options = OptionsBinder.ApplySettings(new PpoKlOptions(), r.Options, r.Source);
        if (env is not null) options = options with { OnPolicy = options.OnPolicy with { NEnvs = env.NumEnvs } };
        var (vec, owned) = EnvironmentForLoad(r, env, options.OnPolicy.NEnvs);
        var model = new PpoKl(vec, options, owned);
        model.Restore(r);
        return model;
    }

    private static PpoKlOptions Validated(PpoKlOptions? options) => OptionsValidation.Validate(options ?? new PpoKlOptions());
}
