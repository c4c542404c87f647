using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Mdp;
using Ascent.Nn;
using Ascent.Numerics;

namespace Ascent.Policies;

/// <summary>
/// The tabular softmax policy π(a|s) = exp θ[s][a] / Σ_b exp θ[s][b] over a <c>Discrete(S)</c> observation:
/// one free preference per observation and action.
/// </summary>
/// <remarks>
/// <para><b>Score</b> (analytic, <see cref="AddScore"/>): ∂ log π(a|s) / ∂θ[s'][b] = 1[s = s'] (1[a = b] − π(b|s)) —
/// the softmax score φ(s,a) − E_π[φ(s,·)] of seed 000 with one-hot features.</para>
/// <para><b>Two paths.</b> <see cref="Forward"/> records the logits <c>onehot(s)·θ</c> on a tape (for pseudo-losses);
/// <see cref="Act"/>, <see cref="AddScore"/>, <see cref="LogProb"/> and <see cref="Probabilities"/> work on one row of θ in
/// double precision without allocating (the per-step learners). The scratch buffers make an instance single-threaded.</para>
/// </remarks>
public sealed class TabularSoftmaxPolicy : IScoreFunctionPolicy
{
    private readonly Discrete _observationSpace;
    private readonly Discrete _actionSpace;
    private readonly double[] _preferences;
    private readonly double[] _probabilities;

    /// <summary>Creates the policy with θ = 0 (uniform in every state).</summary>
    /// <param name="states">The number of observations S (at least 1).</param>
    /// <param name="actions">The number of actions A (at least 1).</param>
    /// <param name="name">Prefix of the parameter name (<c>{name}.theta</c>).</param>
    public TabularSoftmaxPolicy(int states, int actions, string name = "policy")
    {
        if (states < 1) throw new ArgumentOutOfRangeException(nameof(states), states, "TabularSoftmaxPolicy: states must be at least 1.");
        if (actions < 1) throw new ArgumentOutOfRangeException(nameof(actions), actions, "TabularSoftmaxPolicy: actions must be at least 1.");
        ArgumentException.ThrowIfNullOrEmpty(name);
        _observationSpace = new Discrete(states);
        _actionSpace = new Discrete(actions);
        Theta = new Parameter(name + ".theta", new Tensor(states, actions));
        Parameters = new ParameterSet([Theta]);
        _preferences = new double[actions];
        _probabilities = new double[actions];
    }

    /// <summary>Creates the policy with the given preferences θ[s][a].</summary>
    public TabularSoftmaxPolicy(double[,] theta, string name = "policy") : this(CheckRows(theta), theta.GetLength(1), name) => SetTheta(theta);

    /// <summary>θ as an <c>[S, A]</c> parameter.</summary>
    public Parameter Theta { get; }

    /// <summary>The number of observations S.</summary>
    public int States => _observationSpace.N;

    /// <summary>The number of actions A.</summary>
    public int Actions => _actionSpace.N;

    /// <inheritdoc />
    public Space ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public Space ActionSpace => _actionSpace;

    /// <inheritdoc />
    public ParameterSet Parameters { get; }

    /// <summary>Overwrites θ (S×A, finite values).</summary>
    public void SetTheta(double[,] theta)
    {
        ArgumentNullException.ThrowIfNull(theta);
        if (theta.GetLength(0) != States || theta.GetLength(1) != Actions)
            throw new ArgumentException($"TabularSoftmaxPolicy.SetTheta: theta is [{theta.GetLength(0)}][{theta.GetLength(1)}], the policy is [{States}][{Actions}].", nameof(theta));
        var values = Theta.Value.Span;
        for (int s = 0; s < States; s++)
            for (int a = 0; a < Actions; a++)
            {
                if (!double.IsFinite(theta[s, a])) throw new ArgumentException($"TabularSoftmaxPolicy.SetTheta: theta[{s}][{a}] = {theta[s, a]} is not finite.", nameof(theta));
                values[s * Actions + a] = (float)theta[s, a];
            }
    }

    /// <summary>θ as a fresh S×A array.</summary>
    public double[,] ThetaToArray()
    {
        var theta = new double[States, Actions];
        var values = Theta.Value.Span;
        for (int s = 0; s < States; s++)
            for (int a = 0; a < Actions; a++) theta[s, a] = values[s * Actions + a];
        return theta;
    }

    /// <summary>The policy as an explicit table π(a|s), for the exact oracle (<see cref="MdpOracle"/>).</summary>
    public PolicyTable ToTable()
    {
        var p = new double[States, Actions];
        for (int s = 0; s < States; s++)
        {
            Probabilities(s, _probabilities);
            for (int a = 0; a < Actions; a++) p[s, a] = _probabilities[a];
        }
        return new PolicyTable(p);
    }

    /// <summary>Writes π(·|s) in double precision into <paramref name="probabilities"/> (length A) and returns log Σ_b exp θ[s][b].</summary>
    public double Probabilities(int state, Span<double> probabilities)
    {
        if ((uint)state >= (uint)States) throw new ArgumentOutOfRangeException(nameof(state), state, $"TabularSoftmaxPolicy: the state must be in [0, {States}).");
        var row = Theta.Value.Span.Slice(state * Actions, Actions);
        for (int a = 0; a < Actions; a++) _preferences[a] = row[a];
        return SoftmaxRow.Softmax(_preferences, probabilities);
    }

    /// <inheritdoc />
    /// <remarks>Records <c>onehot(s) · θ</c> (a fresh one-hot input per call).</remarks>
    public ActionDistribution Forward(Tape tape, Var observations)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(observations);
        var obs = observations.Value;
        int batch = obs.Rank == 0 ? 1 : obs.Dim(0);
        if (obs.Size != batch) throw new ArgumentException($"TabularSoftmaxPolicy.Forward: observations must be [B] or [B, 1] state indices, got {obs.ShapeString}.", nameof(observations));
        var oneHot = new Tensor(batch, States);
        for (int r = 0; r < batch; r++) oneHot[r, SoftmaxRow.StateIndex(obs.Span.Slice(r, 1), States, "TabularSoftmaxPolicy.Forward")] = 1f;
        return ActionDistribution.FromLogits(tape.MatMul(tape.Input(oneHot), tape.Param(Theta)));
    }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Rng? rng)
    {
        PolicyChecks.ActBuffers("TabularSoftmaxPolicy.Act", observations.Length, batch, 1, actions.Length, 1, logProbs.Length);
        for (int r = 0; r < batch; r++)
        {
            int s = SoftmaxRow.StateIndex(observations.Slice(r, 1), States, "TabularSoftmaxPolicy.Act");
            Probabilities(s, _probabilities);
            int a = rng is null ? SoftmaxRow.ArgMax(_probabilities) : SoftmaxRow.Sample(_probabilities, rng);
            actions[r] = a;
            if (logProbs.Length > 0) logProbs[r] = (float)Math.Log(_probabilities[a]);
        }
    }

    /// <inheritdoc />
    /// <remarks>Adds <c>scale · (1[a = b] − π(b|s))</c> to <c>θ.Grad[s][b]</c> for every b.</remarks>
    public void AddScore(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float scale)
    {
        int s = SoftmaxRow.StateIndex(observation, States, "TabularSoftmaxPolicy.AddScore");
        int a = SoftmaxRow.ActionIndex(action, Actions, "TabularSoftmaxPolicy.AddScore");
        Probabilities(s, _probabilities);
        var grad = Theta.Grad.Span.Slice(s * Actions, Actions);
        for (int b = 0; b < Actions; b++) grad[b] -= (float)(scale * _probabilities[b]);
        grad[a] += scale;
    }

    /// <inheritdoc />
    public double LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action)
    {
        int s = SoftmaxRow.StateIndex(observation, States, "TabularSoftmaxPolicy.LogProb");
        int a = SoftmaxRow.ActionIndex(action, Actions, "TabularSoftmaxPolicy.LogProb");
        double logNormaliser = Probabilities(s, _probabilities);
        return Theta.Value.Span[s * Actions + a] - logNormaliser;
    }

    private static int CheckRows(double[,] theta)
    {
        ArgumentNullException.ThrowIfNull(theta);
        return theta.GetLength(0);
    }
}
