using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Estimators;

/// <summary>
/// Weighted sums of scores Σ_t w_t ∇θ log π_θ(a_t|s_t) over a run of steps, and the log-probabilities log π_θ(a_t|s_t):
/// from the analytic score of an <see cref="IScoreFunctionPolicy"/>, or by autodiff through the <see cref="PseudoLoss"/>.
/// </summary>
/// <remarks>
/// The results are flat vectors in the order of <see cref="IPolicy.Parameters"/>. The parameters' gradient buffers
/// are used as scratch (their previous contents are lost). Single-threaded.
/// </remarks>
public sealed class PolicyScores
{
    private readonly IScoreFunctionPolicy? _analytic;
    private readonly float[] _flat;
    private readonly Tape _tape = new();
    private Tensor? _observations, _actions, _weights;

    /// <summary>Scores of <paramref name="policy"/>; <paramref name="useAutodiff"/> forces the pseudo-loss path even when an analytic score exists.</summary>
    public PolicyScores(IPolicy policy, bool useAutodiff = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        _analytic = useAutodiff ? null : policy as IScoreFunctionPolicy;
        _flat = new float[policy.Parameters.Size];
    }

    /// <summary>The policy π_θ.</summary>
    public IPolicy Policy { get; }

    /// <summary>Whether scores come from autodiff (the pseudo-loss) rather than the analytic formula.</summary>
    public bool UsesAutodiff => _analytic is null;

    /// <summary>The number of parameters P (the length of every score).</summary>
    public int Size => _flat.Length;

    /// <summary>Writes Σ_t w_t ∇θ log π_θ(a_t|s_t) over steps [<paramref name="start"/>, <paramref name="start"/> + weights.Length) into <paramref name="destination"/> (length P).</summary>
    public void WeightedSum(EpisodeBatch batch, int start, ReadOnlySpan<double> weights, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (destination.Length != Size) throw new ArgumentException($"PolicyScores.WeightedSum: the destination holds {destination.Length} values, the policy has {Size} parameters.", nameof(destination));
        int count = weights.Length;
        var parameters = Policy.Parameters;
        parameters.ZeroGrad();
        if (_analytic is not null)
        {
            for (int i = 0; i < count; i++)
                if (weights[i] != 0) _analytic.AddScore(batch.Observation(start + i), batch.Action(start + i), (float)weights[i]);
            parameters.CopyGradientsTo(_flat);
            for (int k = 0; k < _flat.Length; k++) destination[k] = _flat[k];
            return;
        }
        PseudoLoss.CopySteps(batch, start, count, ref _observations, ref _actions);
        if (_weights is null || _weights.Size != count) _weights = new Tensor(count);
        for (int i = 0; i < count; i++) _weights[i] = (float)weights[i];
        _tape.Reset();
        _tape.Backward(PseudoLoss.Record(_tape, Policy, _observations!, _actions!, _weights, 1f)); // ∇L = −Σ w ∇log π
        parameters.CopyGradientsTo(_flat);
        for (int k = 0; k < _flat.Length; k++) destination[k] = -_flat[k];
    }

    /// <summary>Writes log π_θ(a_t|s_t) for steps [<paramref name="start"/>, <paramref name="start"/> + logProbs.Length).</summary>
    public void LogProbs(EpisodeBatch batch, int start, Span<double> logProbs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int count = logProbs.Length;
        if (_analytic is not null)
        {
            for (int i = 0; i < count; i++) logProbs[i] = _analytic.LogProb(batch.Observation(start + i), batch.Action(start + i));
            return;
        }
        PseudoLoss.CopySteps(batch, start, count, ref _observations, ref _actions);
        _tape.Reset();
        var values = Policy.Forward(_tape, _tape.Input(_observations!)).LogProb(_actions!).Value.Span;
        for (int i = 0; i < count; i++) logProbs[i] = values[i];
    }
}
