using MathNet.Numerics.LinearAlgebra;

namespace Ascent.Mdp;

/// <summary>
/// Exact policy evaluation of a finite MDP by linear solves in double precision: V^π, Q^π, A^π, the discounted
/// state visitation d^π, J = μ₀ᵀV^π and (through <see cref="PolicyEvaluation"/>) the exact policy gradient.
/// </summary>
/// <remarks>
/// <para>With P_π(s'|s) = Σ_a π(a|s) P(s'|s,a) and r_π(s) = Σ_a π(a|s) r(s,a) restricted to the non-terminal
/// states (terminal states have value 0 and end the episode):</para>
/// <list type="bullet">
/// <item>V = (I − γP_π)⁻¹ r_π — the Bellman equation V = r_π + γP_πV solved exactly;</item>
/// <item>Q(s,a) = r(s,a) + γ Σ_s' P(s'|s,a) V(s'), and A = Q − V;</item>
/// <item>d = (I − γP_π)⁻ᵀ μ₀, i.e. d(s) = Σ_t γᵗ P(s_t = s): the unnormalised discounted visitation;</item>
/// <item>J = μ₀ᵀV = dᵀr_π.</item>
/// </list>
/// <para><b>γ = 1</b> is allowed when the policy terminates: every state reachable from μ₀ under π must reach a
/// terminal state with probability 1. Otherwise I − γP_π is singular on a closed class of non-terminal
/// states and the return is infinite or undefined; <see cref="Evaluate"/> then throws, naming the state.
/// States from which π never terminates but that μ₀ never reaches get V = NaN (undefined) and d = 0.</para>
/// </remarks>
public static class MdpOracle
{
    /// <summary>Evaluates the explicit stochastic policy <paramref name="policy"/> exactly.</summary>
    /// <exception cref="ArgumentException">The shapes differ, or γ = 1 and the policy does not terminate from a state reachable from μ₀.</exception>
    public static PolicyEvaluation Evaluate(FiniteMdp mdp, PolicyTable policy)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.StateCount != mdp.StateCount || policy.ActionCount != mdp.ActionCount)
            throw new ArgumentException($"policy: the table is [{policy.StateCount}][{policy.ActionCount}], the MDP has {mdp.StateCount} states and {mdp.ActionCount} actions.");

        int n = mdp.StateCount;
        double gamma = mdp.Gamma;
        var (transition, expectedReward) = PolicyDynamics(mdp, policy);

        // The states whose values the linear system determines: every non-terminal state when γ < 1;
        // when γ = 1, those from which π terminates with probability 1 (the others must be unreachable).
        bool[] solvable = new bool[n];
        for (int s = 0; s < n; s++) solvable[s] = !mdp.IsTerminal(s);
        if (gamma == 1.0)
        {
            bool[] neverTerminates = StatesThatMayNeverTerminate(mdp, transition);
            bool[] reachable = ReachableStates(mdp, transition);
            for (int s = 0; s < n; s++)
            {
                if (neverTerminates[s] && reachable[s])
                    throw new ArgumentException(
                        $"gamma = 1 but the policy never terminates from state {s}{(mdp.StateName(s) == s.ToString(System.Globalization.CultureInfo.InvariantCulture) ? "" : $" ({mdp.StateName(s)})")}, which is reachable from the initial distribution: " +
                        "with probability > 0 the episode stays forever among non-terminal states, so the return is infinite or undefined. " +
                        "Use gamma < 1, add terminal states, or use a policy that reaches them.");
                if (neverTerminates[s]) solvable[s] = false;
            }
        }
        int[] index = Enumerable.Range(0, n).Where(s => solvable[s]).ToArray();

        // (I − γP_π) on the solvable states. Transitions into terminal states drop out (their value is 0);
        // solvable states cannot move to unsolvable non-terminal ones.
        int m = index.Length;
        var system = Matrix<double>.Build.Dense(m, m);
        var reward = Vector<double>.Build.Dense(m);
        var start = Vector<double>.Build.Dense(m);
        for (int i = 0; i < m; i++)
        {
            int s = index[i];
            reward[i] = expectedReward[s];
            start[i] = mdp.Initial[s];
            for (int j = 0; j < m; j++) system[i, j] = (i == j ? 1.0 : 0.0) - gamma * transition[s, index[j]];
        }

        double[] v = new double[n];
        double[] d = new double[n];
        for (int s = 0; s < n; s++) if (!mdp.IsTerminal(s) && !solvable[s]) v[s] = double.NaN;
        if (m > 0)
        {
            var vSolved = system.LU().Solve(reward);               // V = (I − γP_π)⁻¹ r_π
            var dSolved = system.Transpose().LU().Solve(start);    // d = (I − γP_π)⁻ᵀ μ₀
            for (int i = 0; i < m; i++) { v[index[i]] = vSolved[i]; d[index[i]] = dSolved[i]; }
        }

        var q = ActionValues(mdp, v);
        var advantage = new double[n, mdp.ActionCount];
        for (int s = 0; s < n; s++)
            for (int a = 0; a < mdp.ActionCount; a++) advantage[s, a] = q[s, a] - v[s];

        double objective = 0;
        for (int s = 0; s < n; s++) if (mdp.Initial[s] > 0) objective += mdp.Initial[s] * v[s]; // J = μ₀ᵀV

        return new PolicyEvaluation(mdp, policy, objective, v, q, advantage, d, transition, expectedReward);
    }

    /// <summary>Evaluates the tabular softmax policy π(a|s) ∝ exp θ[s][a].</summary>
    public static PolicyEvaluation EvaluateTabularSoftmax(FiniteMdp mdp, double[,] theta)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(theta);
        if (theta.GetLength(0) != mdp.StateCount || theta.GetLength(1) != mdp.ActionCount)
            throw new ArgumentException($"theta: shape [{theta.GetLength(0)}][{theta.GetLength(1)}], expected [{mdp.StateCount}][{mdp.ActionCount}] (states × actions).");
        return Evaluate(mdp, TabularSoftmax.Policy(theta));
    }

    /// <summary>Evaluates the linear softmax policy π(a|s) ∝ exp(θᵀφ(s,a)).</summary>
    public static PolicyEvaluation EvaluateLinearSoftmax(FiniteMdp mdp, FeatureMap features, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(features);
        if (features.StateCount != mdp.StateCount || features.ActionCount != mdp.ActionCount)
            throw new ArgumentException($"features: defined for {features.StateCount} states and {features.ActionCount} actions, the MDP has {mdp.StateCount} and {mdp.ActionCount}.");
        return Evaluate(mdp, LinearSoftmax.Policy(features, theta));
    }

    /// <summary>
    /// P_π(s'|s) = Σ_a π(a|s) P(s'|s,a) and r_π(s) = Σ_a π(a|s) r(s,a); terminal states are absorbing with reward 0.
    /// </summary>
    public static (double[,] Transition, double[] ExpectedReward) PolicyDynamics(FiniteMdp mdp, PolicyTable policy)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(policy);
        int n = mdp.StateCount;
        var transition = new double[n, n];
        var reward = new double[n];
        for (int s = 0; s < n; s++)
        {
            if (mdp.IsTerminal(s)) { transition[s, s] = 1; continue; }
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                double pa = policy[s, a];
                if (pa == 0) continue;
                reward[s] += pa * mdp.Reward(s, a);
                var row = mdp.TransitionRow(s, a);
                for (int next = 0; next < n; next++) transition[s, next] += pa * row[next];
            }
        }
        return (transition, reward);
    }

    /// <summary>Q(s,a) = r(s,a) + γ Σ_s' P(s'|s,a) V(s') for non-terminal s (0 for terminal s).</summary>
    private static double[,] ActionValues(FiniteMdp mdp, double[] v)
    {
        var q = new double[mdp.StateCount, mdp.ActionCount];
        for (int s = 0; s < mdp.StateCount; s++)
        {
            if (mdp.IsTerminal(s)) continue;
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                double expectedNext = 0;
                var row = mdp.TransitionRow(s, a);
                for (int next = 0; next < mdp.StateCount; next++)
                    if (row[next] > 0) expectedNext += row[next] * v[next]; // skip zeros: an unreachable undefined V stays out
                q[s, a] = mdp.Reward(s, a) + mdp.Gamma * expectedNext;
            }
        }
        return q;
    }

    /// <summary>
    /// The non-terminal states from which, under P_π, the episode may last forever: those that can reach a state
    /// that cannot reach any terminal state. (From every other state termination has probability 1.)
    /// </summary>
    private static bool[] StatesThatMayNeverTerminate(FiniteMdp mdp, double[,] transition)
    {
        int n = mdp.StateCount;
        bool[] canTerminate = new bool[n];
        for (int s = 0; s < n; s++) canTerminate[s] = mdp.IsTerminal(s);
        BackwardClosure(transition, canTerminate);

        bool[] mayNeverTerminate = new bool[n];
        for (int s = 0; s < n; s++) mayNeverTerminate[s] = !canTerminate[s];
        BackwardClosure(transition, mayNeverTerminate);
        return mayNeverTerminate;
    }

    /// <summary>Adds to <paramref name="set"/> every state with a positive-probability path into it.</summary>
    private static void BackwardClosure(double[,] transition, bool[] set)
    {
        int n = set.Length;
        var frontier = new Stack<int>();
        for (int s = 0; s < n; s++) if (set[s]) frontier.Push(s);
        while (frontier.Count > 0)
        {
            int next = frontier.Pop();
            for (int s = 0; s < n; s++)
                if (!set[s] && transition[s, next] > 0) { set[s] = true; frontier.Push(s); }
        }
    }

    /// <summary>The states reachable with positive probability from the support of μ₀.</summary>
    private static bool[] ReachableStates(FiniteMdp mdp, double[,] transition)
    {
        int n = mdp.StateCount;
        bool[] reached = new bool[n];
        var frontier = new Stack<int>();
        for (int s = 0; s < n; s++) if (mdp.Initial[s] > 0) { reached[s] = true; frontier.Push(s); }
        while (frontier.Count > 0)
        {
            int s = frontier.Pop();
            for (int next = 0; next < n; next++)
                if (!reached[next] && transition[s, next] > 0) { reached[next] = true; frontier.Push(next); }
        }
        return reached;
    }
}
