using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Tests.Algorithms.TrustRegion;

/// <summary>Small policies for the trust-region tests; <see cref="IPolicy.Act"/> goes through a private tape.</summary>
internal abstract class TestPolicy : IPolicy
{
    private readonly Tape _actTape = new();

    public abstract Space ObservationSpace { get; }

    public abstract Space ActionSpace { get; }

    public abstract ParameterSet Parameters { get; }

    public abstract ActionDistribution Forward(Tape tape, Var observations);

    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        _actTape.Reset();
        var d = Forward(_actTape, _actTape.Input(new Tensor(observations.ToArray(), batch, ObservationSpace.FlatSize)));
        if (rng is null) d.Mode(actions); else d.Sample(rng, actions);
        if (logProbs.Length > 0)
        {
            var shape = d.IsCategorical ? new[] { batch } : new[] { batch, d.ActionSize };
            d.LogProb(new Tensor(actions.ToArray(), shape)).Value.Span.CopyTo(logProbs);
        }
    }

    /// <summary>Random observations, actions sampled from the policy, their log-probabilities and random advantages.</summary>
    public (Tensor Observations, Tensor Actions, Tensor Advantages, Tensor OldLogProbs) RandomBatch(Rng rng, int batch)
    {
        int width = ObservationSpace.FlatSize, actionSize = ActionSpace.FlatSize;
        var observations = new Tensor(batch, width);
        rng.Normal(observations.Span);
        var actions = new float[batch * actionSize];
        var logProbs = new float[batch];
        Act(observations.Span, batch, actions, logProbs, rng);
        var advantages = new Tensor(batch);
        rng.Normal(advantages.Span);
        return (observations, actionSize == 1 && ActionSpace is Discrete ? new Tensor(actions, batch) : new Tensor(actions, batch, actionSize),
            advantages, new Tensor(logProbs, batch));
    }
}

/// <summary>An MLP with tanh hidden units: categorical logits, or Gaussian means with a state-independent log-std.</summary>
internal sealed class MlpTestPolicy : TestPolicy
{
    private readonly Mlp _net;
    private readonly Parameter? _logStd;

    public MlpTestPolicy(Rng rng, int observations, int hidden, int actions, bool gaussian)
    {
        _net = new Mlp([observations, hidden, actions], Activation.Tanh, rng, outputGain: 1f);
        Parameters = new ParameterSet(_net.Parameters);
        ObservationSpace = new Box(-10f, 10f, observations);
        if (gaussian)
        {
            _logStd = new Parameter("log_std", Tensor.Full(-0.3f, actions));
            Parameters.Add(_logStd);
            ActionSpace = new Box(-1f, 1f, actions);
        }
        else ActionSpace = new Discrete(actions);
    }

    public override Space ObservationSpace { get; }

    public override Space ActionSpace { get; }

    public override ParameterSet Parameters { get; }

    public override ActionDistribution Forward(Tape tape, Var observations)
    {
        var output = _net.Forward(tape, observations);
        return _logStd is null ? ActionDistribution.FromLogits(output) : ActionDistribution.FromGaussian(output, tape.Param(_logStd));
    }
}

/// <summary>The tabular softmax π(a|s) ∝ exp θ[s][a] over one-hot state observations: logits = onehot(s)·θ.</summary>
internal sealed class TabularSoftmaxTestPolicy : TestPolicy
{
    private readonly Parameter _theta;

    public TabularSoftmaxTestPolicy(int states, int actions)
    {
        _theta = new Parameter("theta", new Tensor(states, actions));
        Parameters = new ParameterSet([_theta]);
        ObservationSpace = new Box(0f, 1f, states);
        ActionSpace = new Discrete(actions);
    }

    public Parameter Theta => _theta;

    public override Space ObservationSpace { get; }

    public override Space ActionSpace { get; }

    public override ParameterSet Parameters { get; }

    public override ActionDistribution Forward(Tape tape, Var observations) =>
        ActionDistribution.FromLogits(tape.MatMul(observations, tape.Param(_theta)));
}

/// <summary>
/// Two actions with logits [aθ − bθ², 0] (one parameter θ, observations ignored but for their count): the surrogate
/// of "action 0 is good" rises with θ only up to θ = a/2b, so a long natural-gradient step overshoots and lowers it.
/// </summary>
internal sealed class OvershootingTestPolicy : TestPolicy
{
    private readonly float _a, _b;

    public OvershootingTestPolicy(float a, float b)
    {
        _a = a; _b = b;
        _theta = new Parameter("theta", new Tensor(1));
        Parameters = new ParameterSet([_theta]);
    }

    private readonly Parameter _theta;

    public OvershootingTestPolicy() : this(1f, 2f) { }

    public override Space ObservationSpace { get; } = new Box(0f, 1f, 2);

    public override Space ActionSpace { get; } = new Discrete(2);

    public override ParameterSet Parameters { get; }

    public float Theta { get => _theta.Value[0]; set => _theta.Value.Span[0] = value; }

    public override ActionDistribution Forward(Tape tape, Var observations)
    {
        var theta = tape.Param(_theta);
        var logit = tape.Sub(tape.MulScalar(theta, _a), tape.MulScalar(tape.Square(theta), _b));
        return ActionDistribution.FromLogits(tape.Mul(observations, logit)); // observations are [1, 0] rows: logits [z, 0]
    }
}
