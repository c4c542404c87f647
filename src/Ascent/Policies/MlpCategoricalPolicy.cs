using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;

namespace Ascent.Policies;

/// <summary>
/// A neural-network softmax policy: an <see cref="Mlp"/> maps the flat observation to action logits and
/// π(·|s) = softmax(logits). Its score comes from autodiff through <see cref="Forward"/> (seed 002's pseudo-loss).
/// </summary>
/// <remarks>
/// The output layer is initialised with gain 0.01, so the initial policy is nearly uniform (PPO's detail).
/// <see cref="Act"/> evaluates the network without a tape into reused buffers (single-threaded).
/// </remarks>
public sealed class MlpCategoricalPolicy : IPolicy
{
    private readonly Discrete _actionSpace;
    private float[] _logits = [];
    private readonly double[] _preferences;
    private readonly double[] _probabilities;

    /// <summary>Creates the policy.</summary>
    /// <param name="observationSpace">The observations (the network input is their flat form).</param>
    /// <param name="actionSpace">The discrete actions.</param>
    /// <param name="hidden">Hidden layer widths, e.g. <c>[64, 64]</c> (may be empty: a linear softmax over the raw observation).</param>
    /// <param name="activation">Activation of the hidden layers.</param>
    /// <param name="rng">Generator of the initial weights.</param>
    /// <param name="name">Prefix of the parameter names.</param>
    public MlpCategoricalPolicy(Space observationSpace, Discrete actionSpace, IReadOnlyList<int> hidden, Activation activation, Rng rng, string name = "policy")
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentNullException.ThrowIfNull(hidden);
        ObservationSpace = observationSpace;
        _actionSpace = actionSpace;
        Network = new Mlp([observationSpace.FlatSize, .. hidden, actionSpace.N], activation, rng, outputGain: 0.01f, name: name);
        _preferences = new double[actionSpace.N];
        _probabilities = new double[actionSpace.N];
    }

    /// <summary>The network from observations to logits.</summary>
    public Mlp Network { get; }

    /// <inheritdoc />
    public Space ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace => _actionSpace;

    /// <inheritdoc />
    public ParameterSet Parameters => Network.Parameters;

    /// <inheritdoc />
    public ActionDistribution Forward(Tape tape, Var observations) => ActionDistribution.FromLogits(Network.Forward(tape, observations));

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        int actionCount = _actionSpace.N;
        PolicyChecks.ActBuffers("MlpCategoricalPolicy.Act", observations.Length, batch, ObservationSpace.FlatSize, actions.Length, 1, logProbs.Length);
        if (_logits.Length < batch * actionCount) _logits = new float[batch * actionCount];
        var logits = _logits.AsSpan(0, batch * actionCount);
        Network.Predict(observations, batch, logits);
        for (int r = 0; r < batch; r++)
        {
            for (int a = 0; a < actionCount; a++) _preferences[a] = logits[r * actionCount + a];
            double logNormaliser = SoftmaxRow.Softmax(_preferences, _probabilities);
            int chosen = rng is null ? SoftmaxRow.ArgMax(_probabilities) : SoftmaxRow.Sample(_probabilities, rng);
            actions[r] = _actionSpace.Start + chosen;
            if (logProbs.Length > 0) logProbs[r] = (float)(_preferences[chosen] - logNormaliser);
        }
    }
}
