using Ascent.Environments.Spaces;
using Ascent.Mdp;

namespace Ascent.Environments.Lectures;

/// <summary>
/// Rock-paper-scissors against an opponent that exploits a predictable player (seed 000): the opponent
/// remembers how the player answered each of its moves and plays what beats that answer.
/// </summary>
/// <remarks>
/// <para><b>A round.</b> The player sees the opponent's previous move (observation 1 + move; 0 in the first round)
/// and plays 0 = rock, 1 = paper or 2 = scissors. The opponent has a memory M: for each of its own moves m, the
/// player's answer the last time the opponent had played m. If the opponent's previous move m has a recorded
/// answer M[m], it predicts the player will answer the same again and plays the move that beats M[m];
/// otherwise (first round, or no answer recorded yet) it plays uniformly at random. The reward is +1 for a
/// win, −1 for a loss and 0 for a draw. Then M[m] ← the player's move, and the match goes on to another round
/// with probability 0.9 (it ends, terminated, with probability 0.1: 10 rounds on average).</para>
/// <para><b>Exact model.</b> The state is (the opponent's previous move or "first round", M): the first round
/// (M empty), 3 × 4³ = 192 states (previous move, M) and the terminal "match over", 194 in all, with γ = 1 (the 0.9 continuation plays the role of a discount). The memory
/// is hidden: the player observes only the opponent's previous move, so the system is not Markov in what the
/// player sees — the lecture's point.</para>
/// <para><b>Facts</b> (tested exactly with <see cref="MdpOracle"/>): the uniform policy gets J = 0; every
/// deterministic policy over the observations loses (J from −7.398 to −6.680; at most four rounds escape, so
/// J ≤ −6.561), because after the first visit of an observation the opponent knows the answer; and no observation-based policy gets more than 0:
/// the answer M[m] recorded at the last visit is independent of when m recurs, so each round with a recorded
/// answer earns Σ_x q(x)(q(beaten by x) − q(x)) ≤ 0 for the player's distribution q, with equality only for the
/// uniform q. The uniform policy (the Nash equilibrium of the game) is optimal.</para>
/// </remarks>
public sealed class RockPaperScissors : FiniteModelEnv
{
    /// <summary>The registry id.</summary>
    public const string Id = "RockPaperScissors-v0";

    /// <summary>Action 0.</summary>
    public const int Rock = 0;

    /// <summary>Action 1.</summary>
    public const int Paper = 1;

    /// <summary>Action 2.</summary>
    public const int Scissors = 2;

    /// <summary>The observation of the first round (no previous opponent move).</summary>
    public const int FirstRound = 0;

    /// <summary>The probability that the match goes on after a round.</summary>
    public const double Continuation = 0.9;

    /// <summary>The index of the terminal state "match over" in <see cref="Model"/>.</summary>
    public const int MatchOver = 1 + 3 * 64;

    private const int Unknown = 0;

    private static readonly Lazy<FiniteMdp> ExactModel = new(CreateModel);
    private static readonly Lazy<ObservationMap> OpponentsLastMove = new(() =>
        new ObservationMap(Enumerable.Range(0, MatchOver + 1).Select(s => s == MatchOver ? FirstRound : ObservationOf(s)).ToArray(), 4,
            ["first round", "opponent played rock", "opponent played paper", "opponent played scissors"]));
    private static readonly Discrete FourObservations = new(4);
    private static readonly Discrete ThreeMoves = new(3);

    private int _observation;          // FirstRound or 1 + the opponent's previous move
    private readonly int[] _memory = new int[3]; // per opponent move: Unknown or 1 + the player's answer
    private bool _matchOver;

    /// <summary>The move that beats <paramref name="move"/> (paper beats rock, scissors beat paper, rock beats scissors).</summary>
    public static int Beats(int move) => (move + 1) % 3;

    /// <summary>The player's reward: +1 if <paramref name="player"/> beats <paramref name="opponent"/>, −1 if it loses, 0 for a draw.</summary>
    public static int Payoff(int player, int opponent) => player == opponent ? 0 : player == Beats(opponent) ? 1 : -1;

    /// <summary>The opponent's move in the last round played (−1 before the first round).</summary>
    public int LastOpponentMove { get; private set; } = -1;

    /// <inheritdoc />
    public override Space ObservationSpace => FourObservations;

    /// <inheritdoc />
    public override Space ActionSpace => ThreeMoves;

    /// <inheritdoc />
    public override FiniteMdp Model => ExactModel.Value;

    /// <summary>The player's observation of each state: the opponent's previous move (0 = first round).</summary>
    public override ObservationMap Observations => OpponentsLastMove.Value;

    /// <summary>
    /// The state index: 0 for the first round, 1 + 64·(observation − 1) + 16·M[rock] + 4·M[paper] + M[scissors] after it
    /// (M entries 0 = unknown, 1 + answer), or <see cref="MatchOver"/>.
    /// </summary>
    public override int State
    {
        get => _matchOver ? MatchOver : Encode(_observation, _memory);
        set
        {
            CheckState(value);
            _matchOver = value == MatchOver;
            if (!_matchOver) _observation = Decode(value, _memory);
        }
    }

    /// <inheritdoc />
    protected override bool InTerminalState => _matchOver;

    /// <inheritdoc />
    protected override void StartEpisode()
    {
        _observation = FirstRound;
        Array.Clear(_memory);
        _matchOver = false;
        LastOpponentMove = -1;
    }

    /// <inheritdoc />
    protected override double Move(int action)
    {
        int opponent = OpponentMove(_observation, _memory) is int predicted ? predicted : NpRandom.Integer(3);
        if (_observation != FirstRound) _memory[_observation - 1] = 1 + action; // remember the answer to its move
        _observation = 1 + opponent;
        LastOpponentMove = opponent;
        _matchOver = NpRandom.NextDouble() >= Continuation;
        return Payoff(action, opponent);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation) => observation[0] = _observation;

    /// <summary>The opponent's deterministic move when it has a recorded answer to its previous move; null when it plays at random.</summary>
    private static int? OpponentMove(int observation, ReadOnlySpan<int> memory)
    {
        if (observation == FirstRound || memory[observation - 1] == Unknown) return null;
        int predictedAnswer = memory[observation - 1] - 1;
        return Beats(predictedAnswer);
    }

    private static int Encode(int observation, ReadOnlySpan<int> memory) =>
        observation == FirstRound ? 0 : 1 + 64 * (observation - 1) + 16 * memory[0] + 4 * memory[1] + memory[2];

    /// <summary>Writes M of a (non-terminal) state into <paramref name="memory"/> and returns its observation.</summary>
    private static int Decode(int state, Span<int> memory)
    {
        if (state == 0) { memory.Clear(); return FirstRound; }
        int m = (state - 1) % 64;
        memory[0] = m / 16; memory[1] = (m / 4) % 4; memory[2] = m % 4;
        return ObservationOf(state);
    }

    private static int ObservationOf(int state) => state == 0 ? FirstRound : 1 + (state - 1) / 64;

    private static FiniteMdp CreateModel()
    {
        const int states = MatchOver + 1;
        var p = new double[states, 3, states];
        var r = new double[states, 3];
        var terminal = new bool[states];
        terminal[MatchOver] = true;
        Span<int> memory = stackalloc int[3];
        for (int s = 0; s < MatchOver; s++)
        {
            for (int action = 0; action < 3; action++)
            {
                int observation = Decode(s, memory);
                int? predicted = OpponentMove(observation, memory);
                if (observation != FirstRound) memory[observation - 1] = 1 + action;
                for (int opponent = 0; opponent < 3; opponent++)
                {
                    double probability = predicted is int b ? (b == opponent ? 1.0 : 0.0) : 1.0 / 3;
                    if (probability == 0) continue;
                    r[s, action] += probability * Payoff(action, opponent);
                    p[s, action, Encode(1 + opponent, memory)] += probability * Continuation;
                }
                p[s, action, MatchOver] = 1 - Continuation;
            }
        }
        var initial = new double[states];
        initial[0] = 1; // the first round, nothing remembered
        var names = Enumerable.Range(0, states).Select(StateName).ToArray();
        return new FiniteMdp(1.0, initial, p, r, terminal, names, ["rock", "paper", "scissors"]);
    }

    private static string StateName(int s)
    {
        if (s == MatchOver) return "match over";
        if (s == 0) return "first round";
        Span<int> memory = stackalloc int[3];
        int observation = Decode(s, memory);
        string[] moves = ["?", "R", "P", "S"];
        return $"opponent played {moves[observation]}, M=[{moves[memory[0]]}{moves[memory[1]]}{moves[memory[2]]}]";
    }
}
