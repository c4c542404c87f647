using System.Globalization;

namespace Ascent.Mdp;

/// <summary>
/// An explicit stochastic policy of a finite MDP: the table π(a|s) of action probabilities, one row per state.
/// </summary>
/// <remarks>
/// Every policy the oracle evaluates is first turned into such a table: softmax policies
/// (<see cref="TabularSoftmax"/>, <see cref="LinearSoftmax"/>), deterministic and ε-greedy policies,
/// policies over aliased observations (<see cref="ObservationMap.Lift"/>) and the mixtures
/// (1 − α)·π + α·π' of conservative policy iteration (<see cref="Mixture"/>). Rows of terminal states are
/// never used but must still be distributions.
/// </remarks>
public sealed class PolicyTable
{
    private readonly double[,] _p;

    /// <summary>Creates a policy from an S×A table; every row must be a probability distribution (sum 1 within 1e-9).</summary>
    /// <exception cref="ArgumentException">A row has a negative or non-finite entry or does not sum to 1.</exception>
    public PolicyTable(double[,] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.GetLength(0) == 0 || probabilities.GetLength(1) == 0)
            throw new ArgumentException($"policy: the table is [{probabilities.GetLength(0)}][{probabilities.GetLength(1)}]; it needs at least one state and one action.");
        _p = (double[,])probabilities.Clone();
        var buffer = new double[ActionCount];
        for (int s = 0; s < StateCount; s++)
        {
            for (int a = 0; a < ActionCount; a++) buffer[a] = _p[s, a];
            FiniteMdp.CheckDistribution(buffer, $"policy[{s}]");
        }
    }

    /// <summary>The number of states.</summary>
    public int StateCount => _p.GetLength(0);

    /// <summary>The number of actions.</summary>
    public int ActionCount => _p.GetLength(1);

    /// <summary>π(a|s).</summary>
    public double this[int state, int action] => _p[state, action];

    /// <summary>The table as a fresh S×A array.</summary>
    public double[,] ToArray() => (double[,])_p.Clone();

    /// <summary>The uniform policy: π(a|s) = 1/A everywhere.</summary>
    public static PolicyTable Uniform(int states, int actions)
    {
        CheckCounts(states, actions);
        var p = new double[states, actions];
        for (int s = 0; s < states; s++)
            for (int a = 0; a < actions; a++) p[s, a] = 1.0 / actions;
        return new PolicyTable(p);
    }

    /// <summary>The deterministic policy that takes <c>actionOfState[s]</c> in state s.</summary>
    public static PolicyTable Deterministic(int[] actionOfState, int actions) => EpsilonGreedy(actionOfState, actions, 0.0);

    /// <summary>
    /// The ε-greedy policy around <paramref name="greedyAction"/>: with probability ε a uniformly random action,
    /// otherwise the greedy one, so the greedy action has probability 1 − ε + ε/A.
    /// </summary>
    public static PolicyTable EpsilonGreedy(int[] greedyAction, int actions, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(greedyAction);
        CheckCounts(greedyAction.Length, actions);
        if (!(epsilon >= 0 && epsilon <= 1))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "PolicyTable.EpsilonGreedy: epsilon must be in [0, 1].");
        var p = new double[greedyAction.Length, actions];
        for (int s = 0; s < greedyAction.Length; s++)
        {
            int g = greedyAction[s];
            if (g < 0 || g >= actions)
                throw new ArgumentOutOfRangeException(nameof(greedyAction), $"PolicyTable: action {g} of state {s} is outside [0, {actions}).");
            for (int a = 0; a < actions; a++) p[s, a] = epsilon / actions;
            p[s, g] += 1 - epsilon;
        }
        return new PolicyTable(p);
    }

    /// <summary>
    /// The state-wise mixture (1 − α)·<paramref name="pi"/> + α·<paramref name="other"/>, as used by conservative
    /// policy iteration: in every state, follow <paramref name="other"/> with probability α.
    /// </summary>
    public static PolicyTable Mixture(PolicyTable pi, PolicyTable other, double alpha)
    {
        ArgumentNullException.ThrowIfNull(pi);
        ArgumentNullException.ThrowIfNull(other);
        if (pi.StateCount != other.StateCount || pi.ActionCount != other.ActionCount)
            throw new ArgumentException($"PolicyTable.Mixture: tables [{pi.StateCount}][{pi.ActionCount}] and [{other.StateCount}][{other.ActionCount}] differ in shape.");
        if (!(alpha >= 0 && alpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "PolicyTable.Mixture: alpha must be in [0, 1].");
        var p = new double[pi.StateCount, pi.ActionCount];
        for (int s = 0; s < pi.StateCount; s++)
            for (int a = 0; a < pi.ActionCount; a++) p[s, a] = (1 - alpha) * pi[s, a] + alpha * other[s, a];
        return new PolicyTable(p);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", Enumerable.Range(0, StateCount).Select(s =>
        string.Join(" ", Enumerable.Range(0, ActionCount).Select(a => _p[s, a].ToString("0.####", CultureInfo.InvariantCulture)))));

    private static void CheckCounts(int states, int actions)
    {
        if (states <= 0) throw new ArgumentOutOfRangeException(nameof(states), states, "PolicyTable: the number of states must be positive.");
        if (actions <= 0) throw new ArgumentOutOfRangeException(nameof(actions), actions, "PolicyTable: the number of actions must be positive.");
    }
}
