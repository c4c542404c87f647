using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies.Features;

namespace Ascent.Policies;

/// <summary>
/// The linear softmax policy of seed 000: action preferences h(s,a,θ) = θᵀφ(s,a) over state-action features,
/// π(a|s) = exp h(s,a,θ) / Σ_b exp h(s,b,θ) (Sutton &amp; Barto eq. 13.2–13.3).
/// </summary>
/// <remarks>
/// <para><b>Score</b> (analytic, <see cref="AddScore"/>): ∇θ log π(a|s) = φ(s,a) − Σ_b π(b|s) φ(s,b)
/// (Sutton &amp; Barto eq. 13.9 / seed 000's "φ(s,a) − E_π[φ(s,·)]").</para>
/// <para>The short corridor uses <see cref="PerActionFeatures.ShortCorridor"/> with θ = [h(right), h(left)];
/// the aliased gridworld uses <see cref="ObservationTimesActionFeatures"/> over its wall bits.</para>
/// <para><see cref="Forward"/> records <c>Φθ</c> with a fresh feature tensor per call; the per-step paths
/// (<see cref="Act"/>, <see cref="AddScore"/>, <see cref="LogProb"/>) allocate nothing and compute in double
/// precision. The scratch buffers make an instance single-threaded.</para>
/// <para><b>Exploration floor</b> (<see cref="MinimumProbability"/>, off by default): the book's companion code for the
/// short corridor keeps the policy from becoming deterministic — "never become deterministic, guarantees episode finish":
/// with two actions, when the less likely one falls below ε = 0.05 the policy becomes [1 − ε, ε]. Without it one long
/// episode (whose update grows with the square of its length) can throw p(right) to 0 or 1, where the corridor never
/// ends. With the floor the score keeps the softmax form φ(s,a) − Σ_b π(b|s) φ(s,b) evaluated at the floored π, as that
/// code computes it (a heuristic: not the gradient of the floored policy), and <see cref="Forward"/> is unavailable.</para>
/// </remarks>
public sealed class LinearSoftmaxPolicy : IScoreFunctionPolicy
{
    private readonly Discrete _actionSpace;
    private readonly float[] _phi;
    private readonly double[] _preferences;
    private readonly double[] _probabilities;
    private readonly int[] _columnShape;

    /// <summary>Creates the policy with θ = 0 (uniform).</summary>
    /// <param name="observationSpace">The observations (their flat size must be the features' observation size).</param>
    /// <param name="features">φ(s,a).</param>
    /// <param name="name">Prefix of the parameter name (<c>{name}.theta</c>).</param>
    public LinearSoftmaxPolicy(Space observationSpace, IActionFeatures features, string name = "policy")
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (observationSpace.FlatSize != features.ObservationSize)
            throw new ArgumentException($"LinearSoftmaxPolicy: the observation space {observationSpace} has {observationSpace.FlatSize} floats, the features expect {features.ObservationSize}.", nameof(features));
        ObservationSpace = observationSpace;
        Features = features;
        _actionSpace = new Discrete(features.Actions);
        Theta = new Parameter(name + ".theta", new Tensor(features.Dimension));
        Parameters = new ParameterSet([Theta]);
        _phi = new float[features.Actions * features.Dimension];
        _preferences = new double[features.Actions];
        _probabilities = new double[features.Actions];
        _columnShape = [features.Dimension, 1];
    }

    /// <summary>θ, length D.</summary>
    public Parameter Theta { get; }

    /// <summary>
    /// The exploration floor ε of the book's companion code, in [0, 1/A): probabilities below ε are raised to ε and the
    /// others scaled down to keep the sum 1 (with two actions: [1 − ε, ε]). 0 (the default) is the exact softmax.
    /// </summary>
    public double MinimumProbability
    {
        get => _minimumProbability;
        set
        {
            if (!(value >= 0 && value * Actions < 1))
                throw new ArgumentOutOfRangeException(nameof(MinimumProbability), value, $"LinearSoftmaxPolicy: MinimumProbability = {value} is outside the allowed range [0, 1/{Actions}).");
            _minimumProbability = value;
        }
    }

    private double _minimumProbability;

    /// <summary>The features φ(s,a).</summary>
    public IActionFeatures Features { get; }

    /// <summary>The number of actions A.</summary>
    public int Actions => _actionSpace.N;

    /// <inheritdoc />
    public Space ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace => _actionSpace;

    /// <inheritdoc />
    public ParameterSet Parameters { get; }

    /// <summary>Overwrites θ (length D, finite values).</summary>
    public void SetTheta(ReadOnlySpan<double> theta)
    {
        if (theta.Length != Features.Dimension)
            throw new ArgumentException($"LinearSoftmaxPolicy.SetTheta: theta has {theta.Length} entries, the features have dimension {Features.Dimension}.", nameof(theta));
        var values = Theta.Value.Span;
        for (int k = 0; k < theta.Length; k++)
        {
            if (!double.IsFinite(theta[k])) throw new ArgumentException($"LinearSoftmaxPolicy.SetTheta: theta[{k}] = {theta[k]} is not finite.", nameof(theta));
            values[k] = (float)theta[k];
        }
    }

    /// <summary>θ as a fresh double array.</summary>
    public double[] ThetaToArray()
    {
        var values = Theta.Value.Span;
        var theta = new double[values.Length];
        for (int k = 0; k < theta.Length; k++) theta[k] = values[k];
        return theta;
    }

    /// <summary>Writes π(·|s) in double precision into <paramref name="probabilities"/> (length A), with the exploration floor if set.</summary>
    public void Probabilities(ReadOnlySpan<float> observation, Span<double> probabilities)
    {
        Features.Write(observation, _phi);
        Preferences(probabilities);
        if (_minimumProbability > 0) Floor(probabilities, _minimumProbability);
    }

    /// <summary>Raises probabilities below ε to ε and scales the others so the sum stays 1.</summary>
    private static void Floor(Span<double> p, double epsilon)
    {
        double raised = 0, rest = 0;
        int low = 0;
        foreach (double q in p) if (q < epsilon) { low++; raised += epsilon; } else rest += q;
        if (low == 0) return;
        double scale = (1 - raised) / rest;
        for (int a = 0; a < p.Length; a++) p[a] = p[a] < epsilon ? epsilon : p[a] * scale;
    }

    /// <summary>Fills the preferences from the cached features and takes their softmax.</summary>
    private double Preferences(Span<double> probabilities)
    {
        var theta = Theta.Value.Span;
        int d = Features.Dimension;
        for (int a = 0; a < Actions; a++)
        {
            var phi = _phi.AsSpan(a * d, d);
            double h = 0;
            for (int k = 0; k < d; k++) h += (double)theta[k] * phi[k];
            _preferences[a] = h;
        }
        return SoftmaxRow.Softmax(_preferences, probabilities);
    }

    /// <inheritdoc />
    public ActionDistribution Forward(Tape tape, Var observations)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(observations);
        if (_minimumProbability > 0)
            throw new InvalidOperationException($"LinearSoftmaxPolicy.Forward: the exploration floor (MinimumProbability = {_minimumProbability}) is not differentiable; use the analytic AddScore, or set MinimumProbability = 0.");
        var obs = observations.Value;
        int size = ObservationSpace.FlatSize;
        if (obs.Size % size != 0 || (obs.Rank == 2 && obs.Dim(1) != size))
            throw new ArgumentException($"LinearSoftmaxPolicy.Forward: observations must be [B, {size}], got {obs.ShapeString}.", nameof(observations));
        int batch = obs.Size / size, d = Features.Dimension;
        var phi = new Tensor(batch * Actions, d);
        for (int r = 0; r < batch; r++) Features.Write(obs.Span.Slice(r * size, size), phi.Span.Slice(r * Actions * d, Actions * d));
        var preferences = tape.MatMul(tape.Input(phi), tape.Reshape(tape.Param(Theta), _columnShape)); // [B·A, 1]: θᵀφ(s,a)
        return ActionDistribution.FromLogits(tape.Reshape(preferences, batch, Actions));
    }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        int size = ObservationSpace.FlatSize;
        PolicyChecks.ActBuffers("LinearSoftmaxPolicy.Act", observations.Length, batch, size, actions.Length, 1, logProbs.Length);
        for (int r = 0; r < batch; r++)
        {
            Probabilities(observations.Slice(r * size, size), _probabilities);
            int a = rng is null ? SoftmaxRow.ArgMax(_probabilities) : SoftmaxRow.Sample(_probabilities, rng);
            actions[r] = a;
            if (logProbs.Length > 0) logProbs[r] = (float)Math.Log(_probabilities[a]);
        }
    }

    /// <inheritdoc />
    /// <remarks>Adds <c>scale · (φ(s,a) − Σ_b π(b|s) φ(s,b))</c> to θ's gradient.</remarks>
    public void AddScore(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float scale)
    {
        int a = SoftmaxRow.ActionIndex(action, Actions, "LinearSoftmaxPolicy.AddScore");
        Probabilities(observation, _probabilities);
        var grad = Theta.Grad.Span;
        int d = Features.Dimension;
        for (int k = 0; k < d; k++)
        {
            double expected = 0;
            for (int b = 0; b < Actions; b++) expected += _probabilities[b] * _phi[b * d + k];
            grad[k] += (float)(scale * (_phi[a * d + k] - expected));
        }
    }

    /// <inheritdoc />
    public double LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action)
    {
        int a = SoftmaxRow.ActionIndex(action, Actions, "LinearSoftmaxPolicy.LogProb");
        Features.Write(observation, _phi);
        double logNormaliser = Preferences(_probabilities);
        if (_minimumProbability == 0) return _preferences[a] - logNormaliser;
        Floor(_probabilities, _minimumProbability);
        return Math.Log(_probabilities[a]);
    }
}
