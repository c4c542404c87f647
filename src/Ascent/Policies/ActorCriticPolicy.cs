using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Io.Onnx;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Policies;

/// <summary>
/// The actor-critic of seed 003: an actor <c>π_θ(u|x)</c> and a critic <c>V_φ(x)</c>, as two separate MLPs or as
/// one shared trunk with a policy head and a value head (<see cref="ActorCriticArchitecture"/>). Categorical actions
/// for <see cref="Discrete"/> action spaces (the head outputs logits), diagonal Gaussians for <see cref="Box"/> action
/// spaces (the head outputs means; one state-independent log σ per action dimension, a parameter), or with
/// generalized state-dependent exploration (gSDE, Raffin et al. 2022).
/// </summary>
/// <remarks>
/// <para><b>Structure.</b> Actor: a body MLP (the hidden layers, <c>pi.*</c>) and a policy head (<c>pi_head</c>);
/// critic: a body (<c>vf.*</c>) and a value head (<c>vf_head</c>); with a shared trunk one body (<c>trunk.*</c>) feeds
/// both heads.</para>
/// <para><b>Two paths</b>, as <see cref="IPolicy"/>: <see cref="Forward"/>/<see cref="ForwardWithValues"/> record the
/// networks on a tape for the losses; <see cref="Act"/>/<see cref="ActAndEvaluate"/> evaluate them without a tape
/// for rollouts (the shared trunk is computed once for both heads). After the first call with a batch size, neither
/// path allocates. The tape-free path reuses scratch buffers: one policy object must not act on two threads at once
/// (A3C gives every worker its own copy).</para>
/// <para><b>Actions</b> are in the networks' own coordinates: a categorical action is the index <c>k ∈ [0, n)</c> (an
/// environment whose <see cref="Discrete.Start"/> is not 0 receives <c>Start + k</c>), and a Gaussian action is the
/// unclipped sample (the rollout clips it to the box for the environment but stores and scores the sample).</para>
/// <para><b>gSDE.</b> With <see cref="ActorCriticArchitecture.StateDependentNoise"/> the exploration noise is a linear
/// function of the actor's last hidden features <c>z(x)</c> (not differentiated through): <c>a = μ(x) + z(x)·E</c>
/// with an exploration matrix <c>E ~ N(0, σ²)</c> (<c>σ = exp(log_std)</c>, a <c>[latent, D]</c> parameter) that
/// <see cref="ResetNoise"/> draws per row and keeps between resets, so consecutive actions explore smoothly. Given x
/// the action is Gaussian with variance <c>Σᵢ zᵢ(x)² σᵢⱼ² + 10⁻⁶</c> per dimension, which is what the tape records
/// (Stable-Baselines3's <c>StateDependentNoiseDistribution</c> with <c>full_std</c>).</para>
/// <para><b>Parameters.</b> <see cref="Parameters"/> holds everything one optimizer trains (A2C, PPO);
/// <see cref="ActorParameters"/> and <see cref="CriticParameters"/> split it for algorithms that update the two
/// separately (TRPO); with a shared trunk both contain the trunk.</para>
/// </remarks>
public sealed class ActorCriticPolicy : IActorCritic, IOnnxExportable
{
    private const float HiddenGain = 1.41421356f, PolicyHeadGain = 0.01f, ValueHeadGain = 1f, SdeEpsilon = 1e-6f;
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly Mlp? _actorBody, _criticBody;
    private readonly Mlp _policyHead, _valueHead;
    private readonly Parameter? _logStd;
    private readonly Critic _critic;
    private float[] _actorFeatures = [], _criticFeatures = [], _heads = [], _noise = [], _sigmaSquared = [];
    private float[] _logProbabilities = [], _probabilities = [], _logSums = [];
    private int _noiseRows;
    private int[] _valueShape = [0], _otherValueShape = [0];   // the two most recent batch sizes (minibatches and a smaller last one)

    /// <summary>Builds the networks for the given spaces.</summary>
    /// <param name="observationSpace">A <see cref="Box"/> (flat observations are the network input).</param>
    /// <param name="actionSpace">A <see cref="Discrete"/> (categorical policy) or a <see cref="Box"/> (Gaussian policy).</param>
    /// <param name="architecture">Widths, sharing, activation, initialisation, exploration (null: the defaults).</param>
    /// <param name="rng">Generator for the initial weights.</param>
    public ActorCriticPolicy(Space observationSpace, Space actionSpace, ActorCriticArchitecture? architecture, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentNullException.ThrowIfNull(rng);
        architecture ??= new ActorCriticArchitecture();
        architecture.Validate();
        if (observationSpace is not Box)
            throw new ArgumentException($"ActorCriticPolicy: the observation space must be a Box (flat float observations), got {observationSpace}.", nameof(observationSpace));
        ActionOutputs = actionSpace switch
        {
            Discrete d => d.N,
            Box b => b.FlatSize,
            _ => throw new ArgumentException($"ActorCriticPolicy: the action space must be Discrete (categorical policy) or Box (Gaussian policy), got {actionSpace}.", nameof(actionSpace)),
        };
        IsCategorical = actionSpace is Discrete;
        if (IsCategorical && architecture.StateDependentNoise)
            throw new ArgumentException($"ActorCriticPolicy: state-dependent exploration (use_sde) needs a continuous (Box) action space, got {actionSpace}.", nameof(architecture));
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        Architecture = architecture;
        int inputs = observationSpace.FlatSize;
        var act = architecture.Activation;
        // Construction order fixes the generator's use: actor body, policy head, critic body, value head.
        Mlp? Body(IReadOnlyList<int> hidden, string name) => hidden.Count == 0 ? null
            : new Mlp([inputs, .. hidden], act, rng, outputGain: HiddenGain, hiddenGain: HiddenGain, outputActivation: act, name: name);
        bool shared = architecture.SharedTrunk;
        _actorBody = Body(architecture.PolicyHidden, shared ? "trunk" : "pi");
        LatentSize = _actorBody?.Outputs ?? inputs;
        _policyHead = new Mlp([LatentSize, ActionOutputs], act, rng, outputGain: PolicyHeadGain, name: "pi_head");
        _criticBody = shared ? _actorBody : Body(architecture.ValueHidden, "vf");
        _valueHead = new Mlp([_criticBody?.Outputs ?? inputs, 1], act, rng, outputGain: ValueHeadGain, name: "vf_head");
        if (!architecture.OrthogonalInit)
            foreach (var net in new[] { _actorBody, _policyHead, shared ? null : _criticBody, _valueHead })
                if (net is not null) TorchDefaultInit(net, rng);
        if (!IsCategorical)
            _logStd = new Parameter("log_std", architecture.StateDependentNoise
                ? Tensor.Full(architecture.LogStdInit, LatentSize, ActionOutputs)
                : Tensor.Full(architecture.LogStdInit, ActionOutputs));

        ActorParameters = new ParameterSet();
        CriticParameters = new ParameterSet();
        if (_actorBody is not null) ActorParameters.AddRange(_actorBody.Parameters);
        ActorParameters.AddRange(_policyHead.Parameters);
        if (_logStd is not null) ActorParameters.Add(_logStd);
        if (_criticBody is not null) CriticParameters.AddRange(_criticBody.Parameters);
        CriticParameters.AddRange(_valueHead.Parameters);
        Parameters = new ParameterSet(ActorParameters);
        if (!shared && _criticBody is not null) Parameters.AddRange(_criticBody.Parameters);
        Parameters.AddRange(_valueHead.Parameters);
        _critic = new Critic(this);
    }

    /// <inheritdoc />
    public Space ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace { get; }

    /// <summary>The architecture the networks were built with.</summary>
    public ActorCriticArchitecture Architecture { get; }

    /// <summary>Whether the policy is categorical (a <see cref="Discrete"/> action space) rather than Gaussian.</summary>
    public bool IsCategorical { get; }

    /// <summary>Outputs of the policy head: the number of actions (logits) or the action dimension (means).</summary>
    public int ActionOutputs { get; }

    /// <summary>Width of the actor's last hidden layer (the observation width without hidden layers): the features gSDE's noise is linear in.</summary>
    public int LatentSize { get; }

    /// <summary>Floats per action in the flat representation (1 for a categorical policy, D for a Gaussian one).</summary>
    public int ActionSize => IsCategorical ? 1 : ActionOutputs;

    /// <summary>Every trainable parameter: trunk, actor, log-std and critic.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The parameters <c>π_θ</c> depends on: trunk, actor and log-std.</summary>
    public ParameterSet ActorParameters { get; }

    /// <summary>The parameters <c>V_φ</c> depends on: trunk and critic.</summary>
    public ParameterSet CriticParameters { get; }

    /// <summary>The log standard deviations of a Gaussian policy: <c>[D]</c>, or <c>[latent, D]</c> with gSDE (null for a categorical policy).</summary>
    public Parameter? LogStd => _logStd;

    /// <inheritdoc />
    public bool UsesStateDependentNoise => Architecture.StateDependentNoise;

    /// <summary>The critic <c>V_φ</c> as an <see cref="IValueFunction"/> (its <see cref="IValueFunction.Parameters"/> are <see cref="CriticParameters"/>).</summary>
    public IValueFunction ValueFunction => _critic;

    /// <inheritdoc />
    public ActionDistribution Forward(Tape tape, Var observations)
    {
        ArgumentNullException.ThrowIfNull(tape);
        var features = ActorFeatures(tape, observations);
        return Distribution(tape, _policyHead.Forward(tape, features), features);
    }

    /// <summary>Records <c>π_θ(·|x)</c> and <c>V_φ(x)</c> (shape <c>[B]</c>) for a batch, the shared trunk once.</summary>
    public (ActionDistribution Policy, Var Values) ForwardWithValues(Tape tape, Var observations)
    {
        ArgumentNullException.ThrowIfNull(tape);
        var features = ActorFeatures(tape, observations);
        var pi = Distribution(tape, _policyHead.Forward(tape, features), features);
        var criticFeatures = Architecture.SharedTrunk ? features : CriticFeatures(tape, observations);
        return (pi, ValueColumn(tape, _valueHead.Forward(tape, criticFeatures)));
    }

    /// <summary>The policy head's outputs (logits, or means) for a batch, tape-free: what <see cref="Act"/> samples from.</summary>
    internal void PredictHeads(ReadOnlySpan<float> observations, int batch, Span<float> heads)
    {
        if (heads.Length != batch * ActionOutputs)
            throw new ArgumentException($"ActorCriticPolicy: the head buffer holds {heads.Length} floats, need {batch} × {ActionOutputs}.", nameof(heads));
        _policyHead.Predict(PredictActorFeatures(observations, batch), batch, heads);
    }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        var features = PredictActorFeatures(observations, batch);
        PredictHeadAndChoose(features, batch, actions, logProbs, rng);
    }

    /// <summary>
    /// <see cref="Act"/> and the critic's <c>V_φ(x)</c> for the same observations in one pass (the rollout's step):
    /// writes <paramref name="values"/> (length <paramref name="batch"/>).
    /// </summary>
    public void ActAndEvaluate(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Span<float> values, Rng? rng)
    {
        var features = PredictActorFeatures(observations, batch);
        PredictHeadAndChoose(features, batch, actions, logProbs, rng);
        PredictValues(Architecture.SharedTrunk ? features : PredictCriticFeatures(observations, batch), batch, values);
    }

    /// <summary>
    /// gSDE: draws a new exploration matrix <c>E ~ N(0, σ²)</c> for each of <paramref name="batch"/> rows (row r of the
    /// next <see cref="Act"/> calls uses matrix r until the next reset). Without gSDE it does nothing.
    /// </summary>
    public void ResetNoise(int batch, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "ActorCriticPolicy.ResetNoise: batch must be at least 1.");
        if (!UsesStateDependentNoise) return;
        var logStd = _logStd!.Value.Span;
        int size = logStd.Length;
        var noise = Scratch(ref _noise, batch * size);
        for (int r = 0; r < batch; r++)
            for (int k = 0; k < size; k++) noise[r * size + k] = (float)(Math.Exp(logStd[k]) * rng.Normal());
        _noiseRows = batch;
    }

    /// <summary>Copies every parameter value from <paramref name="source"/>, a policy with the same architecture and spaces.</summary>
    public void CopyParametersFrom(ActorCriticPolicy source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Parameters.Size != Parameters.Size || source.Parameters.Count != Parameters.Count)
            throw new ArgumentException($"ActorCriticPolicy.CopyParametersFrom: the source has {source.Parameters.Count} tensors / {source.Parameters.Size} values, this policy {Parameters.Count} / {Parameters.Size}.", nameof(source));
        for (int i = 0; i < Parameters.Count; i++) source.Parameters[i].Value.Span.CopyTo(Parameters[i].Value.Span);
    }

    /// <summary>
    /// The deterministic path (trunk, actor, head; Gaussian actions clipped to a bounded box) for ONNX export; with gSDE
    /// the head also computes the state-dependent log σ from the actor's features.
    /// </summary>
    public OnnxPolicyGraph DescribeForOnnx()
    {
        var layers = new List<OnnxDenseLayer>();
        if (_actorBody is not null) layers.AddRange(OnnxDenseLayer.FromMlp(_actorBody));
        layers.AddRange(OnnxDenseLayer.FromMlp(_policyHead));
        var clip = ActionSpace is Box { IsBounded: true } box ? box : null;
        OnnxPolicyHead head = ActionSpace is Discrete discrete ? OnnxPolicyHead.Categorical(discrete)
            : UsesStateDependentNoise ? OnnxPolicyHead.StateDependentGaussian(LatentSize, _logStd!.Value.Span, SdeEpsilon, clip)
            : OnnxPolicyHead.Gaussian(_logStd!.Value.Span, clip);
        return new OnnxPolicyGraph(ObservationSpace.FlatSize, layers, head);
    }

    private Var ActorFeatures(Tape tape, Var observations)
    {
        CheckObservationWidth(observations.Value);
        return _actorBody is null ? observations : _actorBody.Forward(tape, observations);
    }

    private Var CriticFeatures(Tape tape, Var observations)
    {
        CheckObservationWidth(observations.Value);
        return _criticBody is null ? observations : _criticBody.Forward(tape, observations);
    }

    private ActionDistribution Distribution(Tape tape, Var heads, Var features)
    {
        if (IsCategorical) return ActionDistribution.FromLogits(heads);
        var logStd = tape.Param(_logStd!);
        if (!UsesStateDependentNoise) return ActionDistribution.FromGaussian(heads, logStd);
        // gSDE: Var[aⱼ | x] = Σᵢ zᵢ(x)² σᵢⱼ² + ε, with z detached (the noise does not train the features).
        var variance = tape.MatMul(tape.Square(tape.Detach(features)), tape.Exp(tape.MulScalar(logStd, 2f)));
        return ActionDistribution.FromGaussian(heads, tape.MulScalar(tape.Log(tape.AddScalar(variance, SdeEpsilon)), 0.5f));
    }

    private Var ValueColumn(Tape tape, Var column)
    {
        int batch = column.Value.Dim(0);
        if (_valueShape[0] != batch)
        {
            (_valueShape, _otherValueShape) = (_otherValueShape, _valueShape);
            if (_valueShape[0] != batch) _valueShape = [batch];
        }
        return tape.Reshape(column, _valueShape);
    }

    private void CheckObservationWidth(Tensor observations)
    {
        int width = ObservationSpace.FlatSize;
        if (observations.Rank != 2 || observations.Dim(1) != width)
            throw new ShapeMismatchException("ActorCriticPolicy.Forward", $"[B, {width}] expected for {ObservationSpace}", observations.ShapeString);
    }

    private void CheckBatch(ReadOnlySpan<float> observations, int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "ActorCriticPolicy: batch must be at least 1.");
        if (observations.Length != batch * ObservationSpace.FlatSize)
            throw new ArgumentException($"ActorCriticPolicy: {observations.Length} observation values for a batch of {batch} × {ObservationSpace.FlatSize}.", nameof(observations));
    }

    /// <summary>The actor body's output for a batch (the observations themselves without hidden layers).</summary>
    private ReadOnlySpan<float> PredictActorFeatures(ReadOnlySpan<float> observations, int batch) =>
        PredictBody(_actorBody, ref _actorFeatures, observations, batch);

    /// <summary>The critic body's output for a batch (separate networks).</summary>
    private ReadOnlySpan<float> PredictCriticFeatures(ReadOnlySpan<float> observations, int batch) =>
        PredictBody(_criticBody, ref _criticFeatures, observations, batch);

    private ReadOnlySpan<float> PredictBody(Mlp? body, ref float[] scratch, ReadOnlySpan<float> observations, int batch)
    {
        CheckBatch(observations, batch);
        if (body is null) return observations;
        var features = Scratch(ref scratch, batch * body.Outputs);
        body.Predict(observations, batch, features);
        return features;
    }

    private void PredictValues(ReadOnlySpan<float> features, int batch, Span<float> values)
    {
        if (values.Length != batch) throw new ArgumentException($"ActorCriticPolicy: the value buffer holds {values.Length} floats for a batch of {batch}.", nameof(values));
        _valueHead.Predict(features, batch, values);
    }

    private void PredictHeadAndChoose(ReadOnlySpan<float> features, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        if (actions.Length != batch * ActionSize)
            throw new ArgumentException($"ActorCriticPolicy: the action buffer holds {actions.Length} floats, need {batch} × {ActionSize}.", nameof(actions));
        if (logProbs.Length != 0 && logProbs.Length != batch)
            throw new ArgumentException($"ActorCriticPolicy: the log-prob buffer holds {logProbs.Length} floats, need {batch} (or none).", nameof(logProbs));
        var heads = Scratch(ref _heads, batch * ActionOutputs);
        _policyHead.Predict(features, batch, heads);
        if (IsCategorical) ChooseCategorical(heads, batch, actions, logProbs, rng);
        else if (UsesStateDependentNoise) ChooseStateDependent(heads, features, batch, actions, logProbs, rng);
        else ChooseGaussian(heads, batch, actions, logProbs, rng);
    }

    /// <summary>
    /// Samples (inverse CDF, one uniform per row, as <see cref="Distributions.Categorical.Sample"/>) or takes the argmax;
    /// the log-probabilities use the tape's log-softmax kernel, so they equal the tape's bit for bit whenever the logits do
    /// (see <c>OldPolicy.RolloutScoresExactly</c>).
    /// </summary>
    private void ChooseCategorical(ReadOnlySpan<float> logits, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        int c = ActionOutputs;
        Span<float> logProbabilities = [];
        if (logProbs.Length != 0)
        {
            logProbabilities = Scratch(ref _logProbabilities, batch * c);
            LogSoftmaxRows.Compute(logits, batch, c, logProbabilities, Scratch(ref _probabilities, batch * c),
                Scratch(ref _logSums, Math.Max(batch, LogSoftmaxRows.MinimumSpan)));
        }
        for (int r = 0; r < batch; r++)
        {
            var row = logits.Slice(r * c, c);
            float max = row[0];
            int argmax = 0;
            for (int j = 1; j < c; j++) if (row[j] > max) { max = row[j]; argmax = j; }
            int chosen = argmax;
            if (rng is not null)
            {
                double total = 0;
                for (int j = 0; j < c; j++) total += Math.Exp(row[j] - max);
                double u = rng.NextDouble() * total, cumulative = 0;
                for (int j = 0; j < c; j++)
                {
                    double p = Math.Exp(row[j] - max);
                    if (p <= 0) continue;
                    cumulative += p;
                    chosen = j;
                    if (u < cumulative) break;
                }
            }
            actions[r] = chosen;
            if (logProbs.Length != 0) logProbs[r] = logProbabilities[r * c + chosen];
        }
    }

    /// <summary>Samples <c>a = μ + σ ⊙ ε</c> (as <see cref="Distributions.DiagGaussian.Sample"/>) or takes the mean.</summary>
    private void ChooseGaussian(ReadOnlySpan<float> means, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        int d = ActionOutputs;
        var logStd = _logStd!.Value.Span;
        for (int r = 0; r < batch; r++)
        {
            double logProb = -d * HalfLog2Pi;
            for (int j = 0; j < d; j++)
            {
                int k = r * d + j;
                double sigma = Math.Exp(logStd[j]);
                float a = rng is null ? means[k] : (float)(means[k] + sigma * rng.Normal());
                actions[k] = a;
                double z = (a - (double)means[k]) / sigma;
                logProb -= 0.5 * z * z + logStd[j];
            }
            if (logProbs.Length != 0) logProbs[r] = (float)logProb;
        }
    }

    /// <summary>gSDE: <c>a = μ + z·E_r</c> with row r's exploration matrix (drawn with <paramref name="rng"/> when the rows do not match the batch), or the mean.</summary>
    private void ChooseStateDependent(ReadOnlySpan<float> means, ReadOnlySpan<float> features, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        int d = ActionOutputs, l = LatentSize;
        if (rng is not null && _noiseRows != batch) ResetNoise(batch, rng);
        var logStd = _logStd!.Value.Span;
        var sigmaSquared = Scratch(ref _sigmaSquared, l * d);
        for (int k = 0; k < sigmaSquared.Length; k++) sigmaSquared[k] = MathF.Exp(2f * logStd[k]);
        for (int r = 0; r < batch; r++)
        {
            var z = features.Slice(r * l, l);
            double logProb = -d * HalfLog2Pi;
            for (int j = 0; j < d; j++)
            {
                double variance = SdeEpsilon, noise = 0;
                for (int i = 0; i < l; i++)
                {
                    variance += (double)z[i] * z[i] * sigmaSquared[i * d + j];
                    if (rng is not null) noise += (double)z[i] * _noise[(r * l + i) * d + j];
                }
                int k = r * d + j;
                float a = rng is null ? means[k] : (float)(means[k] + noise);
                actions[k] = a;
                double sigma = Math.Sqrt(variance), u = (a - (double)means[k]) / sigma;
                logProb -= 0.5 * u * u + Math.Log(sigma);
            }
            if (logProbs.Length != 0) logProbs[r] = (float)logProb;
        }
    }

    private static Span<float> Scratch(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[length];
        return buffer.AsSpan(0, length);
    }

    /// <summary>PyTorch's default <c>nn.Linear</c> initialisation: weights and biases <c>U(−1/√fan_in, 1/√fan_in)</c>.</summary>
    private static void TorchDefaultInit(Mlp net, Rng rng)
    {
        foreach (var layer in net.Layers)
        {
            double bound = 1 / Math.Sqrt(layer.Inputs);
            foreach (var p in new[] { layer.Weight, layer.Bias })
            {
                var s = p.Value.Span;
                for (int i = 0; i < s.Length; i++) s[i] = (float)rng.Uniform(-bound, bound);
            }
        }
    }

    /// <summary>The critic as an <see cref="IValueFunction"/>.</summary>
    private sealed class Critic(ActorCriticPolicy policy) : IValueFunction
    {
        public ParameterSet Parameters => policy.CriticParameters;

        public Var Forward(Tape tape, Var observations)
        {
            ArgumentNullException.ThrowIfNull(tape);
            return policy.ValueColumn(tape, policy._valueHead.Forward(tape, policy.CriticFeatures(tape, observations)));
        }

        public void Predict(ReadOnlySpan<float> observations, int batch, Span<float> values) =>
            policy.PredictValues(policy.PredictCriticFeatures(observations, batch), batch, values);
    }
}
