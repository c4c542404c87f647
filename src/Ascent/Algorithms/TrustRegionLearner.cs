using Ascent.Algorithms.TrustRegion;
using Ascent.Autodiff;
using Ascent.Environments.Vector;
using Ascent.Estimators;
using Ascent.Io.Models;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Rollouts;
using Ascent.Training;
using Ascent.Training.Logging;

namespace Ascent.Algorithms;

/// <summary>
/// The loop TRPO and the natural policy gradient share (seed 004), on the on-policy engine:
/// <b>generate samples</b> — N environments × M steps; <b>estimate A</b> — GAE(λ), standardised;
/// <b>improve the policy</b> — one <see cref="TrustRegionUpdate"/> step of the actor's parameters
/// (g, conjugate gradient for F⁻¹g, the step √(2δ / gᵀF⁻¹g)·F⁻¹g, and for TRPO the line search);
/// <b>fit V</b> — a separate <see cref="CriticRegression"/> of the critic on the targets, several epochs of minibatch Adam.
/// </summary>
/// <remarks>
/// <para>The policy step sees the whole segment, or a random 1/k of it (<c>sub_sampling_factor</c>), and its
/// Fisher-vector products a random 1/k of those samples (<c>fisher_sub_sampling_factor</c>, the TRPO paper's 10%).
/// Advantages are standardised over the samples the policy step uses. When the line search rejects every candidate
/// the actor keeps θ_old exactly (logged as <c>train/is_line_search_success = 0</c>); the critic is trained either way.</para>
/// <para><b>Randomness.</b> Besides the engine's streams (weights: child 0 of <c>Rng(seed)</c>, actions: child 1), the
/// sub-samples and the critic's minibatch shuffles draw from child 3; its state is saved with the model.</para>
/// <para>One <see cref="BaseAlgorithm.Updates"/> per iteration (a policy step and its critic epochs), as Stable-Baselines3's
/// <c>n_updates</c>. Nothing is allocated per iteration after the first.</para>
/// </remarks>
public abstract class TrustRegionLearner : OnPolicyAlgorithm
{
    private const string SamplingRngName = "critic_and_sub_sampling";
    private readonly TrustRegionLearnerOptions _learner;
    private readonly TrustRegionUpdate _update;
    private readonly CriticRegression _critic;
    private readonly Minibatch? _policySample;
    private readonly Tensor? _fisherObservations;
    private readonly int[] _sampleIndices;

    /// <summary>Builds the engine, the trust-region update of the actor and the critic's regression.</summary>
    /// <param name="algorithm">The algorithm's name (<c>trpo</c>, <c>npg</c>).</param>
    /// <param name="env">The vector environment.</param>
    /// <param name="onPolicy">The engine's options, validated.</param>
    /// <param name="trustRegion">The policy step's options, validated.</param>
    /// <param name="learner">The critic's and the sub-sampling options, validated.</param>
    /// <param name="ownsEnv">Whether disposing the model disposes <paramref name="env"/>.</param>
    private protected TrustRegionLearner(string algorithm, VectorEnv env, OnPolicyOptions onPolicy, TrustRegionOptions trustRegion,
        TrustRegionLearnerOptions learner, bool ownsEnv)
        : base(algorithm, env, onPolicy, ownsEnv)
    {
        ArgumentNullException.ThrowIfNull(trustRegion);
        ArgumentNullException.ThrowIfNull(learner);
        _learner = learner;
        TrustRegion = trustRegion;
        int segment = Buffer.Size;
        _update = new TrustRegionUpdate(Policy, trustRegion, Policy.ActorParameters);
        _critic = new CriticRegression(Policy, segment, learner.BatchSize, (float)learner.LearningRate.Initial, Root.Child(3));
        _sampleIndices = new int[segment];
        int policyRows = (segment + learner.SubSamplingFactor - 1) / learner.SubSamplingFactor;
        if (learner.SubSamplingFactor > 1) _policySample = new Minibatch(policyRows, Buffer.ObservationSize, Buffer.ActionSize);
        if (learner.FisherSubSamplingFactor > 1)
            _fisherObservations = new Tensor((policyRows + learner.FisherSubSamplingFactor - 1) / learner.FisherSubSamplingFactor, Buffer.ObservationSize);
    }

    /// <summary>The policy step's options in force.</summary>
    public TrustRegionOptions TrustRegion { get; }

    /// <summary>The actor's trust-region update (its <see cref="TrustRegionUpdate.Gradient"/> and <see cref="TrustRegionUpdate.NaturalGradient"/> hold the last step's g and F⁻¹g).</summary>
    public TrustRegionUpdate PolicyUpdate => _update;

    /// <summary>The critic's regression.</summary>
    public CriticRegression Critic => _critic;

    /// <summary>What the last policy step did (default before the first).</summary>
    public TrustRegionStatistics LastStep { get; private set; }

    /// <summary>The critic's Adam optimizer, whose state is saved with the model.</summary>
    public override Optimizer Optimizer => _critic.Optimizer;

    /// <summary>Improve the policy by one trust-region step on the segment, then fit the critic.</summary>
    protected override void Train()
    {
        var batch = PolicyBatch();
        if (OnPolicy.NormalizeAdvantage) AdvantageNormalization.Normalize(batch.Advantages.Span);
        TrustRegionStatistics step;
        double valueLoss;
        try
        {
            step = _update.Step(batch);                                          // θ ← θ_old + f·√(2δ/xᵀFx)·x, or θ_old
            LastStep = step;
            _critic.Optimizer.LearningRate = (float)_learner.LearningRate.Value(ProgressRemaining);
            valueLoss = _critic.Fit(Buffer, _learner.NCriticUpdates);           // fit V_φ to the targets
        }
        catch (NonFiniteException e)
        {
            throw new NonFiniteException($"{AlgorithmName}: at update {Updates + 1} (after {NumTimesteps} environment steps): {e.Message} Training stopped.");
        }
        Updates++;

        Logger.Record(LogKeys.PolicyObjective, step.SurrogateAfter);
        Logger.Record(LogKeys.KlDivergenceLoss, step.Kl);
        Logger.Record(LogKeys.ValueLoss, valueLoss);
        Logger.Record(LogKeys.ExplainedVariance, ExplainedVariance.Compute(Buffer.Values.Span, Buffer.Returns.Span));
        if (TrustRegion.LineSearch)
        {
            Logger.Record(LogKeys.LineSearchSuccess, step.Accepted ? 1 : 0);
            Logger.Record(LogKeys.LineSearchBacktracks, step.Backtracks);
        }
        Logger.Record(LogKeys.StepSize, step.StepFraction * step.StepSize);
        Logger.Record(LogKeys.ConjugateGradientResidual, step.ConjugateGradientResidual);
        Logger.Record(LogKeys.LearningRate, _critic.Optimizer.LearningRate);
        Logger.Record(LogKeys.UpdateCount, Updates);
        if (Policy.LogStd is { } logStd) Logger.Record(LogKeys.Std, MeanExp(logStd.Value.Span));
    }

    /// <summary>
    /// The samples of the policy step: the whole segment (its tensors, unshuffled), or a random 1/k of its rows; with a
    /// Fisher sub-sample, the first 1/k_F of those rows (a random subset: the rows are in shuffled order).
    /// </summary>
    private TrustRegionBatch PolicyBatch()
    {
        var b = Buffer;
        bool shuffle = _policySample is not null || _fisherObservations is not null;
        if (shuffle)
        {
            for (int k = 0; k < _sampleIndices.Length; k++) _sampleIndices[k] = k;
            _critic.Rng.Shuffle(_sampleIndices.AsSpan());
        }
        Tensor observations = b.Observations, actions = b.Actions, advantages = b.Advantages, logProbs = b.LogProbs;
        if (_policySample is { } sample)
        {
            b.GatherMinibatch(_sampleIndices.AsSpan(0, sample.Size), sample);
            (observations, actions, advantages, logProbs) = (sample.Observations, sample.Actions, sample.Advantages, sample.LogProbs);
        }
        if (_fisherObservations is { } fisher)
        {
            int width = b.ObservationSize;
            var source = b.Observations.Span;
            for (int r = 0; r < fisher.Dim(0); r++)
                source.Slice(_sampleIndices[r] * width, width).CopyTo(fisher.Span.Slice(r * width, width));
        }
        return new TrustRegionBatch(observations, actions, advantages, logProbs, _fisherObservations);
    }

    /// <inheritdoc />
    protected override void WriteState(ModelWriter writer)
    {
        base.WriteState(writer);
        writer.AddRngState(SamplingRngName, _critic.Rng.GetState());
    }

    /// <inheritdoc />
    protected override void ReadState(ModelReader reader)
    {
        base.ReadState(reader);
        _critic.Rng.SetState(reader.GetRngState(SamplingRngName));
    }

    private static double MeanExp(ReadOnlySpan<float> logStd)
    {
        double s = 0;
        foreach (float v in logStd) s += Math.Exp(v);
        return s / logStd.Length;
    }
}
