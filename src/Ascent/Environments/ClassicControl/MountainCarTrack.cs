using Ascent.Environments.Spaces;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// What the two mountain-car environments share (Moore 1990; Gymnasium's <c>mountain_car.py</c> and
/// <c>continuous_mountain_car.py</c>): the track [−1.2, 0.6] with a speed limit of 0.07, the state and observation
/// <c>[position, velocity]</c>, and the reset: position uniform in [low, high] = [−0.6, −0.4], velocity 0.
/// </summary>
public abstract class MountainCarTrack : Env, IStatefulEnv
{
    /// <summary>Leftmost position (a wall).</summary>
    public const double MinPosition = -1.2;
    /// <summary>Rightmost position.</summary>
    public const double MaxPosition = 0.6;
    /// <summary>Speed limit.</summary>
    public const double MaxSpeed = 0.07;
    /// <summary>Minimal velocity at the flag.</summary>
    public const double GoalVelocity = 0;

    private static readonly Box ObsSpace = new([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    /// <summary>The car's position.</summary>
    protected double Position { get; set; }

    /// <summary>The car's velocity.</summary>
    protected double Velocity { get; set; }

    /// <inheritdoc />
    public override Space ObservationSpace => ObsSpace;

    /// <inheritdoc />
    public int StateSize => 2;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        var (low, high) = ResetOptions.Bounds(Name, options, -0.6, -0.4);
        Position = NpRandom.Uniform(low, high);
        Velocity = 0;
        Observe(observation);
    }

    /// <inheritdoc />
    public void GetState(Span<double> destination)
    {
        ResetOptions.CheckStateLength(Name, destination, StateSize);
        destination[0] = Position; destination[1] = Velocity;
    }

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state)
    {
        ResetOptions.CheckStateLength(Name, state, StateSize);
        (Position, Velocity) = (state[0], state[1]);
    }

    /// <inheritdoc />
    public void Observe(Span<float> observation)
    {
        observation[0] = (float)Position; observation[1] = (float)Velocity;
    }
}
