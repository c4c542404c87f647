using Ascent.Environments.Spaces;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// Pendulum-v1, bit-identical to Gymnasium 1.3.0's <c>pendulum.py</c>: swing a pendulum up and hold it upright with
/// a limited torque. Reward <c>−(θ̂² + 0.1·θ̇² + 0.001·u²)</c>, θ̂ the angle normalised into [−π, π); no termination.
/// </summary>
/// <remarks>
/// <para>State <c>[θ, θ̇]</c> (float64, θ unwrapped); observation <c>[cos θ, sin θ, θ̇]</c>. Action: torque in
/// [−2, 2], not validated against the bounds but clipped by the dynamics (NaN is rejected). Semi-implicit Euler:
/// θ̇ is updated and clipped to ±8 first, then θ moves with the new θ̇.</para>
/// <para>Reset draws θ uniformly from [−x_init, x_init] and θ̇ from [−y_init, y_init]; the defaults are π and 1
/// (reset options <c>x_init</c>, <c>y_init</c>).</para>
/// </remarks>
public sealed class PendulumEnv : Env, IStatefulEnv
{
    /// <summary>Speed limit (rad/s).</summary>
    public const double MaxSpeed = 8;
    /// <summary>Torque limit.</summary>
    public const double MaxTorque = 2.0;
    /// <summary>Time step (s).</summary>
    public const double Dt = 0.05;
    /// <summary>Gravity.</summary>
    public const double G = 10.0;
    /// <summary>Mass.</summary>
    public const double M = 1.0;
    /// <summary>Length.</summary>
    public const double L = 1.0;
    /// <summary>Default half-range of the initial angle.</summary>
    public const double DefaultX = Math.PI;
    /// <summary>Default half-range of the initial angular velocity.</summary>
    public const double DefaultY = 1.0;

    private static readonly string[] OptionKeys = ["x_init", "y_init"];
    private static readonly Box ObsSpace = new([-1f, -1f, -(float)MaxSpeed], [1f, 1f, (float)MaxSpeed]);
    private static readonly Box ActSpace = new(-(float)MaxTorque, (float)MaxTorque, 1);

    private double _theta, _thetaDot;

    /// <inheritdoc />
    public override Space ObservationSpace => ObsSpace;

    /// <inheritdoc />
    public override Space ActionSpace => ActSpace;

    /// <inheritdoc />
    public int StateSize => 2;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        ResetOptions.Check(Name, options, OptionKeys);
        double x = ResetOptions.Get(options, "x_init", DefaultX), y = ResetOptions.Get(options, "y_init", DefaultY);
        var rng = NpRandom;
        _theta = rng.Uniform(-x, x);
        _thetaDot = rng.Uniform(-y, y);
        Observe(observation);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        double u = Math.Clamp(action[0], -(float)MaxTorque, (float)MaxTorque);
        double costs = Cost(_theta, _thetaDot, u);
        (_theta, _thetaDot) = Dynamics(_theta, _thetaDot, u, Math.Sin(_theta));
        Observe(observation);
        return (-costs, false, false);
    }

    /// <summary>The cost of the state before the step: <c>angle_normalize(θ)**2 + 0.1·θ̇**2 + 0.001·u**2</c> with libm's pow.</summary>
    internal static double Cost(double theta, double thetaDot, double u) =>
        Math.Pow(AngleNormalize(theta), 2) + 0.1 * Math.Pow(thetaDot, 2) + 0.001 * Math.Pow(u, 2);

    /// <summary>Semi-implicit Euler: <c>θ̇' = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, ±8)</c>, then <c>θ' = θ + θ̇'·dt</c>.</summary>
    internal static (double Theta, double ThetaDot) Dynamics(double theta, double thetaDot, double u, double sinTheta)
    {
        double newThetaDot = thetaDot + (3 * G / (2 * L) * sinTheta + 3.0 / (M * (L * L)) * u) * Dt;
        newThetaDot = Math.Clamp(newThetaDot, -MaxSpeed, MaxSpeed);
        return (theta + newThetaDot * Dt, newThetaDot);
    }

    /// <summary>Gymnasium's <c>angle_normalize(x) = ((x + π) % (2π)) − π</c> with Python's floor modulo (result takes the divisor's sign).</summary>
    public static double AngleNormalize(double x)
    {
        const double twoPi = 2 * Math.PI;
        double r = (x + Math.PI) % twoPi;
        if (r != 0 && r < 0) r += twoPi;
        return r - Math.PI;
    }

    /// <inheritdoc />
    public void GetState(Span<double> destination)
    {
        ResetOptions.CheckStateLength(Name, destination, StateSize);
        destination[0] = _theta; destination[1] = _thetaDot;
    }

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state)
    {
        ResetOptions.CheckStateLength(Name, state, StateSize);
        (_theta, _thetaDot) = (state[0], state[1]);
    }

    /// <inheritdoc />
    public void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_theta);
        observation[1] = (float)Math.Sin(_theta);
        observation[2] = (float)_thetaDot;
    }
}
