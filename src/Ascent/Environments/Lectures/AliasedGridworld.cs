using Ascent.Environments.Spaces;
using Ascent.Mdp;

namespace Ascent.Environments.Lectures;

/// <summary>
/// The aliased gridworld of the lectures (David Silver's example, seed 000): a corridor whose two grey cells have
/// the same walls, so an agent that sees only the walls cannot tell them apart.
/// </summary>
/// <remarks>
/// <code>
///   ┌────┬────┬────┬────┬────┐
///   │ 0  │ 1▒ │ 2  │ 3▒ │ 4  │     ▒ = grey (walls N and S): aliased
///   ├────┼────┴────┴────┼────┤
///   │ 5☠ │    │ 6$ │    │ 7☠ │     5, 7: skulls (−1), 6: money (+1); all three terminal
///   └────┘    └────┘    └────┘
/// </code>
/// <para><b>Actions:</b> 0 = N, 1 = E, 2 = S, 3 = W; moving into a wall stays put. <b>Rewards:</b> +1 for
/// entering the money, −1 for entering a skull, 0 otherwise; γ = 0.9 (a stuck policy then has a finite
/// value). <b>Start:</b> uniform over the five corridor cells.</para>
/// <para><b>Observation:</b> the four wall bits [N, E, S, W] as <c>MultiBinary(4)</c>. Cells 1 and 3 both show
/// [1, 0, 1, 0]. The lecture's features are φ(s,a) = (wall to the d) ∧ (a = move d'), the 16 products of a wall
/// bit and an action indicator (<see cref="Features"/>, index 4·wall + action).</para>
/// <para><b>Exact values</b> (<see cref="BestDeterministicPolicy"/>, <see cref="EpsilonGreedyPolicy"/>,
/// <see cref="OptimalStochasticPolicy"/>, docs/mdp.md): a deterministic policy must move the same way in both
/// grey cells, so from one side it never reaches the money; the optimal stochastic policy moves E or W with
/// probability ½ in the grey cells and is better than every deterministic or ε-greedy policy.</para>
/// </remarks>
public sealed class AliasedGridworld : FiniteModelEnv
{
    /// <summary>The registry id.</summary>
    public const string Id = "AliasedGridworld-v0";

    /// <summary>Action 0: move north.</summary>
    public const int North = 0;

    /// <summary>Action 1: move east.</summary>
    public const int East = 1;

    /// <summary>Action 2: move south.</summary>
    public const int South = 2;

    /// <summary>Action 3: move west.</summary>
    public const int West = 3;

    /// <summary>The discount of the model.</summary>
    public const double Discount = 0.9;

    /// <summary>The observation index (<see cref="Observations"/>) of the two grey cells.</summary>
    public const int GreyObservation = 1;

    private const int Skull = -1, Money = +1;

    /// <summary>The cell reached from each cell by N, E, S, W; a wall keeps the agent in place.</summary>
    private static readonly int[][] NextCell =
    [
        //  N  E  S  W
        [0, 1, 5, 0], // 0: corner
        [1, 2, 1, 0], // 1: grey
        [2, 3, 6, 1], // 2: above the money
        [3, 4, 3, 2], // 3: grey
        [4, 4, 7, 3], // 4: corner
        [0, 5, 5, 5], // 5: skull
        [2, 6, 6, 6], // 6: money
        [4, 7, 7, 7], // 7: skull
    ];

    /// <summary>The reward for entering each cell.</summary>
    private static readonly int[] EntryReward = [0, 0, 0, 0, 0, Skull, Money, Skull];

    private const int CorridorCells = 5, Cells = 8;

    private static readonly Lazy<FiniteMdp> ExactModel = new(CreateModel);
    private static readonly MultiBinary WallBits = new(4);
    private static readonly Discrete FourActions = new(4);

    private int _cell;

    /// <summary>
    /// The distinct wall patterns as observation indices: 0 = walls N+W (cell 0), 1 = N+S (grey cells 1 and 3),
    /// 2 = N (cell 2), 3 = N+E (cell 4), 4 = E+S+W (the terminal cells).
    /// </summary>
    public static ObservationMap WallObservations { get; } =
        new([0, 1, 2, 1, 3, 4, 4, 4], 5, ["walls N+W", "walls N+S (grey)", "wall N", "walls N+E", "walls E+S+W (end)"]);

    /// <summary>φ(s,a)[4·d + a'] = (wall to direction d in s) · (a = a'): wall features × action, 16 per pair.</summary>
    public static FeatureMap Features { get; } = new(Cells, 4, 16, (s, a, phi) =>
    {
        for (int d = 0; d < 4; d++) phi[4 * d + a] = IsWall(s, d) ? 1 : 0;
    });

    /// <summary>The optimal stochastic policy: E in cell 0, S in cell 2, W in cell 4, and E or W with ½ each in the grey cells.</summary>
    public static PolicyTable OptimalStochasticPolicy { get; } = WallObservations.Lift(new double[,]
    {
        { 0, 1, 0, 0 },     // walls N+W: east
        { 0, 0.5, 0, 0.5 }, // grey: east or west
        { 0, 0, 1, 0 },     // wall N: south to the money
        { 0, 0, 0, 1 },     // walls N+E: west
        { 1, 0, 0, 0 },     // terminal: unused
    });

    /// <summary>
    /// The best deterministic policy over observations, found by evaluating all 4⁴ of them exactly (the action in the
    /// terminal observation does not matter); of the two mirror-image optima the first found is returned.
    /// </summary>
    public static (int[] ActionOfObservation, PolicyEvaluation Evaluation) BestDeterministicPolicy()
    {
        var mdp = ExactModel.Value;
        int[]? best = null;
        PolicyEvaluation? bestEvaluation = null;
        for (int code = 0; code < 256; code++)
        {
            int[] actions = [code & 3, (code >> 2) & 3, (code >> 4) & 3, (code >> 6) & 3, North];
            var evaluation = MdpOracle.Evaluate(mdp, WallObservations.LiftDeterministic(actions, 4));
            if (bestEvaluation is null || evaluation.J > bestEvaluation.J) { best = actions; bestEvaluation = evaluation; }
        }
        return (best!, bestEvaluation!);
    }

    /// <summary>The ε-greedy policy around <see cref="BestDeterministicPolicy"/>: a uniformly random action with probability ε.</summary>
    public static PolicyTable EpsilonGreedyPolicy(double epsilon)
    {
        var (greedy, _) = BestDeterministicPolicy();
        return WallObservations.Lift(PolicyTable.EpsilonGreedy(greedy, 4, epsilon).ToArray());
    }

    /// <inheritdoc />
    public override Space ObservationSpace => WallBits;

    /// <inheritdoc />
    public override Space ActionSpace => FourActions;

    /// <inheritdoc />
    public override FiniteMdp Model => ExactModel.Value;

    /// <inheritdoc />
    public override ObservationMap Observations => WallObservations;

    /// <inheritdoc />
    public override int State
    {
        get => _cell;
        set { CheckState(value); _cell = value; }
    }

    /// <inheritdoc />
    protected override bool InTerminalState => _cell >= CorridorCells;

    /// <inheritdoc />
    protected override void StartEpisode() => _cell = NpRandom.Integer(CorridorCells);

    /// <inheritdoc />
    protected override double Move(int action)
    {
        _cell = NextCell[_cell][action];
        return EntryReward[_cell];
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        for (int d = 0; d < 4; d++) observation[d] = IsWall(_cell, d) ? 1f : 0f;
    }

    private static bool IsWall(int cell, int direction) => NextCell[cell][direction] == cell;

    private static FiniteMdp CreateModel()
    {
        var p = new double[Cells, 4, Cells];
        var r = new double[Cells, 4];
        var initial = new double[Cells];
        var terminal = new bool[Cells];
        for (int s = 0; s < Cells; s++)
        {
            terminal[s] = s >= CorridorCells;
            if (!terminal[s]) initial[s] = 1.0 / CorridorCells;
            for (int a = 0; a < 4 && !terminal[s]; a++)
            {
                int next = NextCell[s][a];
                p[s, a, next] = 1;
                r[s, a] = EntryReward[next];
            }
        }
        return new FiniteMdp(Discount, initial, p, r, terminal,
            ["0 corner", "1 grey", "2 above money", "3 grey", "4 corner", "5 skull", "6 money", "7 skull"], ["N", "E", "S", "W"]);
    }
}
