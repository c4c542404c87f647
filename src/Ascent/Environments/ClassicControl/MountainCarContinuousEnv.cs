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
public sealed class MountainCarContinuousEnv : MountainCarTrack
{
    /// <summary>Smallest effective push.</summary>
    public const double MinAction = -1.0;
    /// <summary>Largest effective push.</summary>
    public const double MaxAction = 1.0;
    /// <summary>Position of the flag (0.45, not MountainCar-v0's 0.5).</summary>
    public const double GoalPosition = 0.45;
    /// <summary>Acceleration per unit of push.</summary>
    public const double Power = 0.0015;

    private static readonly Box ActSpace = new((float)MinAction, (float)MaxAction, 1);

    /// <inheritdoc />
    public override Space ActionSpace => ActSpace;

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        double a = action[0];
        double force = Math.Min(Math.Max(a, MinAction), MaxAction);
        double velocity = Velocity + (force * Power - 0.0025 * Math.Cos(3 * Position));
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        double position = Position + velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0;
        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        double reward = (terminated ? 100.0 : 0.0) - Math.Pow(a, 2) * 0.1;
        Position = (float)position;
        Velocity = (float)velocity;
        Observe(observation);
        return (reward, terminated, false);
    }
}
