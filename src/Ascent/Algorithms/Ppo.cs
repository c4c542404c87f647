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
/// Proximal policy optimization with the clipped surrogate (Schulman et al. 2017; seed 003's "PPO v2"), with every
/// core and continuous-action implementation detail of Huang et al. (2022). The loop is the lecture's:
/// <b>generate samples</b> — N environments × M steps with π_θold;
/// <b>fit V / compute A</b> — GAE(λ) advantages and the critic's targets;
/// <b>improve the policy</b> — K epochs of shuffled minibatch steps on
/// <c>−L^CLIP(θ) − c_ent H + c_vf L^V(φ)</c>, where the importance ratio <c>ρ_t = π_θ(a_t|s_t)/π_θold(a_t|s_t)</c> corrects
/// for θ moving away from the policy that collected the batch and the clip stops each sample's gradient once ρ leaves
/// <c>[1 − ε, 1 + ε]</c> in the direction its advantage pushes.
/// </summary>
/// <example>
/// <code>
/// using var model = new Ppo("CartPole-v1", new PpoOptions { OnPolicy = new PpoOptions().OnPolicy with { NEnvs = 8, NSteps = 32, Seed = 1 }, BatchSize = 256, NEpochs = 20 });
/// model.Learn(100_000);
/// model.Save("ppo-cartpole.zip");
/// </code>
/// </example>
/// <remarks>
/// Randomness: weights from child 0 of <c>Rng(seed)</c>, actions from child 1, minibatch permutations from child 3.
/// Single-threaded and bit-for-bit reproducible for a seed.
/// </remarks>
public sealed class Ppo : OnPolicyAlgorithm
{
    private readonly Adam _optimizer;
    private readonly PpoLoss _loss;
    private readonly ShuffledMinibatches _minibatches;
    private readonly OldPolicy _oldPolicy;
    private readonly UpdateStatistics _statistics = new();

    /// <summary>Trains on <c>n_envs</c> copies of the registered environment <paramref name="envId"/>.</summary>
    public Ppo(string envId, PpoOptions? options = null) : this(Validated(options), envId) { }

    /// <summary>Trains on <paramref name="env"/>, whose number of environments must equal <c>n_envs</c> (the environment is not disposed with the model).</summary>
    public Ppo(VectorEnv env, PpoOptions? options = null) : this(env, Validated(options), ownsEnv: false) { }

    private Ppo(PpoOptions options, string envId) : this(Envs.MakeVector(envId, options.OnPolicy.NEnvs), options, ownsEnv: true) { }

    private Ppo(VectorEnv env, PpoOptions options, bool ownsEnv) : base("ppo", env, options.OnPolicy, ownsEnv)
    {
        Options = options with { OnPolicy = OnPolicy };
        _optimizer = new Adam(Policy.Parameters, (float)options.LearningRate.Initial, epsilon: 1e-5f);    // detail 3: Adam ε = 1e-5
        _loss = new PpoLoss(OnPolicy.SharedTrunk, parallel: options.UpdateThreads == 2);
        _minibatches = new ShuffledMinibatches(Buffer.Size, options.BatchSize, Buffer.ObservationSize, Buffer.ActionSize, Root.Child(3));
        _oldPolicy = new OldPolicy(Policy, Buffer.Size, keepDistribution: false);
        RolloutLogProbsAreExact = OldPolicy.RolloutScoresExactly(Policy, OnPolicy.NEnvs, [_minibatches.BatchSize, _minibatches.LastSize]);
    }

    /// <summary>The options in force (with the resolved seed).</summary>
    public PpoOptions Options { get; }

    /// <inheritdoc />
    public override Optimizer Optimizer => _optimizer;

    /// <summary>The loss, whose tapes can check every value for NaN.</summary>
    public PpoLoss Loss => _loss;

    /// <summary>The minibatch plan: sizes per epoch, and a <see cref="ShuffledMinibatches.Note"/> when <c>batch_size</c> does not divide the segment.</summary>
    public ShuffledMinibatches Minibatches => _minibatches;

    /// <summary>Seconds spent re-evaluating log π_old on the tape (part of the update phase; see <see cref="OldPolicy"/>; 0 when <see cref="RolloutLogProbsAreExact"/>).</summary>
    public double OldPolicySeconds => _oldPolicy.Seconds;

    /// <summary>
    /// Whether the rollout's log-probabilities are already bit for bit those the loss computes at θ = θ_old (a categorical
    /// policy whose GEMM shapes agree: <see cref="OldPolicy.RolloutScoresExactly"/>), so no update re-evaluates them.
    /// </summary>
    public bool RolloutLogProbsAreExact { get; }

    /// <summary>Epochs completed in the last update (fewer than <c>n_epochs</c> when <c>target_kl</c> stopped it).</summary>
    public int LastEpochs { get; private set; }

    /// <summary>
    /// <c>max_t |ρ_t − 1|</c> on the first minibatch of the first epoch of the last update: exactly 0, since θ = θ_old there
    /// and <c>log π_old</c> is computed as the loss computes <c>log π_θ</c> — by the rollout when <see cref="RolloutLogProbsAreExact"/>,
    /// else by <see cref="OldPolicy"/> (Huang et al.'s sanity check; a test asserts it).
    /// </summary>
    public double FirstRatioDeviation { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyList<string> ConfigurationNotes => _minibatches.Note is { } note ? [note] : [];

    /// <summary>Improve the policy: K epochs of clipped-surrogate steps on shuffled minibatches of the segment.</summary>
    protected override void Train()
    {
        var o = Options;
        _optimizer.LearningRate = (float)o.LearningRate.Value(ProgressRemaining);             // detail 4: annealed learning rate
        float clipRange = (float)o.ClipRange.Value(ProgressRemaining);                        // optional clip-range annealing
        float? clipRangeVf = o.ClipRangeVf is { } vf ? (float)vf.Value(ProgressRemaining) : null;
        var statistics = _statistics;
        statistics.Reset();

        _minibatches.Shuffle();
        // log π_old(a|s), exactly as the loss computes log π_θ: the rollout stored exactly those values already when the
        // shapes allow it (see OldPolicy.RolloutScoresExactly); otherwise the tape re-evaluates them.
        if (!RolloutLogProbsAreExact) _oldPolicy.Evaluate(Policy, Buffer, _minibatches);
        bool stop = false;
        int epoch = 0;
        for (; epoch < o.NEpochs && !stop; epoch++)
        {
            if (epoch > 0) _minibatches.Shuffle();                                             // detail 6: shuffled minibatches every epoch
            for (int j = 0; j < _minibatches.Count; j++)
            {
                var batch = _minibatches.Gather(Buffer, j);
                if (OnPolicy.NormalizeAdvantage && batch.Size > 1) AdvantageNormalization.Normalize(batch.Advantages.Span); // detail 7: per minibatch
                var terms = _loss.Evaluate(Policy, batch, o.Surrogate, clipRange, clipRangeVf, (float)o.EntCoef, (float)o.VfCoef); // loss and its gradient
                if (epoch == 0 && j == 0) FirstRatioDeviation = MaxDeviationFromOne(_loss.Ratio!.Span);
                CheckLossTerms(("policy loss", terms.PolicyLoss), ("entropy term", terms.Entropy), ("value loss", terms.ValueLoss), ("total loss", terms.Total));
                if (o.TargetKl is { } targetKl && terms.ApproxKl > 1.5 * targetKl) { stop = true; break; }   // early stop: this step is not taken
                double gradNorm = ClippedStep(_optimizer, Policy.Parameters, o.MaxGradNorm);   // detail 11: global gradient-norm clipping
                statistics.Add(terms, gradNorm);
            }
        }
        LastEpochs = epoch;
        Record(statistics, clipRange, clipRangeVf);
    }

    private void Record(UpdateStatistics s, float clipRange, float? clipRangeVf)
    {
        s.WriteTo(Logger);
        Logger.Record(LogKeys.ExplainedVariance, ExplainedVariance.Compute(Buffer.Values.Span, Buffer.Returns.Span));
        Logger.Record(LogKeys.ClipRange, clipRange);
        if (clipRangeVf is float vf) Logger.Record(LogKeys.ClipRangeVf, vf);
        Logger.Record(LogKeys.LearningRate, _optimizer.LearningRate);
        Logger.Record(LogKeys.UpdateCount, Updates);
        if (Policy.LogStd is { } logStd) Logger.Record(LogKeys.Std, UpdateStatistics.MeanStd(logStd.Value.Span));
    }

    private static double MaxDeviationFromOne(ReadOnlySpan<float> ratios)
    {
        double max = 0;
        foreach (float r in ratios) max = Math.Max(max, Math.Abs(r - 1.0));
        return max;
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
    }

    /// <inheritdoc />
    protected override void ReadState(ModelReader reader)
    {
        base.ReadState(reader);
        _minibatches.Rng.SetState(reader.GetRngState("minibatches"));
    }

    /// <summary>
    /// Loads a model saved by <see cref="BaseAlgorithm.Save"/>, ready to predict or to continue training, in
    /// <paramref name="env"/> (checked against the saved spaces; its number of environments replaces <c>n_envs</c>) or
    /// in new copies of the saved environment id.
    /// </summary>
    public static Ppo Load(string path, VectorEnv? env = null)
    {
        var r = OpenModel(path, "ppo", env);
        var options = OptionsBinder.ApplySettings(new PpoOptions(), r.Options, r.Source);
        if (env is not null) options = options with { OnPolicy = options.OnPolicy with { NEnvs = env.NumEnvs } };
        var (vec, owned) = EnvironmentForLoad(r, env, options.OnPolicy.NEnvs);
        var model = new Ppo(vec, options, owned);
        model.Restore(r);
        return model;
    }

    private static PpoOptions Validated(PpoOptions? options) => OptionsValidation.Validate(options ?? new PpoOptions());
}
