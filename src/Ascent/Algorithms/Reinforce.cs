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
/// Batch REINFORCE as CS285 writes it (seed 002), as a trainable model — <c>Learn</c>, <c>Predict</c>, save and load,
/// checkpoints and resume, the CLI's <c>ascent train reinforce</c>:
/// <code>
///   1. sample {τⁱ} from π_θ(a_t|s_t)                                        complete episodes (N, or until ≥ B steps)
///   2. ∇θJ(θ) ≈ (1/N) Σ_i Σ_t ∇θ log π_θ(a_t^i|s_t^i) (Q̂_t^i − b_t^i)      reward-to-go or R(τ), minus a baseline
///   3. θ ← θ + α ∇θJ(θ)                                                       one Adam (or SGD) step
/// </code>
/// then, with a learned baseline, fit v̂(s, w) to the batch's returns.
/// </summary>
/// <remarks>
/// <para>Step 1 is <see cref="Rollouts.RolloutCollector.CollectEpisodes"/> on the on-policy engine's vector environment;
/// step 2 is the <see cref="ReinforceLoss"/> (the <see cref="ScoreFunctionEstimator"/>'s weights on the
/// <see cref="PseudoLoss"/>) that <see cref="BatchReinforce"/> also uses; step 3 an optimizer step on the actor's
/// parameters. The policy is the engine's <see cref="Policies.ActorCriticPolicy"/> — categorical for discrete actions,
/// diagonal Gaussian with a state-independent log σ for boxes — whose value network is the learned baseline (it never
/// bootstraps: REINFORCE's returns are Monte-Carlo returns of complete episodes).</para>
/// <para><b>Randomness.</b> Weights from child 0 of <c>Rng(seed)</c>, action samples from child 1, env i reset with
/// <c>seed + i</c> (and continuing its own stream). Single-threaded: the same seed gives the same parameters bit for bit,
/// and a run resumed from a checkpoint (taken between two batches) ends bit-identical to an uninterrupted one.</para>
/// <para>One <see cref="BaseAlgorithm.Iterations"/> and one <see cref="BaseAlgorithm.Updates"/> per batch.</para>
/// </remarks>
/// <example>
/// <code>
/// using var model = new Reinforce("CartPole-v1", new ReinforceOptions { Seed = 1 });
/// model.Learn(300_000);
/// model.Save("reinforce-cartpole.zip");
/// </code>
/// </example>
public sealed class Reinforce : OnPolicyAlgorithm
{
    private const string BaselineOptimizerTensor = ModelSections.Optimizer + "baseline_adam", BaselineOptimizerSteps = "baseline_optimizer_steps";
    private readonly EpisodeBatch _batch;
    private readonly ReinforceLoss _loss;
    private readonly Optimizer _optimizer;

    /// <summary>Trains on <c>n_envs</c> copies of the registered environment <paramref name="envId"/>.</summary>
    public Reinforce(string envId, ReinforceOptions? options = null) : this(Validated(options), envId) { }

    /// <summary>Trains on <paramref name="env"/>, whose number of environments must equal <c>n_envs</c> (the environment is not disposed with the model).</summary>
    public Reinforce(VectorEnv env, ReinforceOptions? options = null) : this(env, Validated(options), ownsEnv: false) { }

    private Reinforce(ReinforceOptions options, string envId) : this(Envs.MakeVector(envId, options.NEnvs), options, ownsEnv: true) { }

    private Reinforce(VectorEnv env, ReinforceOptions options, bool ownsEnv) : base("reinforce", env, options.Engine, ownsEnv, fixedSegments: false)
    {
        Options = options with { Seed = OnPolicy.Seed };
        _batch = new EpisodeBatch(Env.ObservationSize, Policy.ActionSize);
        _loss = new ReinforceLoss(Policy, options.Batch, options.Batch.Baseline == "learned" ? Policy.ValueFunction : null, AlgorithmName);
        _optimizer = ReinforceLoss.CreateOptimizer(options.Batch, Policy.ActorParameters);
    }

    /// <summary>The options in force (with the resolved seed).</summary>
    public ReinforceOptions Options { get; }

    /// <summary>The policy's optimizer (its state is saved with the model; the learned baseline's Adam is saved beside it).</summary>
    public override Optimizer Optimizer => _optimizer;

    /// <summary>The batch of complete episodes of the current iteration (callbacks can read it in <c>OnRolloutEnd</c>).</summary>
    public EpisodeBatch Batch => _batch;

    /// <summary>The loss, whose tape can check every value for NaN (<c>Loss.Tape.CheckFinite = true</c>).</summary>
    public ReinforceLoss Loss => _loss;

    /// <inheritdoc />
    public override IReadOnlyList<string> ConfigurationNotes =>
        Options.Batch.StepsPerBatch == 0 && Options.NEnvs > Options.Batch.EpisodesPerBatch
            ? [$"n_envs = {Options.NEnvs} > episodes_per_batch = {Options.Batch.EpisodesPerBatch}: {Options.NEnvs - Options.Batch.EpisodesPerBatch} environments only idle in every batch."]
            : [];

    /// <summary>1. Sample {τⁱ} from π_θ: complete episodes, N of them or until the batch holds at least <c>steps_per_batch</c> steps.</summary>
    protected override bool CollectSamples(Func<bool> onStep) =>
        Collector.CollectEpisodes(_batch, Options.Batch.EpisodesPerBatch, Options.Batch.StepsPerBatch, onStep);

    /// <summary>2. Estimate ∇θJ by the pseudo-loss of the batch; 3. take one optimizer step; then fit the learned baseline.</summary>
    protected override void Train()
    {
        // 2. ∇θJ(θ) ≈ (1/N) Σ_i Σ_t ∇θ log π_θ(a_t|s_t) (Q̂_t − b_t), as the gradient of the pseudo-loss −(1/N) Σ w_t log π_θ
        var terms = _loss.Record(_batch);
        CheckLossTerms(("policy-gradient term", terms.PolicyGradient), ("entropy term", terms.Entropy), ("total loss", terms.Total));
        Policy.ActorParameters.ZeroGrad();
        _loss.Backward();

        // 3. θ ← θ + α ∇θJ(θ): the optimizer descends the pseudo-loss (its gradient clipped to max_grad_norm when that is > 0)
        _optimizer.LearningRate = (float)Options.Batch.LearningRate.Value(ProgressRemaining);
        double gradNorm = ClippedStep(_optimizer, Policy.ActorParameters, Options.Batch.MaxGradNorm > 0 ? Options.Batch.MaxGradNorm : float.MaxValue);

        // Fit the baseline v̂(s, w) to this batch's returns (Monte-Carlo regression)
        double valueLoss = _loss.FitBaseline(_batch);

        Logger.Record(LogKeys.PolicyGradientLoss, terms.PolicyGradient);
        Logger.Record(LogKeys.EntropyLoss, -terms.Entropy);
        Logger.Record(LogKeys.Loss, terms.Total);
        if (_loss.Baseline is not null)
        {
            CheckLossTerms(("learned baseline's value loss", valueLoss));
            Logger.Record(LogKeys.ValueLoss, valueLoss);
            Logger.Record(LogKeys.ExplainedVariance, terms.ExplainedVariance);
        }
        Logger.Record(LogKeys.GradNorm, gradNorm);
        Logger.Record(LogKeys.LearningRate, _optimizer.LearningRate);
        Logger.Record(LogKeys.UpdateCount, Updates);
        Logger.Record(LogKeys.BatchEpisodes, terms.Episodes);
        Logger.Record(LogKeys.BatchSteps, terms.Steps);
        if (Policy.LogStd is { } logStd) Logger.Record(LogKeys.Std, UpdateStatistics.MeanStd(logStd.Value.Span));
    }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> OptionSettings() => OptionsBinder.ToSettings(Options);

    /// <inheritdoc />
    public override string OptionsYaml(string? comment = null) => OptionsBinder.ToYaml(Options, EnvId, comment);

    /// <summary>Adds the learned baseline's Adam state (<c>optim/baseline_adam</c>) to the engine's state.</summary>
    protected override void WriteState(ModelWriter writer)
    {
        base.WriteState(writer);
        if (_loss.BaselineOptimizer is not { } baseline) return;
        var state = baseline.ExportState();
        writer.Add(BaselineOptimizerTensor, state.Values, [state.Values.Length]);
        writer.SetCounter(BaselineOptimizerSteps, state.Steps);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    protected override void ReadState(ModelReader reader)
    {
        base.ReadState(reader);
        if (_loss.BaselineOptimizer is not { } baseline) return;
        var values = reader.GetFloat32(BaselineOptimizerTensor, [baseline.StateBuffers * baseline.Parameters.Size]);
        baseline.ImportState(new OptimizerState(baseline.Name, reader.GetCounter(BaselineOptimizerSteps), values));
    }

    /// <summary>
    /// Loads a model saved by <see cref="BaseAlgorithm.Save"/>, ready to predict or to continue training, in
    /// <paramref name="env"/> (checked against the saved spaces; its number of environments replaces <c>n_envs</c>) or
    /// in new copies of the saved environment id.
    /// </summary>
    public static Reinforce Load(string path, VectorEnv? env = null)
    {
        var r = OpenModel(path, "reinforce", env);
        var options = OptionsBinder.ApplySettings(new ReinforceOptions(), r.Options, r.Source);
        if (env is not null) options = options with { NEnvs = env.NumEnvs };
        var (vec, owned) = EnvironmentForLoad(r, env, options.NEnvs);
        var model = new Reinforce(vec, options, owned);
        model.Restore(r);
        return model;
    }

    private static ReinforceOptions Validated(ReinforceOptions? options) => OptionsValidation.Validate(options ?? new ReinforceOptions());
}
