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
public sealed class MountainCarEnv : MountainCarTrack
{
    /// <summary>Position of the flag.</summary>
    public const double GoalPosition = 0.5;
    /// <summary>Acceleration of a push.</summary>
    public const double Force = 0.001;
    /// <summary>Gravity coefficient.</summary>
    public const double Gravity = 0.0025;

    private static readonly Discrete ActSpace = new(3);

    /// <inheritdoc />
    public override Space ActionSpace => ActSpace;

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        int a = (int)action[0];
        double velocity = Velocity + ((a - 1) * Force + Math.Cos(3 * Position) * (-Gravity));
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        double position = Position + velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0;
        Position = position;
        Velocity = velocity;
        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        Observe(observation);
        return (-1.0, terminated, false);
    }
}
