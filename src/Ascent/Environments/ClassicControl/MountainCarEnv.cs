using Ascent.Environments.Spaces;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// MountainCar-v0 (Moore 1990), bit-identical to Gymnasium 1.3.0's <c>mountain_car.py</c>: an under-powered car in a
/// valley must rock back and forth to reach the flag at position 0.5. Reward −1 per step.
/// </summary>
/// <remarks>
/// State (float64) and observation (float32): <c>[position, velocity]</c>. Action <see cref="Discrete"/>(3):
/// 0 accelerates left, 1 does nothing, 2 accelerates right. Reset draws the position uniformly from
/// [low, high] = [−0.6, −0.4] with velocity 0.
/// </remarks>
public sealed class MountainCarEnv : Env, IStatefulEnv
{
    /// <summary>Leftmost position (a wall).</summary>
    public const double MinPosition = -1.2;
    /// <summary>Rightmost position.</summary>
    public const double MaxPosition = 0.6;
    /// <summary>Speed limit.</summary>
    public const double MaxSpeed = 0.07;
    /// <summary>Position of the flag.</summary>
    public const double GoalPosition = 0.5;
    /// <summary>Minimal velocity at the flag.</summary>
    public const double GoalVelocity = 0;
    /// <summary>Acceleration of a push.</summary>
    public const double Force = 0.001;
    /// <summary>Gravity coefficient.</summary>
    public const double Gravity = 0.0025;

    private static readonly Box ObsSpace = new([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);
    private static readonly Discrete ActSpace = new(3);

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
        int a = (int)action[0];
        double velocity = _velocity + ((a - 1) * Force + Math.Cos(3 * _position) * (-Gravity));
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        double position = _position + velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0;
        _position = position;
        _velocity = velocity;
        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        Observe(observation);
        return (-1.0, terminated, false);
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
