using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies.Features;

namespace Ascent.Policies;

/// <summary>
/// The Gaussian policy of seed 000: a ~ N(μ(s), σ²) with a linear mean μ(s) = φ(s)ᵀθ over state features and a
/// standard deviation that is either fixed or learned (one log σ per action dimension, state-independent).
/// </summary>
/// <remarks>
/// <para><b>Score</b> (analytic, <see cref="AddScore"/>), per action dimension d:
/// ∇θ log π(a|s) = (a − μ(s)) φ(s) / σ² (seed 000's formula) and, when σ is learned,
/// ∂ log π(a|s) / ∂ log σ = (a − μ(s))² / σ² − 1.</para>
/// <para>θ is <c>[F, D]</c> for F features and D action dimensions. Actions are not clipped (clip them in the
/// environment, e.g. with a <c>ClipAction</c> wrapper, and store the unclipped action).</para>
/// </remarks>
public sealed class LinearGaussianPolicy : IScoreFunctionPolicy
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);
    private readonly Tensor _fixedLogStd;
    private readonly float[] _phi;
    private readonly double[] _mean;

    /// <summary>Creates the policy with θ = 0.</summary>
    /// <param name="observationSpace">The observations (flat size = the features' observation size).</param>
    /// <param name="features">φ(s).</param>
    /// <param name="actionSpace">The continuous actions, a <see cref="Box"/> of D values.</param>
    /// <param name="initialStd">σ at the start (the fixed σ when <paramref name="learnStd"/> is false), in (0, ∞).</param>
    /// <param name="learnStd">Whether log σ is a parameter.</param>
    /// <param name="name">Prefix of the parameter names (<c>{name}.theta</c>, <c>{name}.log_std</c>).</param>
    public LinearGaussianPolicy(Space observationSpace, IStateFeatures features, Box actionSpace, double initialStd = 1.0, bool learnStd = true, string name = "policy")
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (observationSpace.FlatSize != features.ObservationSize)
            throw new ArgumentException($"LinearGaussianPolicy: the observation space {observationSpace} has {observationSpace.FlatSize} floats, the features expect {features.ObservationSize}.", nameof(features));
        if (!(initialStd > 0) || !double.IsFinite(initialStd))
            throw new ArgumentOutOfRangeException(nameof(initialStd), initialStd, "LinearGaussianPolicy: initialStd is outside the allowed range (0, ∞).");
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        Features = features;
        ActionSize = actionSpace.FlatSize;
        Theta = new Parameter(name + ".theta", new Tensor(features.Dimension, ActionSize));
        _fixedLogStd = Tensor.Full((float)Math.Log(initialStd), ActionSize);
        Parameters = new ParameterSet([Theta]);
        if (learnStd)
        {
            LogStd = new Parameter(name + ".log_std", _fixedLogStd.Clone());
            Parameters.Add(LogStd);
        }
        _phi = new float[features.Dimension];
        _mean = new double[ActionSize];
    }

    /// <summary>θ, <c>[F, D]</c>.</summary>
    public Parameter Theta { get; }

    /// <summary>log σ, <c>[D]</c>, when σ is learned; null when it is fixed.</summary>
    public Parameter? LogStd { get; }

    /// <summary>The state features φ(s).</summary>
    public IStateFeatures Features { get; }

    /// <summary>The action dimension D.</summary>
    public int ActionSize { get; }

    /// <inheritdoc />
    public Space ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace { get; }

    /// <inheritdoc />
    public ParameterSet Parameters { get; }

    private ReadOnlySpan<float> LogStdValues => (LogStd?.Value ?? _fixedLogStd).Span;

    /// <summary>σ of action dimension <paramref name="dimension"/>.</summary>
    public double Std(int dimension) => Math.Exp(LogStdValues[dimension]);

    /// <summary>Writes μ(s) = φ(s)ᵀθ (D values) into <paramref name="mean"/>; φ(s) is left in the feature scratch buffer.</summary>
    public void Mean(ReadOnlySpan<float> observation, Span<double> mean)
    {
        Features.Write(observation, _phi);
        var theta = Theta.Value.Span;
        for (int d = 0; d < ActionSize; d++)
        {
            double m = 0;
            for (int f = 0; f < _phi.Length; f++) m += (double)_phi[f] * theta[f * ActionSize + d];
            mean[d] = m;
        }
    }

    /// <inheritdoc />
    public ActionDistribution Forward(Tape tape, Var observations)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(observations);
        var obs = observations.Value;
        int size = ObservationSpace.FlatSize;
        if (obs.Size % size != 0 || (obs.Rank == 2 && obs.Dim(1) != size))
            throw new ArgumentException($"LinearGaussianPolicy.Forward: observations must be [B, {size}], got {obs.ShapeString}.", nameof(observations));
        int batch = obs.Size / size, f = Features.Dimension;
        var phi = new Tensor(batch, f);
        for (int r = 0; r < batch; r++) Features.Write(obs.Span.Slice(r * size, size), phi.Row(r));
        var mean = tape.MatMul(tape.Input(phi), tape.Param(Theta));
        var logStd = LogStd is null ? tape.Input(_fixedLogStd) : tape.Param(LogStd);
        return ActionDistribution.FromGaussian(mean, logStd);
    }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        int size = ObservationSpace.FlatSize;
        PolicyChecks.ActBuffers("LinearGaussianPolicy.Act", observations.Length, batch, size, actions.Length, ActionSize, logProbs.Length);
        var logStd = LogStdValues;
        for (int r = 0; r < batch; r++)
        {
            Mean(observations.Slice(r * size, size), _mean);
            double logProb = 0;
            for (int d = 0; d < ActionSize; d++)
            {
                double z = rng is null ? 0 : rng.Normal();
                actions[r * ActionSize + d] = (float)(_mean[d] + Math.Exp(logStd[d]) * z);
                logProb += -0.5 * z * z - logStd[d] - HalfLog2Pi;
            }
            if (logProbs.Length > 0) logProbs[r] = (float)logProb;
        }
    }

    /// <inheritdoc />
    /// <remarks>Adds <c>scale · (a − μ) φ(s) / σ²</c> to θ's gradient and, when σ is learned, <c>scale · ((a − μ)²/σ² − 1)</c> to log σ's.</remarks>
    public void AddScore(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float scale)
    {
        CheckAction("LinearGaussianPolicy.AddScore", action);
        Mean(observation, _mean);
        var logStd = LogStdValues;
        var gradTheta = Theta.Grad.Span;
        for (int d = 0; d < ActionSize; d++)
        {
            double inverseVariance = Math.Exp(-2.0 * logStd[d]);
            double residual = action[d] - _mean[d];
            double weight = scale * residual * inverseVariance;
            for (int f = 0; f < _phi.Length; f++) gradTheta[f * ActionSize + d] += (float)(weight * _phi[f]);
            if (LogStd is not null) LogStd.Grad.Span[d] += (float)(scale * (residual * residual * inverseVariance - 1));
        }
    }

    /// <inheritdoc />
    public double LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action)
    {
        CheckAction("LinearGaussianPolicy.LogProb", action);
        Mean(observation, _mean);
        var logStd = LogStdValues;
        double logProb = 0;
        for (int d = 0; d < ActionSize; d++)
        {
            double z = (action[d] - _mean[d]) * Math.Exp(-logStd[d]);
            logProb += -0.5 * z * z - logStd[d] - HalfLog2Pi;
        }
        return logProb;
    }

    private void CheckAction(string op, ReadOnlySpan<float> action)
    {
        if (action.Length != ActionSize) throw new ArgumentException($"{op}: an action is {ActionSize} floats, got {action.Length}.", nameof(action));
    }
}
