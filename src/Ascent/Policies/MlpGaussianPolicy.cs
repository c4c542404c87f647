using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;

namespace Ascent.Policies;

/// <summary>
/// A neural-network diagonal Gaussian policy: an <see cref="Mlp"/> gives the mean μ(s) and a state-independent
/// log standard deviation (one learned value per action dimension) gives σ; a ~ N(μ(s), diag(σ²)).
/// Its score comes from autodiff through <see cref="Forward"/>.
/// </summary>
/// <remarks>
/// PPO's continuous-action details: the mean head is initialised with gain 0.01 and log σ with 0 (σ = 1) by
/// default; actions are not clipped here (clip them for the environment, store the unclipped action).
/// </remarks>
public sealed class MlpGaussianPolicy : IPolicy
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);
    private float[] _mean = [];

    /// <summary>Creates the policy.</summary>
    /// <param name="observationSpace">The observations (the network input is their flat form).</param>
    /// <param name="actionSpace">The continuous actions, a <see cref="Box"/> of D values.</param>
    /// <param name="hidden">Hidden layer widths, e.g. <c>[64, 64]</c>.</param>
    /// <param name="activation">Activation of the hidden layers.</param>
    /// <param name="rng">Generator of the initial weights.</param>
    /// <param name="initialLogStd">The initial log σ of every dimension (finite).</param>
    /// <param name="name">Prefix of the parameter names (<c>{name}.log_std</c> for log σ).</param>
    public MlpGaussianPolicy(Space observationSpace, Box actionSpace, IReadOnlyList<int> hidden, Activation activation, Rng rng, float initialLogStd = 0f, string name = "policy")
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentNullException.ThrowIfNull(hidden);
        if (!float.IsFinite(initialLogStd)) throw new ArgumentOutOfRangeException(nameof(initialLogStd), initialLogStd, "MlpGaussianPolicy: initialLogStd must be finite.");
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        ActionSize = actionSpace.FlatSize;
        Network = new Mlp([observationSpace.FlatSize, .. hidden, ActionSize], activation, rng, outputGain: 0.01f, name: name);
        LogStd = new Parameter(name + ".log_std", Tensor.Full(initialLogStd, ActionSize));
        Parameters = new ParameterSet(Network.Parameters);
        Parameters.Add(LogStd);
    }

    /// <summary>The network from observations to means.</summary>
    public Mlp Network { get; }

    /// <summary>log σ, <c>[D]</c>, shared by all states.</summary>
    public Parameter LogStd { get; }

    /// <summary>The action dimension D.</summary>
    public int ActionSize { get; }

    /// <inheritdoc />
    public Space ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace { get; }

    /// <inheritdoc />
    public ParameterSet Parameters { get; }

    /// <inheritdoc />
    public ActionDistribution Forward(Tape tape, Var observations) =>
        ActionDistribution.FromGaussian(Network.Forward(tape, observations), tape.Param(LogStd));

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        PolicyChecks.ActBuffers("MlpGaussianPolicy.Act", observations.Length, batch, ObservationSpace.FlatSize, actions.Length, ActionSize, logProbs.Length);
        if (_mean.Length < batch * ActionSize) _mean = new float[batch * ActionSize];
        var mean = _mean.AsSpan(0, batch * ActionSize);
        Network.Predict(observations, batch, mean);
        var logStd = LogStd.Value.Span;
        for (int r = 0; r < batch; r++)
        {
            double logProb = 0;
            for (int d = 0; d < ActionSize; d++)
            {
                double z = rng is null ? 0 : rng.Normal();
                actions[r * ActionSize + d] = (float)(mean[r * ActionSize + d] + Math.Exp(logStd[d]) * z);
                logProb += -0.5 * z * z - logStd[d] - HalfLog2Pi;
            }
            if (logProbs.Length > 0) logProbs[r] = (float)logProb;
        }
    }
}
