using Ascent.Environments.Spaces;
using Ascent.Mdp;

namespace Ascent.Environments.Lectures;

/// <summary>
/// The short corridor with switched actions (Sutton &amp; Barto 2018, Example 13.1): three non-terminal states
/// in a row and the goal on the right; the start is the leftmost state and every step costs −1.
/// </summary>
/// <remarks>
/// <code>
///   [S0] ⇄ [S1] ⇄ [S2] → [G]      S0: left stays in S0     S1: the actions are swapped
/// </code>
/// <para><b>Actions:</b> 0 = right, 1 = left (the order of the book's features x(s,right) = [1,0], x(s,left) = [0,1]).
/// In S0, left does not move; in S1, right moves left and left moves right; in S2, right reaches the goal.</para>
/// <para><b>Observation:</b> every state looks the same to the agent, so the observation is the constant 0 of
/// <c>Discrete(1)</c>. A tabular softmax over this single observation, θ = [h(right), h(left)], is exactly the
/// book's linear softmax over x(s,a), and the policy is one probability p of choosing right. The true position
/// is <see cref="State"/> (0–2, 3 = goal).</para>
/// <para><b>Exact values</b> (γ = 1): v(S0) as a function of p peaks at p* = 2 − √2 ≈ 0.5858 with
/// v*(S0) = −(6 + 4√2) ≈ −11.6569; the ε-greedy policies (ε = 0.1) give −44.2105 (p = 0.95) and
/// −82.1053 (p = 0.05).</para>
/// </remarks>
public sealed class ShortCorridor : FiniteModelEnv
{
    /// <summary>The registry id.</summary>
    public const string Id = "ShortCorridor-v0";

    /// <summary>Action 0: move right (except in S1, where it moves left).</summary>
    public const int Right = 0;

    /// <summary>Action 1: move left (except in S1, where it moves right).</summary>
    public const int Left = 1;

    /// <summary>The index of the goal state.</summary>
    public const int Goal = 3;

    /// <summary>The best probability of choosing right, p* = 2 − √2.</summary>
    public static readonly double OptimalProbabilityOfRight = 2 - Math.Sqrt(2);

    /// <summary>The value of the start state under p*, v*(S0) = −(6 + 4√2).</summary>
    public static readonly double OptimalStartValue = -(6 + 4 * Math.Sqrt(2));

    private static readonly Lazy<FiniteMdp> ExactModel = new(CreateModel);
    private static readonly ObservationMap AllStatesAlike = new([0, 0, 0, 0], 1, ["corridor"]);
    private static readonly Discrete OneObservation = new(1);
    private static readonly Discrete TwoActions = new(2);

    private int _position;

    /// <summary>The book's features x(s,right) = [1,0] and x(s,left) = [0,1], the same in every state.</summary>
    public static FeatureMap Features { get; } = FeatureMap.StateIndependent(4, [[1, 0], [0, 1]]);

    /// <summary>The policy that chooses right with probability <paramref name="probabilityOfRight"/> in every state.</summary>
    public static PolicyTable PolicyOfProbability(double probabilityOfRight) =>
        AllStatesAlike.Lift(new double[,] { { probabilityOfRight, 1 - probabilityOfRight } });

    /// <inheritdoc />
    public override Space ObservationSpace => OneObservation;

    /// <inheritdoc />
    public override Space ActionSpace => TwoActions;

    /// <inheritdoc />
    public override FiniteMdp Model => ExactModel.Value;

    /// <inheritdoc />
    public override ObservationMap Observations => AllStatesAlike;

    /// <inheritdoc />
    public override int State
    {
        get => _position;
        set { CheckState(value); _position = value; }
    }

    /// <inheritdoc />
    protected override bool InTerminalState => _position == Goal;

    /// <inheritdoc />
    protected override void StartEpisode() => _position = 0;

    /// <inheritdoc />
    protected override double Move(int action)
    {
        _position = NextPosition(_position, action);
        return -1.0;
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation) => observation[0] = 0f;

    /// <summary>The deterministic move: left in S0 stays, the actions are swapped in S1.</summary>
    private static int NextPosition(int position, int action)
    {
        bool movesRight = position == 1 ? action == Left : action == Right;
        return movesRight ? position + 1 : Math.Max(position - 1, 0);
    }

    private static FiniteMdp CreateModel()
    {
        var p = new double[4, 2, 4];
        var r = new double[4, 2];
        for (int s = 0; s < Goal; s++)
            for (int a = 0; a < 2; a++)
            {
                p[s, a, NextPosition(s, a)] = 1;
                r[s, a] = -1;
            }
        return new FiniteMdp(1.0, [1, 0, 0, 0], p, r, [false, false, false, true],
            ["S0", "S1 (switched)", "S2", "G"], ["right", "left"]);
    }
}
