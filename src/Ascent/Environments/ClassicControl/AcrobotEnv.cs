using Ascent.Environments.Spaces;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// Acrobot-v1 (Sutton 1996; Sutton &amp; Barto 2018), bit-identical to Gymnasium 1.3.0's <c>acrobot.py</c>: a
/// two-link pendulum actuated at the middle joint must swing its tip above the bar. Reward −1 per step, 0 on the
/// terminating step.
/// </summary>
/// <remarks>
/// <para>State <c>[θ1, θ2, θ̇1, θ̇2]</c> (float32 after reset, float64 after the first step); observation
/// <c>[cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2]</c>. Action <see cref="Discrete"/>(3) selects the torque −1, 0 or +1.
/// Dynamics: the "book" equations integrated by one classical Runge–Kutta step of 0.2 s, then angles wrapped into
/// [−π, π] by repeated subtraction and velocities bounded by 4π and 9π.</para>
/// <para>Reset draws the four state variables uniformly from [low, high] = [−0.1, 0.1] and rounds them to float32.
/// Gymnasium computes that first observation with NumPy's float32 cos/sin, which are not correctly rounded: it can
/// differ from this port's by 1 float32 ulp in its first four entries. Every later observation is exact.</para>
/// </remarks>
public sealed class AcrobotEnv : Env, IStatefulEnv
{
    /// <summary>Integration time step (s).</summary>
    public const double Dt = 0.2;
    /// <summary>Length of link 1 (m).</summary>
    public const double LinkLength1 = 1.0;
    /// <summary>Length of link 2 (m).</summary>
    public const double LinkLength2 = 1.0;
    /// <summary>Mass of link 1 (kg).</summary>
    public const double LinkMass1 = 1.0;
    /// <summary>Mass of link 2 (kg).</summary>
    public const double LinkMass2 = 1.0;
    /// <summary>Position of the centre of mass of link 1 (m).</summary>
    public const double LinkComPos1 = 0.5;
    /// <summary>Position of the centre of mass of link 2 (m).</summary>
    public const double LinkComPos2 = 0.5;
    /// <summary>Moment of inertia of both links.</summary>
    public const double LinkMoi = 1.0;
    /// <summary>Maximal angular velocity of link 1, 4π.</summary>
    public const double MaxVel1 = 4 * Math.PI;
    /// <summary>Maximal angular velocity of link 2, 9π.</summary>
    public const double MaxVel2 = 9 * Math.PI;
    /// <summary>Gravity used by the equations of motion.</summary>
    public const double G = 9.8;

    private static readonly double[] AvailableTorque = [-1.0, 0.0, +1];
    private static readonly Box ObsSpace = new(
        [-1f, -1f, -1f, -1f, -(float)MaxVel1, -(float)MaxVel2],
        [1f, 1f, 1f, 1f, (float)MaxVel1, (float)MaxVel2]);
    private static readonly Discrete ActSpace = new(3);

    private double _theta1, _theta2, _dTheta1, _dTheta2;

    /// <inheritdoc />
    public override Space ObservationSpace => ObsSpace;

    /// <inheritdoc />
    public override Space ActionSpace => ActSpace;

    /// <inheritdoc />
    public int StateSize => 4;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        var (low, high) = ResetOptions.Bounds(Name, options, -0.1, 0.1);
        var rng = NpRandom;
        _theta1 = (float)rng.Uniform(low, high);
        _theta2 = (float)rng.Uniform(low, high);
        _dTheta1 = (float)rng.Uniform(low, high);
        _dTheta2 = (float)rng.Uniform(low, high);
        Observe(observation);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        double torque = AvailableTorque[(int)action[0]];
        Span<double> y = [_theta1, _theta2, _dTheta1, _dTheta2];
        RungeKutta4(y, torque);
        _theta1 = Wrap(y[0], -Math.PI, Math.PI);
        _theta2 = Wrap(y[1], -Math.PI, Math.PI);
        _dTheta1 = Bound(y[2], -MaxVel1, MaxVel1);
        _dTheta2 = Bound(y[3], -MaxVel2, MaxVel2);
        bool terminated = -Math.Cos(_theta1) - Math.Cos(_theta2 + _theta1) > 1.0;
        Observe(observation);
        return (terminated ? 0.0 : -1.0, terminated, false);
    }

    /// <summary>
    /// One classical Runge–Kutta step over [0, dt] of the state augmented with the (constant) torque, with NumPy's
    /// element-wise operand order: <c>y + dt/6 · (((k1 + 2k2) + 2k3) + k4)</c>.
    /// </summary>
    private static void RungeKutta4(Span<double> y, double torque)
    {
        const double dt = Dt - 0, dt2 = dt / 2.0;
        Span<double> k1 = stackalloc double[4], k2 = stackalloc double[4], k3 = stackalloc double[4], k4 = stackalloc double[4], tmp = stackalloc double[4];
        Derivatives(y, torque, k1);
        for (int j = 0; j < 4; j++) tmp[j] = y[j] + dt2 * k1[j];
        Derivatives(tmp, torque, k2);
        for (int j = 0; j < 4; j++) tmp[j] = y[j] + dt2 * k2[j];
        Derivatives(tmp, torque, k3);
        for (int j = 0; j < 4; j++) tmp[j] = y[j] + dt * k3[j];
        Derivatives(tmp, torque, k4);
        for (int j = 0; j < 4; j++) y[j] = y[j] + dt / 6.0 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
    }

    /// <summary>
    /// The equations of motion (Gymnasium's <c>_dsdt</c>, "book" variant) in its operand order; squares of variables
    /// use <see cref="Math.Pow(double, double)"/> because Python's <c>x**2</c> calls libm's pow.
    /// </summary>
    private static void Derivatives(ReadOnlySpan<double> s, double a, Span<double> ds)
    {
        const double m1 = LinkMass1, m2 = LinkMass2, l1 = LinkLength1, lc1 = LinkComPos1, lc2 = LinkComPos2, i1 = LinkMoi, i2 = LinkMoi, g = G;
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double cos2 = Math.Cos(theta2), sin2 = Math.Sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * Math.Pow(dtheta2, 2) * sin2
                      - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
                      + (m1 * lc1 + m2 * l1) * g * Math.Cos(theta1 - Math.PI / 2)
                      + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * Math.Pow(dtheta1, 2) * sin2 - phi2)
                          / (m2 * (lc2 * lc2) + i2 - Math.Pow(d2, 2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        ds[0] = dtheta1; ds[1] = dtheta2; ds[2] = ddtheta1; ds[3] = ddtheta2;
    }

    /// <summary>Gymnasium's <c>wrap</c>: shifts <paramref name="x"/> into [m, M] by repeated subtraction or addition of M − m.</summary>
    internal static double Wrap(double x, double m, double big)
    {
        double diff = big - m;
        while (x > big) x -= diff;
        while (x < m) x += diff;
        return x;
    }

    /// <summary>Gymnasium's <c>bound</c>: Python's <c>min(max(x, m), M)</c>.</summary>
    internal static double Bound(double x, double m, double big)
    {
        if (m > x) x = m;
        if (big < x) x = big;
        return x;
    }

    /// <inheritdoc />
    public void GetState(Span<double> destination)
    {
        ResetOptions.CheckStateLength(Name, destination, StateSize);
        destination[0] = _theta1; destination[1] = _theta2; destination[2] = _dTheta1; destination[3] = _dTheta2;
    }

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state)
    {
        ResetOptions.CheckStateLength(Name, state, StateSize);
        (_theta1, _theta2, _dTheta1, _dTheta2) = (state[0], state[1], state[2], state[3]);
    }

    /// <inheritdoc />
    public void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_theta1);
        observation[1] = (float)Math.Sin(_theta1);
        observation[2] = (float)Math.Cos(_theta2);
        observation[3] = (float)Math.Sin(_theta2);
        observation[4] = (float)_dTheta1;
        observation[5] = (float)_dTheta2;
    }
}
