using Ascent.Autodiff;
using Ascent.Distributions;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Algorithms.TrustRegion;

/// <summary>
/// One natural-policy-gradient or TRPO step of a policy on a batch (seed 004): maximise the importance-sampled
/// surrogate L(θ) = mean(π_θ(a|s) / π_old(a|s) · Â) subject to the mean KL(π_old ‖ π_θ) ≤ δ, linearising L and
/// taking the KL to second order.
/// </summary>
/// <remarks>
/// <code>
/// g  = ∇θ L(θ) at θ_old                          the policy gradient (the ratio is 1 at θ_old)
/// x  ≈ (F + λI)⁻¹ g                              conjugate gradient on Fisher-vector products
/// Δθ = β x,  β = √(2δ / xᵀ(F + λI)x)             the step to the edge of the quadratic trust region ½Δθᵀ F Δθ = δ
///                                                (natural policy gradient with a fixed η: β = η)
/// TRPO:  θ = θ_old + f·Δθ for the first f ∈ {1, s, s², …} with L(θ) &gt; L(θ_old) and measured mean KL ≤ δ,
///        else θ = θ_old
/// NPG:   θ = θ_old + Δθ
/// </code>
/// <para>F is the Fisher matrix of the policy on the batch's states (or on <see cref="TrustRegionBatch.FisherObservations"/>,
/// a sub-sample of them), the Hessian of the mean KL at θ_old
/// (<see cref="FisherVectorProduct{TDistribution}"/>). π_old is the policy at the parameters the step starts from: its
/// distribution parameters (logits, or mean and log-std) are recorded once and frozen, so the measured KL is exact.
/// The importance ratios use the batch's stored log π_old(a|s).</para>
/// <para>Only <see cref="Parameters"/> move (by default the policy's; pass the actor's parameters when the policy
/// shares a set with a critic). Their gradients are overwritten. The update is independent of how the batch was
/// collected; a critic is trained elsewhere. After the first step with a batch of a given size nothing is allocated.</para>
/// </remarks>
public sealed class TrustRegionUpdate
{
    private readonly IPolicy _policy;
    private readonly Tape _tape = new();
    private readonly FisherVectorProduct<ActionDistribution> _fisher;
    private readonly LinearOperator _fisherTimes;
    private readonly ConjugateGradient _conjugateGradient;
    private readonly BacktrackingLineSearch _lineSearch;
    private readonly CandidateEvaluator _evaluateCandidate;
    private readonly float[] _oldParameters, _newParameters, _gradient, _direction, _fisherDirection, _fullStep;
    private Tensor[] _oldBlocks = [Tensor.Scalar(0), Tensor.Scalar(0)];
    private bool _oldIsCategorical;
    private TrustRegionBatch _batch;

    /// <summary>Creates the update for <paramref name="policy"/>.</summary>
    /// <param name="policy">π_θ.</param>
    /// <param name="options">δ, conjugate gradient, damping and line search (default: Stable-Baselines3's TRPO).</param>
    /// <param name="parameters">The parameters to move (default: <c>policy.Parameters</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and the allowed range.</exception>
    public TrustRegionUpdate(IPolicy policy, TrustRegionOptions? options = null, ParameterSet? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new TrustRegionOptions();
        options.Validate();
        _policy = policy;
        Options = options;
        Parameters = parameters ?? policy.Parameters;
        if (Parameters.Size == 0) throw new ArgumentException("TrustRegionUpdate: the parameter set is empty.", nameof(parameters));
        int n = Parameters.Size;
        _fisher = FisherVectorProduct.Create(Parameters, tape => _policy.Forward(tape, tape.Input(_batch.FisherObservations)), (float)options.CgDamping);
        _fisherTimes = _fisher.Apply;
        _conjugateGradient = new ConjugateGradient(n);
        _lineSearch = new BacktrackingLineSearch(n, options.LineSearchMaxIter - 1, options.LineSearchShrinkingFactor);
        _evaluateCandidate = EvaluateCandidate;
        _oldParameters = new float[n];
        _newParameters = new float[n];
        _gradient = new float[n];
        _direction = new float[n];
        _fisherDirection = new float[n];
        _fullStep = new float[n];
    }

    /// <summary>The options in use.</summary>
    public TrustRegionOptions Options { get; }

    /// <summary>The parameters θ the step moves.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>g = ∇θ L at θ_old from the last step (flat, in <see cref="Parameters"/>' order).</summary>
    public ReadOnlySpan<float> Gradient => _gradient;

    /// <summary>x ≈ (F + λI)⁻¹g, the natural-gradient direction of the last step.</summary>
    public ReadOnlySpan<float> NaturalGradient => _direction;

    /// <summary>Takes one step on <paramref name="batch"/> from the current parameters (θ_old) and returns what happened.</summary>
    /// <exception cref="NonFiniteException">The surrogate or its gradient at θ_old is NaN or infinite.</exception>
    public TrustRegionStatistics Step(TrustRegionBatch batch)
    {
        if (batch.Observations is null) throw new ArgumentException("TrustRegionUpdate.Step: the batch is empty (default).", nameof(batch));
        int width = _policy.ObservationSpace.FlatSize;
        if (batch.Observations.Dim(1) != width)
            throw new ShapeMismatchException("TrustRegionUpdate.Step", $"[B, {width}] (the policy's observations)", batch.Observations.ShapeString);
        _batch = batch;
        Parameters.CopyValuesTo(_oldParameters);                                     // θ_old

        // g = ∇θ L(θ) at θ_old; this pass also freezes π_old.
        var (surrogate, _) = RecordSurrogateAndKl(freezeOldPolicy: true);
        double before = surrogate.Value[0];
        if (!double.IsFinite(before))
            throw new NonFiniteException($"TrustRegionUpdate.Step: the surrogate at θ_old is {before} (check the advantages and old log-probabilities).");
        Parameters.ZeroGrad();
        _tape.Backward(surrogate);
        Parameters.CopyGradientsTo(_gradient);
        double gradientNorm = Math.Sqrt(ConjugateGradient.Dot(_gradient, _gradient));
        if (!double.IsFinite(gradientNorm)) throw new NonFiniteException("TrustRegionUpdate.Step: the surrogate's gradient at θ_old is not finite.");

        // x ≈ (F + λI)⁻¹ g, and β scaling Δθ = βx to the trust region ½ Δθᵀ(F + λI)Δθ = δ.
        _fisher.HoldAtCurrentParameters();                                          // every product below is at θ_old
        ConjugateGradientResult cg;
        try
        {
            cg = _conjugateGradient.Solve(_fisherTimes, _gradient, _direction, Options.CgMaxSteps, Options.CgTolerance);
            _fisherTimes(_direction, _fisherDirection);
        }
        finally
        {
            _fisher.Release();
        }
        double xFx = ConjugateGradient.Dot(_direction, _fisherDirection);
        double gx = ConjugateGradient.Dot(_gradient, _direction);
        if (!(xFx > 0) || !(gx > 0) || !double.IsFinite(xFx) || !double.IsFinite(gx))
            return new TrustRegionStatistics(TrustRegionOutcome.NoAscentDirection, before, before, 0, 0, 0, cg.Iterations, cg.RelativeResidual, gradientNorm, 0, 0);
        double beta = Options.NpgLearningRate ?? Math.Sqrt(2 * Options.TargetKl / xFx);
        TensorPrimitives.Multiply(_direction, (float)beta, _fullStep);

        if (Options.LineSearch)
        {
            var search = _lineSearch.Search(_oldParameters, _fullStep, before, Options.TargetKl, _evaluateCandidate, _newParameters);
            Parameters.CopyValuesFrom(_newParameters);                               // the accepted point, or θ_old
            return search.Accepted
                ? new TrustRegionStatistics(TrustRegionOutcome.Accepted, before, search.Trial.Objective, search.Trial.Constraint, search.StepFraction,
                    search.Backtracks, cg.Iterations, cg.RelativeResidual, gradientNorm, beta, beta * gx)
                : new TrustRegionStatistics(TrustRegionOutcome.LineSearchRejected, before, before, 0, 0, search.Backtracks,
                    cg.Iterations, cg.RelativeResidual, gradientNorm, beta, beta * gx);
        }

        TensorPrimitives.Add(_oldParameters, _fullStep, _newParameters);            // θ = θ_old + βx
        var after = EvaluateCandidate(_newParameters);
        return new TrustRegionStatistics(TrustRegionOutcome.Accepted, before, after.Objective, after.Constraint, 1, 0,
            cg.Iterations, cg.RelativeResidual, gradientNorm, beta, beta * gx);
    }

    /// <summary>Loads <paramref name="candidate"/> into the parameters and measures L and the mean KL(π_old ‖ π_θ) there.</summary>
    private LineSearchTrial EvaluateCandidate(ReadOnlySpan<float> candidate)
    {
        Parameters.CopyValuesFrom(candidate);
        var (surrogate, kl) = RecordSurrogateAndKl(freezeOldPolicy: false);
        return new LineSearchTrial(surrogate.Value[0], kl.Value[0]);
    }

    /// <summary>
    /// Records L(θ) = mean(exp(log π_θ(a|s) − log π_old(a|s)) · Â) and the mean KL(π_old ‖ π_θ) at the current
    /// parameters — the same operations every time, so the tape replays without allocating.
    /// </summary>
    private (Var Surrogate, Var MeanKl) RecordSurrogateAndKl(bool freezeOldPolicy)
    {
        var t = _tape;
        t.Reset();
        var policy = _policy.Forward(t, t.Input(_batch.Observations));
        if (freezeOldPolicy) FreezeOldPolicy(policy);
        var ratio = t.Exp(t.Sub(policy.LogProb(_batch.Actions), t.Input(_batch.OldLogProbs)));
        var surrogate = t.Mean(t.Mul(ratio, t.Input(_batch.Advantages)));
        var old = _oldIsCategorical
            ? ActionDistribution.FromLogits(t.Input(_oldBlocks[0]))
            : ActionDistribution.FromGaussian(t.Input(_oldBlocks[0]), t.Input(_oldBlocks[1]));
        return (surrogate, t.Mean(old.Kl(policy)));
    }

    /// <summary>Copies π_old's distribution parameters (logits, or mean and log-std) out of the tape.</summary>
    private void FreezeOldPolicy(ActionDistribution policy)
    {
        _oldIsCategorical = policy.IsCategorical;
        for (int k = 0; k < policy.ParameterBlocks; k++)
        {
            var value = policy.ParameterBlock(k).Value;
            if (!_oldBlocks[k].SameShape(value)) _oldBlocks[k] = new Tensor(value.Shape.ToArray());
            _oldBlocks[k].CopyFrom(value);
        }
    }
}
