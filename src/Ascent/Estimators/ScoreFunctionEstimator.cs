using Ascent.Policies;

namespace Ascent.Estimators;

/// <summary>
/// A score-function (likelihood-ratio) estimate of ∇θ J from sampled episodes, assembled from two named pieces:
/// the <see cref="ReturnWeights"/> Ψ_t (total return, reward-to-go, importance-sampled) and a <see cref="Baseline"/> b:
/// <code>
///   ĝ_i = Σ_t ∇θ log π_θ(a_t|s_t) (Ψ_t − c_t b_t)        for each episode i,      ĝ = (1/N) Σ_i ĝ_i
/// </code>
/// </summary>
/// <remarks>
/// <para><see cref="EstimatePerEpisode(IPolicy, EpisodeBatch, Span{double})"/> gives every ĝ_i (their spread is the estimator's variance, see
/// <see cref="GradientStatistics"/>); <see cref="Estimate"/> their mean; <see cref="StepWeights"/> the per-step
/// weights w_t = Ψ_t − c_t b_t, the constants of the <see cref="PseudoLoss"/> (not defined for a per-component baseline).</para>
/// <para>Scores come from <see cref="PolicyScores"/>: analytic for <see cref="IScoreFunctionPolicy"/> policies unless
/// <c>usePseudoLoss</c> is set, autodiff otherwise. The instance keeps scratch buffers: single-threaded.</para>
/// </remarks>
public sealed class ScoreFunctionEstimator
{
    private double[] _signal = [], _coefficient = [], _returns = [], _baseline = [], _weights = [];
    private double[] _g = [], _h = [], _row = [];
    private PolicyScores? _scores;

    /// <summary>Creates the estimator.</summary>
    /// <param name="returns">What multiplies each score.</param>
    /// <param name="baseline">What is subtracted (default none).</param>
    /// <param name="usePseudoLoss">Compute scores through the pseudo-loss (autodiff) even for analytic policies.</param>
    public ScoreFunctionEstimator(ReturnWeights returns, Baseline? baseline = null, bool usePseudoLoss = false)
    {
        ArgumentNullException.ThrowIfNull(returns);
        Returns = returns;
        Baseline = baseline ?? Baseline.None;
        UsePseudoLoss = usePseudoLoss;
    }

    /// <summary>The return signal Ψ.</summary>
    public ReturnWeights Returns { get; }

    /// <summary>The baseline b.</summary>
    public Baseline Baseline { get; }

    /// <summary>Whether scores are computed through the pseudo-loss.</summary>
    public bool UsePseudoLoss { get; }

    /// <summary>A name such as <c>reward-to-go, baseline mean</c>.</summary>
    public string Name => Baseline is NoBaseline ? Returns.Name : $"{Returns.Name}, baseline {Baseline.Name}";

    /// <summary>Writes ĝ_i for every complete episode i of <paramref name="batch"/> into <paramref name="estimates"/> (N × P, row i = episode i).</summary>
    public void EstimatePerEpisode(IPolicy policy, EpisodeBatch batch, Span<double> estimates) =>
        EstimatePerEpisode(new PolicyScores(policy, UsePseudoLoss), batch, estimates);

    /// <summary>As <see cref="EstimatePerEpisode(IPolicy, EpisodeBatch, Span{double})"/> with a reusable <see cref="PolicyScores"/> (which must match <see cref="UsePseudoLoss"/>).</summary>
    public void EstimatePerEpisode(PolicyScores scores, EpisodeBatch batch, Span<double> estimates)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(batch);
        int n = batch.EpisodeCount, p = scores.Size;
        if (n == 0) throw new ArgumentException("ScoreFunctionEstimator: the batch has no complete episodes.", nameof(batch));
        if (estimates.Length != n * p) throw new ArgumentException($"ScoreFunctionEstimator: the estimates buffer holds {estimates.Length} values, need {n} episodes × {p} parameters.", nameof(estimates));
        ComputeSignals(scores, batch);
        if (Baseline is OptimalConstantBaseline optimal)
        {
            PrepareOptimal(scores, batch, optimal); // ĝ_i = h_i − b₋ᵢ ⊙ g_i
            for (int i = 0; i < n; i++)
            {
                var gi = _g.AsSpan(i * p, p); var hi = _h.AsSpan(i * p, p);
                optimal.LeaveOneOut(gi, hi, _row.AsSpan(0, p));
                var row = estimates.Slice(i * p, p);
                for (int k = 0; k < p; k++) row[k] = hi[k] - _row[k] * gi[k];
            }
            return;
        }
        var weights = Weights(batch);
        for (int i = 0; i < n; i++)
        {
            var e = batch[i];
            scores.WeightedSum(batch, e.Start, weights.Slice(e.Start, e.Length), estimates.Slice(i * p, p));
        }
    }

    /// <summary>Writes the batch estimate ĝ = (1/N) Σ_i ĝ_i into <paramref name="gradient"/> (length P).</summary>
    public void Estimate(IPolicy policy, EpisodeBatch batch, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(batch);
        int n = batch.EpisodeCount, p = policy.Parameters.Size;
        var perEpisode = new double[n * p];
        EstimatePerEpisode(policy, batch, perEpisode);
        if (gradient.Length != p) throw new ArgumentException($"ScoreFunctionEstimator.Estimate: the gradient buffer holds {gradient.Length} values, the policy has {p} parameters.", nameof(gradient));
        gradient.Clear();
        for (int i = 0; i < n; i++)
            for (int k = 0; k < p; k++) gradient[k] += perEpisode[i * p + k] / n;
    }

    /// <summary>
    /// Writes the per-step weights w_t = Ψ_t − c_t b_t of the complete episodes (length = their step count): ĝ_i = Σ_t w_t ∇log π(a_t|s_t).
    /// These are the constants of the pseudo-loss. Not defined for a per-component baseline.
    /// </summary>
    public void StepWeights(IPolicy policy, EpisodeBatch batch, Span<double> weights)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(batch);
        if (Baseline is OptimalConstantBaseline { PerComponent: true })
            throw new InvalidOperationException("ScoreFunctionEstimator.StepWeights: a per-component baseline weights each parameter differently, so it has no per-step weights; use EstimatePerEpisode.");
        if (weights.Length != batch.CompleteSteps) throw new ArgumentException($"ScoreFunctionEstimator.StepWeights: the buffer holds {weights.Length} values, the batch has {batch.CompleteSteps} steps in complete episodes.", nameof(weights));
        var scores = ScoresOf(policy);
        ComputeSignals(scores, batch);
        if (Baseline is OptimalConstantBaseline optimal)
        {
            int n = batch.EpisodeCount, p = scores.Size;
            PrepareOptimal(scores, batch, optimal); // w_t = Ψ_t − c_t b₋ᵢ
            for (int i = 0; i < n; i++)
            {
                var e = batch[i];
                optimal.LeaveOneOut(_g.AsSpan(i * p, p), _h.AsSpan(i * p, p), _row.AsSpan(0, p));
                for (int t = e.Start; t < e.End; t++) weights[t] = _signal[t] - _coefficient[t] * _row[0];
            }
            return;
        }
        Weights(batch).CopyTo(weights);
    }

    /// <summary>
    /// Writes u_t, what a baseline predicts (the sampled reward-to-go G_t, or R(τ) for episode-level weights), for every step of
    /// the complete episodes: the regression targets of a learned baseline v̂(s, w).
    /// </summary>
    public void BaselineTargets(IPolicy policy, EpisodeBatch batch, Span<double> targets)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(batch);
        if (targets.Length != batch.CompleteSteps) throw new ArgumentException($"ScoreFunctionEstimator.BaselineTargets: the buffer holds {targets.Length} values, the batch has {batch.CompleteSteps} steps in complete episodes.", nameof(targets));
        ComputeSignals(ScoresOf(policy), batch);
        _returns.AsSpan(0, targets.Length).CopyTo(targets);
    }

    /// <summary>Computes g_i = Σ_t c_t ∇log π(a_t|s_t) and h_i = Σ_t Ψ_t ∇log π(a_t|s_t) for every episode and the optimal baseline's totals.</summary>
    private void PrepareOptimal(PolicyScores scores, EpisodeBatch batch, OptimalConstantBaseline optimal)
    {
        int n = batch.EpisodeCount, p = scores.Size;
        Ensure(ref _g, n * p); Ensure(ref _h, n * p); Ensure(ref _row, p);
        for (int i = 0; i < n; i++)
        {
            var e = batch[i];
            scores.WeightedSum(batch, e.Start, _coefficient.AsSpan(e.Start, e.Length), _g.AsSpan(i * p, p));
            scores.WeightedSum(batch, e.Start, _signal.AsSpan(e.Start, e.Length), _h.AsSpan(i * p, p));
        }
        optimal.Prepare(_g, _h, n, p);
    }

    /// <summary>Fills Ψ_t, c_t and u_t for every step of the complete episodes.</summary>
    private void ComputeSignals(PolicyScores scores, EpisodeBatch batch)
    {
        int steps = batch.CompleteSteps;
        Ensure(ref _signal, steps); Ensure(ref _coefficient, steps); Ensure(ref _returns, steps);
        double[]? target = Returns.NeedsTargetLogProbs ? new double[steps] : null;
        for (int i = 0; i < batch.EpisodeCount; i++)
        {
            var e = batch[i];
            Span<double> targetLogProbs = default;
            if (target is not null)
            {
                targetLogProbs = target.AsSpan(e.Start, e.Length);
                scores.LogProbs(batch, e.Start, targetLogProbs);
            }
            Returns.Compute(batch.Rewards.Slice(e.Start, e.Length), batch.LogProbs.Slice(e.Start, e.Length), targetLogProbs,
                _signal.AsSpan(e.Start, e.Length), _coefficient.AsSpan(e.Start, e.Length), _returns.AsSpan(e.Start, e.Length));
        }
    }

    /// <summary>w_t = Ψ_t − c_t b_t for the scalar, per-step baselines (none, mean, state value).</summary>
    private ReadOnlySpan<double> Weights(EpisodeBatch batch)
    {
        int steps = batch.CompleteSteps;
        switch (Baseline)
        {
            case NoBaseline:
                return _signal.AsSpan(0, steps);
            case MeanReturnBaseline mean:
                Ensure(ref _weights, steps);
                mean.Prepare(batch, _returns, Returns.EpisodeLevelReturn);
                for (int i = 0; i < batch.EpisodeCount; i++)
                {
                    var e = batch[i];
                    double b = mean.LeaveOneOut(e, _returns, Returns.EpisodeLevelReturn);
                    for (int t = e.Start; t < e.End; t++) _weights[t] = _signal[t] - _coefficient[t] * b;
                }
                return _weights.AsSpan(0, steps);
            case StateValueBaseline value:
                Ensure(ref _weights, steps); Ensure(ref _baseline, steps);
                value.Values(batch, steps, _baseline);
                for (int t = 0; t < steps; t++) _weights[t] = _signal[t] - _coefficient[t] * _baseline[t];
                return _weights.AsSpan(0, steps);
            default:
                throw new NotSupportedException($"ScoreFunctionEstimator: baseline {Baseline.Name} has no per-step weights.");
        }
    }

    /// <summary>The scores of <paramref name="policy"/>, kept from the last call for the same policy (their buffers are scratch).</summary>
    private PolicyScores ScoresOf(IPolicy policy) =>
        _scores is { } scores && ReferenceEquals(scores.Policy, policy) ? scores : _scores = new PolicyScores(policy, UsePseudoLoss);

    private static void Ensure(ref double[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new double[Math.Max(length, 2 * buffer.Length)];
    }
}
