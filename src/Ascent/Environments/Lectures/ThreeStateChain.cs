using Ascent.Environments.Spaces;
using Ascent.Mdp;

namespace Ascent.Environments.Lectures;

/// <summary>
/// The 3-state chain of the lectures' value-function slides: s1 (far) ⇄ s2 (near) → s3 (goal), actions Left and Right.
/// </summary>
/// <remarks>
/// <code>
///   [s1] ⇄ [s2] → [s3 goal]      start in s1; reaching the goal pays +10; γ = 0.9
/// </code>
/// <para>The lecture (COS435) shows this chain with illustrative Q- and V-tables but does not define its
/// dynamics, and its numbers are not consistent with each other (V(s1) = 3.0 ≠ 0.1·1.2 + 0.9·4.8). Ascent
/// defines it so: <b>actions</b> 0 = Left, 1 = Right; moves are deterministic; Left in s1 stays in s1; Right in
/// s2 reaches the terminal goal s3 with reward +10, every other step has reward 0; γ = 0.9; the episode starts
/// in s1. The <b>observation</b> is the state index (0 = s1, 1 = s2, 2 = s3), so the chain is fully observed.</para>
/// <para>Exact values of the lecture's policy table (<see cref="LecturePolicy"/>: P(Right) = 0.9 in s1, 0.8 in s2)
/// are in docs/mdp.md; the optimal policy (always Right) has V(s1) = 9, V(s2) = 10.</para>
/// </remarks>
public sealed class ThreeStateChain : FiniteModelEnv
{
    /// <summary>The registry id.</summary>
    public const string Id = "Chain3-v0";

    /// <summary>Action 0: move one state to the left (s1 stays).</summary>
    public const int Left = 0;

    /// <summary>Action 1: move one state to the right.</summary>
    public const int Right = 1;

    /// <summary>The index of the goal state s3.</summary>
    public const int Goal = 2;

    /// <summary>The reward for reaching the goal.</summary>
    public const double GoalReward = 10.0;

    /// <summary>The discount of the model.</summary>
    public const double Discount = 0.9;

    private static readonly Lazy<FiniteMdp> ExactModel = new(CreateModel);
    private static readonly ObservationMap FullyObserved = new([0, 1, 2], 3, ["s1", "s2", "s3"]);
    private static readonly Discrete ThreeObservations = new(3);
    private static readonly Discrete TwoActions = new(2);

    private int _position;

    /// <summary>The lecture's policy table: P(Right) = 0.9 in s1, 0.8 in s2 and 0.5 in the goal s3.</summary>
    public static PolicyTable LecturePolicy { get; } = new(new double[,] { { 0.1, 0.9 }, { 0.2, 0.8 }, { 0.5, 0.5 } });

    /// <inheritdoc />
    public override Space ObservationSpace => ThreeObservations;

    /// <inheritdoc />
    public override Space ActionSpace => TwoActions;

    /// <inheritdoc />
    public override FiniteMdp Model => ExactModel.Value;

    /// <inheritdoc />
    public override ObservationMap Observations => FullyObserved;

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
        _position = action == Right ? _position + 1 : Math.Max(_position - 1, 0);
        return _position == Goal ? GoalReward : 0.0;
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation) => observation[0] = _position;

    private static FiniteMdp CreateModel()
    {
        var p = new double[3, 2, 3];
        var r = new double[3, 2];
        p[0, Left, 0] = 1; p[0, Right, 1] = 1;
        p[1, Left, 0] = 1; p[1, Right, Goal] = 1; r[1, Right] = GoalReward;
        return new FiniteMdp(Discount, [1, 0, 0], p, r, [false, false, true], ["s1", "s2", "s3 (goal)"], ["Left", "Right"]);
    }
}
