using Ascent.Environments.Spaces;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// MountainCarContinuous-v0, bit-identical to Gymnasium 1.3.0's <c>continuous_mountain_car.py</c>: the mountain car
/// with a continuous push in [−1, 1]. Reward 100 on reaching the flag at 0.45, minus 0.1·a² every step.
/// </summary>
/// <remarks>
/// <para>State and observation <c>[position, velocity]</c>. Reset draws the position uniformly from
/// [low, high] = [−0.6, −0.4] with velocity 0 (float64); after every step the state is rounded to float32, and the
/// next step computes in float64 from those float32 values, as NumPy 1.x does.</para>
/// <para>Actions are not validated against the bounds: the push is clipped to [−1, 1] for the dynamics, while the
/// energy penalty uses the unclipped action (as in Gymnasium). NaN is rejected.</para>
/// </remarks>
public sealed class MountainCarContinuousEnv : Env, IStatefulEnv
{
    /// <summary>Smallest effective push.</summary>
    public const double MinAction = -1.0;
    /// <summary>Largest effective push.</summary>
    public const double MaxAction = 1.0;
    /// <summary>Leftmost position (a wall).</summary>
    public const double MinPosition = -1.2;
    /// <summary>Rightmost position.</summary>
    public const double MaxPosition = 0.6;
    /// <summary>Speed limit.</summary>
    public const double MaxSpeed = 0.07;
    /// <summary>Position of the flag (0.45, not MountainCar-v0's 0.5).</summary>
    public const double GoalPosition = 0.45;
    /// <summary>Minimal velocity at the flag.</summary>
    public const double GoalVelocity = 0;
    /// <summary>Acceleration per unit of push.</summary>
    public const double Power = 0.0015;

    private static readonly Box ObsSpace = new([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);
    private static readonly Box ActSpace = new((float)MinAction, (float)MaxAction, 1);

    private double _position, _velocity;

    /// <inheritdoc />
    public override Space ObservationSpace => ObsSpace;

    /// <inheritdoc />
    public override Space ActionSpace => ActSpace;

    /// <inheritdoc />
    public int StateSize => 2;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        var (low, high) = ResetOptions.Bounds(Name, options, -0.6, -0.4);
        _position = NpRandom.Uniform(low, high);
        _velocity = 0;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        double a = action[0];
        double force = Math.Min(Math.Max(a, MinAction), MaxAction);
        double velocity = _velocity + (force * Power - 0.0025 * Math.Cos(3 * _position));
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        double position = _position + velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0;
        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        double reward = (terminated ? 100.0 : 0.0) - Math.Pow(a, 2) * 0.1;
        _position = (float)position;
        _velocity = (float)velocity;
        Observe(observation);
        return (reward, terminated, false);
    }

    /// <inheritdoc />
    public void GetState(Span<double> destination)
    {
        ResetOptions.CheckStateLength(Name, destination, StateSize);
        destination[0] = _position; destination[1] = _velocity;
    }

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state)
    {
        ResetOptions.CheckStateLength(Name, state, StateSize);
        (_position, _velocity) = (state[0], state[1]);
    }

    /// <inheritdoc />
    public void Observe(Span<float> observation)
    {
        observation[0] = (float)_position; observation[1] = (float)_velocity;
    }
}
