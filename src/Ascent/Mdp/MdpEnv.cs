using Ascent.Environments;
using Ascent.Environments.Spaces;

namespace Ascent.Mdp;

/// <summary>
/// Samples any <see cref="FiniteMdp"/> as an environment: the observation is the state index (<c>Discrete(S)</c>),
/// the reward of (s, a) is r(s,a), the next state is drawn from P(·|s,a), and reaching a terminal state ends the episode.
/// </summary>
/// <remarks>
/// <para><b>Discount as termination.</b> With γ &lt; 1 and <see cref="DiscountAsTermination"/> (the default), every
/// step additionally ends the episode with probability 1 − γ (after its reward is received). Then
/// P(step t is reached) carries the factor γᵗ, so the <i>undiscounted</i> return of a sampled episode is an unbiased
/// sample of the discounted objective J = E[Σ_t γᵗ r_t], for every policy: the sampled process is an undiscounted
/// (γ = 1) episodic MDP with the same J(θ) and the same ∇J(θ). Score-function estimators therefore run on these
/// episodes with γ = 1 (no γᵗ factor, no truncation bias), and episodes end even in MDPs without terminal states.
/// Without it, episodes end only in terminal states (γ must then be applied by the estimator).</para>
/// <para>Seeding as every <see cref="Env"/>: <c>Reset(seed)</c> re-creates <see cref="Env.NpRandom"/>, which draws the
/// initial state, the transitions and the discount terminations.</para>
/// </remarks>
public sealed class MdpEnv : Env
{
    private readonly Discrete _observationSpace;
    private readonly Discrete _actionSpace;
    private readonly int[][] _next;            // per (s·A + a): next states with positive probability
    private readonly double[][] _cumulative;   // their cumulative probabilities
    private readonly double[] _initialCumulative;
    private int _state;

    /// <summary>Creates the environment.</summary>
    /// <param name="mdp">The model.</param>
    /// <param name="discountAsTermination">End each step with probability 1 − γ (see remarks).</param>
    public MdpEnv(FiniteMdp mdp, bool discountAsTermination = true)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        Mdp = mdp;
        DiscountAsTermination = discountAsTermination;
        _observationSpace = new Discrete(mdp.StateCount);
        _actionSpace = new Discrete(mdp.ActionCount);
        int pairs = mdp.StateCount * mdp.ActionCount;
        _next = new int[pairs][];
        _cumulative = new double[pairs][];
        for (int s = 0; s < mdp.StateCount; s++)
            for (int a = 0; a < mdp.ActionCount; a++)
                (_next[s * mdp.ActionCount + a], _cumulative[s * mdp.ActionCount + a]) = Support(mdp.TransitionRow(s, a));
        _initialCumulative = new double[mdp.StateCount];
        double sum = 0;
        for (int s = 0; s < mdp.StateCount; s++) _initialCumulative[s] = sum += mdp.Initial[s];
    }

    /// <summary>The model being sampled.</summary>
    public FiniteMdp Mdp { get; }

    /// <summary>Whether each step ends the episode with probability 1 − γ.</summary>
    public bool DiscountAsTermination { get; }

    /// <summary>The current state index.</summary>
    public int State => _state;

    /// <inheritdoc />
    public override Space ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public override Space ActionSpace => _actionSpace;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        _state = Draw(_initialCumulative, null, NpRandom.NextDouble());
        observation[0] = _state;
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!_actionSpace.Contains(action))
            throw new ArgumentException($"{Name}: action [{string.Join(", ", action.ToArray())}] is not in the action space {_actionSpace}.", nameof(action));
        if (Mdp.IsTerminal(_state)) { observation[0] = _state; return (0, true, false); } // absorbing
        int a = (int)action[0], pair = _state * Mdp.ActionCount + a;
        double reward = Mdp.Reward(_state, a);
        _state = Draw(_cumulative[pair], _next[pair], NpRandom.NextDouble());
        observation[0] = _state;
        bool terminated = Mdp.IsTerminal(_state);
        if (!terminated && DiscountAsTermination && Mdp.Gamma < 1 && NpRandom.NextDouble() >= Mdp.Gamma) terminated = true;
        return (reward, terminated, false);
    }

    /// <summary>Inverts a cumulative distribution (the last entry with mass absorbs rounding).</summary>
    private static int Draw(double[] cumulative, int[]? states, double u)
    {
        double total = cumulative[^1];
        u *= total;
        for (int i = 0; i < cumulative.Length; i++)
            if (u < cumulative[i]) return states is null ? i : states[i];
        int last = cumulative.Length - 1;
        if (states is null) while (last > 0 && cumulative[last] == cumulative[last - 1]) last--;
        return states is null ? last : states[last];
    }

    private static (int[] States, double[] Cumulative) Support(ReadOnlySpan<double> row)
    {
        var states = new List<int>();
        var cumulative = new List<double>();
        double sum = 0;
        for (int next = 0; next < row.Length; next++)
        {
            if (row[next] <= 0) continue;
            states.Add(next);
            cumulative.Add(sum += row[next]);
        }
        return ([.. states], [.. cumulative]);
    }
}
