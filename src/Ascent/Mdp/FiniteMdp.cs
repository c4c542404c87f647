using System.Globalization;

namespace Ascent.Mdp;

/// <summary>
/// A finite Markov decision process: S states, A actions, transition probabilities P(s'|s,a), expected
/// rewards r(s,a), an initial distribution μ₀, a discount γ and optional absorbing terminal states.
/// </summary>
/// <remarks>
/// <para><b>Terminal states</b> are absorbing with value 0: reaching one ends the episode, and their
/// transition rows and rewards are ignored (not validated; stored as a self-loop with reward 0). The initial distribution must not put
/// mass on a terminal state, since an episode cannot start already finished.</para>
/// <para><b>Validation.</b> The constructor checks sizes, that every probability is finite and
/// non-negative, that every transition row of a non-terminal state and the initial distribution sum to 1
/// within <see cref="SumTolerance"/>, that rewards are finite and that γ ∈ [0, 1]. Error messages name
/// the field and row with the names of the JSON format (<c>transitions[s][a]</c>, <c>rewards[s][a]</c>, …).
/// Whether γ = 1 is allowed depends on the policy (it must terminate); <see cref="MdpOracle"/> checks that.</para>
/// <para>Everything is double precision: this type is the exact reference the sampled estimators are
/// checked against.</para>
/// </remarks>
public sealed class FiniteMdp
{
    /// <summary>How far from 1 a probability row may sum (1e-9).</summary>
    public const double SumTolerance = 1e-9;

    private readonly double[] _transitions; // [(s·A + a)·S + s']
    private readonly double[] _rewards;     // [s·A + a]
    private readonly double[] _initial;
    private readonly bool[] _terminal;
    private readonly string[] _stateNames;
    private readonly string[] _actionNames;

    /// <summary>Creates and validates a finite MDP.</summary>
    /// <param name="gamma">Discount γ ∈ [0, 1].</param>
    /// <param name="initial">Initial distribution μ₀ over the S states.</param>
    /// <param name="transitions">P(s'|s,a) as an S×A×S array.</param>
    /// <param name="rewards">Expected reward r(s,a) as an S×A array.</param>
    /// <param name="terminal">Which states are terminal (absorbing, value 0); none when null.</param>
    /// <param name="stateNames">Optional display names of the states (default <c>0 … S−1</c>).</param>
    /// <param name="actionNames">Optional display names of the actions (default <c>0 … A−1</c>).</param>
    /// <exception cref="ArgumentException">A size, probability, reward or γ is invalid; the message names the field and row.</exception>
    public FiniteMdp(double gamma, double[] initial, double[,,] transitions, double[,] rewards, bool[]? terminal = null,
        string[]? stateNames = null, string[]? actionNames = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(rewards);
        int states = initial.Length, actions = transitions.GetLength(1);
        if (states == 0) throw new ArgumentException("initial: an MDP needs at least one state.");
        if (actions == 0) throw new ArgumentException("transitions: an MDP needs at least one action.");
        if (transitions.GetLength(0) != states || transitions.GetLength(2) != states)
            throw new ArgumentException($"transitions: shape [{transitions.GetLength(0)}][{actions}][{transitions.GetLength(2)}] does not match {states} states (the length of initial); expected [{states}][A][{states}].");
        if (rewards.GetLength(0) != states || rewards.GetLength(1) != actions)
            throw new ArgumentException($"rewards: shape [{rewards.GetLength(0)}][{rewards.GetLength(1)}], expected [{states}][{actions}] (states × actions).");
        if (terminal is not null && terminal.Length != states)
            throw new ArgumentException($"terminal: {terminal.Length} entries, expected {states} (one per state).");

        StateCount = states;
        ActionCount = actions;
        Gamma = gamma;
        _initial = (double[])initial.Clone();
        _terminal = terminal is null ? new bool[states] : (bool[])terminal.Clone();
        _transitions = new double[states * actions * states];
        _rewards = new double[states * actions];
        for (int s = 0; s < states; s++)
            for (int a = 0; a < actions; a++)
            {
                if (_terminal[s])
                {
                    // Ignored as given: a terminal state is stored as an absorbing self-loop with reward 0.
                    _transitions[(s * actions + a) * states + s] = 1;
                    continue;
                }
                _rewards[s * actions + a] = rewards[s, a];
                for (int next = 0; next < states; next++) _transitions[(s * actions + a) * states + next] = transitions[s, a, next];
            }
        _stateNames = CheckNames(stateNames, states, nameof(stateNames));
        _actionNames = CheckNames(actionNames, actions, nameof(actionNames));
        Validate();
    }

    /// <summary>The number of states S (terminal ones included).</summary>
    public int StateCount { get; }

    /// <summary>The number of actions A (every action is available in every state).</summary>
    public int ActionCount { get; }

    /// <summary>The discount γ ∈ [0, 1].</summary>
    public double Gamma { get; }

    /// <summary>P(s'|s,a): the probability of moving to <paramref name="next"/> after action <paramref name="action"/> in <paramref name="state"/>.</summary>
    public double Transition(int state, int action, int next) => _transitions[(state * ActionCount + action) * StateCount + next];

    /// <summary>The distribution P(·|s,a) over next states (length S).</summary>
    public ReadOnlySpan<double> TransitionRow(int state, int action) =>
        _transitions.AsSpan((state * ActionCount + action) * StateCount, StateCount);

    /// <summary>r(s,a): the expected reward of taking <paramref name="action"/> in <paramref name="state"/>.</summary>
    public double Reward(int state, int action) => _rewards[state * ActionCount + action];

    /// <summary>The initial distribution μ₀ (length S).</summary>
    public ReadOnlySpan<double> Initial => _initial;

    /// <summary>Whether <paramref name="state"/> is terminal (absorbing, value 0).</summary>
    public bool IsTerminal(int state) => _terminal[state];

    /// <summary>Whether any state is terminal.</summary>
    public bool HasTerminalStates => Array.IndexOf(_terminal, true) >= 0;

    /// <summary>The display name of a state.</summary>
    public string StateName(int state) => _stateNames[state];

    /// <summary>The display name of an action.</summary>
    public string ActionName(int action) => _actionNames[action];

    /// <summary>The transitions as a fresh S×A×S array.</summary>
    public double[,,] TransitionsToArray()
    {
        var p = new double[StateCount, ActionCount, StateCount];
        for (int s = 0; s < StateCount; s++)
            for (int a = 0; a < ActionCount; a++)
                for (int next = 0; next < StateCount; next++) p[s, a, next] = Transition(s, a, next);
        return p;
    }

    /// <summary>The expected rewards as a fresh S×A array.</summary>
    public double[,] RewardsToArray()
    {
        var r = new double[StateCount, ActionCount];
        for (int s = 0; s < StateCount; s++)
            for (int a = 0; a < ActionCount; a++) r[s, a] = Reward(s, a);
        return r;
    }

    /// <summary>The terminal flags as a fresh array.</summary>
    public bool[] TerminalToArray() => (bool[])_terminal.Clone();

    /// <summary>The same MDP with another discount (the names and everything else kept).</summary>
    public FiniteMdp WithGamma(double gamma) =>
        new(gamma, _initial, TransitionsToArray(), RewardsToArray(), _terminal, _stateNames, _actionNames);

    /// <inheritdoc />
    public override string ToString() =>
        $"FiniteMdp({StateCount} states, {ActionCount} actions, gamma={Gamma.ToString("R", CultureInfo.InvariantCulture)}, {_terminal.Count(t => t)} terminal)";

    private void Validate()
    {
        if (!(Gamma >= 0 && Gamma <= 1))
            throw new ArgumentException($"gamma: {Format(Gamma)} is outside the allowed range [0, 1].");

        CheckDistribution(_initial, "initial");
        for (int s = 0; s < StateCount; s++)
            if (_terminal[s] && _initial[s] > 0)
                throw new ArgumentException($"initial[{s}] = {Format(_initial[s])} puts mass on terminal state {s}; an episode cannot start in a terminal state.");

        for (int s = 0; s < StateCount; s++)
        {
            if (_terminal[s]) continue; // ignored: terminal states are absorbing with value 0
            for (int a = 0; a < ActionCount; a++)
            {
                CheckDistribution(TransitionRow(s, a), $"transitions[{s}][{a}]");
                double r = Reward(s, a);
                if (!double.IsFinite(r)) throw new ArgumentException($"rewards[{s}][{a}] = {Format(r)} is not a finite number.");
            }
        }
    }

    /// <summary>Checks that <paramref name="p"/> is a probability distribution; the message names <paramref name="field"/>.</summary>
    internal static void CheckDistribution(ReadOnlySpan<double> p, string field)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (!double.IsFinite(p[i])) throw new ArgumentException($"{field}[{i}] = {Format(p[i])} is not a finite number.");
            if (p[i] < 0) throw new ArgumentException($"{field}[{i}] = {Format(p[i])} is a negative probability.");
            sum += p[i];
        }
        if (Math.Abs(sum - 1) > SumTolerance)
            throw new ArgumentException($"{field} sums to {sum.ToString("G12", CultureInfo.InvariantCulture)}; a probability row must sum to 1 within {SumTolerance:0e0}.");
    }

    private static string[] CheckNames(string[]? names, int count, string parameter)
    {
        if (names is null) return Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (names.Length != count) throw new ArgumentException($"{parameter}: {names.Length} names, expected {count}.");
        return (string[])names.Clone();
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
