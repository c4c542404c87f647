using System.Runtime.CompilerServices;
using Ascent.Environments.Spaces;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// CartPole-v1 (Barto, Sutton &amp; Anderson 1983), bit-identical to Gymnasium 1.3.0's <c>cartpole.py</c>: push a
/// cart left or right to keep a pole upright. Reward 1 per step; the episode terminates when the pole tilts more
/// than 12° or the cart leaves ±2.4.
/// </summary>
/// <remarks>
/// <para>State (float64) and observation (float32): <c>[x, ẋ, θ, θ̇]</c>. Action <see cref="Discrete"/>(2):
/// 0 pushes left, 1 pushes right. Dynamics: explicit Euler with τ = 0.02 (positions use the old velocities).</para>
/// <para>Reset draws each state variable uniformly from [low, high] = [−0.05, 0.05] (reset options
/// <c>low</c>/<c>high</c> override the range).</para>
/// <para>Stepping after termination without a reset continues the physics and returns reward 0 (−1 with
/// <c>suttonBartoReward</c>), raising one warning through <see cref="EnvWarnings"/>, as Gymnasium does.</para>
/// </remarks>
public sealed class CartPoleEnv : Env, IStatefulEnv
{
    /// <summary>Gravity (m/s²).</summary>
    public const double Gravity = 9.8;
    /// <summary>Mass of the cart (kg).</summary>
    public const double MassCart = 1.0;
    /// <summary>Mass of the pole (kg).</summary>
    public const double MassPole = 0.1;
    /// <summary>Half the pole's length (m).</summary>
    public const double Length = 0.5;
    /// <summary>Magnitude of the push (N).</summary>
    public const double ForceMag = 10.0;
    /// <summary>Time step (s).</summary>
    public const double Tau = 0.02;
    /// <summary>Cart position beyond which the episode terminates.</summary>
    public const double XThreshold = 2.4;
    /// <summary>Total mass, <c>masspole + masscart</c>.</summary>
    public static readonly double TotalMass = MassPole + MassCart;
    /// <summary><c>masspole · length</c>.</summary>
    public static readonly double PoleMassLength = MassPole * Length;
    /// <summary>12° in radians, computed as Gymnasium does: <c>12 * 2 * π / 360</c>.</summary>
    public static readonly double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    private static readonly Box ObsSpace = new(
        [-(float)(XThreshold * 2), float.NegativeInfinity, -(float)(ThetaThresholdRadians * 2), float.NegativeInfinity],
        [(float)(XThreshold * 2), float.PositiveInfinity, (float)(ThetaThresholdRadians * 2), float.PositiveInfinity]);
    private static readonly Discrete ActSpace = new(2);

    private double _x, _xDot, _theta, _thetaDot;
    private int _stepsBeyondTerminated = -1; // Gymnasium's steps_beyond_terminated; -1 stands for None

    /// <summary>Creates the environment.</summary>
    /// <param name="suttonBartoReward">Gymnasium's <c>sutton_barto_reward</c>: reward 0 per step and −1 on termination instead of 1 per step.</param>
    public CartPoleEnv(bool suttonBartoReward = false) => SuttonBartoReward = suttonBartoReward;

    /// <summary>Whether the Sutton–Barto reward (0 per step, −1 on failure) is used.</summary>
    public bool SuttonBartoReward { get; }

    /// <inheritdoc />
    public override Space ObservationSpace => ObsSpace;

    /// <inheritdoc />
    public override Space ActionSpace => ActSpace;

    /// <inheritdoc />
    public int StateSize => 4;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        var (low, high) = ResetOptions.Bounds(Name, options, -0.05, 0.05);
        var rng = NpRandom;
        _x = rng.Uniform(low, high);
        _xDot = rng.Uniform(low, high);
        _theta = rng.Uniform(low, high);
        _thetaDot = rng.Uniform(low, high);
        _stepsBeyondTerminated = -1;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        double force = Force(action[0]);
        var (sin, cos) = Math.SinCos(_theta); // bit-identical to Math.Sin and Math.Cos (tested), one libm call
        (_x, _xDot, _theta, _thetaDot) = Dynamics(_x, _xDot, _theta, _thetaDot, force, sin, cos);
        bool terminated = IsTerminal(_x, _theta);
        Observe(observation);

        double reward;
        if (!terminated) reward = SuttonBartoReward ? 0.0 : 1.0;
        else if (_stepsBeyondTerminated < 0)
        {
            _stepsBeyondTerminated = 0; // the pole just fell
            reward = SuttonBartoReward ? -1.0 : 1.0;
        }
        else
        {
            if (_stepsBeyondTerminated == 0)
                Warn("Step was called after the episode terminated; call Reset. Further steps are undefined behaviour in Gymnasium and return reward 0.");
            _stepsBeyondTerminated++;
            reward = SuttonBartoReward ? -1.0 : 0.0;
        }
        return (reward, terminated, false);
    }

    /// <summary>The push of action 0 (−10) or 1 (+10), computed without a branch (random actions defeat branch prediction); exact for 0 and 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Force(float action) => ForceMag * (2.0 * action - 1.0);

    /// <summary>One explicit-Euler step of the cart-pole equations, in Gymnasium's operand order (sin θ and cos θ given).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (double X, double XDot, double Theta, double ThetaDot) Dynamics(double x, double xDot, double theta, double thetaDot, double force, double sinTheta, double cosTheta)
    {
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        double thetaAcc = (Gravity * sinTheta - cosTheta * temp) / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;
        return (x + Tau * xDot, xDot + Tau * xAcc, theta + Tau * thetaDot, thetaDot + Tau * thetaAcc);
    }

    /// <summary>The termination test (strict inequalities on the float64 state).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsTerminal(double x, double theta) =>
        x < -XThreshold || x > XThreshold || theta < -ThetaThresholdRadians || theta > ThetaThresholdRadians;

    /// <inheritdoc />
    public void GetState(Span<double> destination)
    {
        ResetOptions.CheckStateLength(Name, destination, StateSize);
        destination[0] = _x; destination[1] = _xDot; destination[2] = _theta; destination[3] = _thetaDot;
    }

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state)
    {
        ResetOptions.CheckStateLength(Name, state, StateSize);
        (_x, _xDot, _theta, _thetaDot) = (state[0], state[1], state[2], state[3]);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(Span<float> observation)
    {
        observation[0] = (float)_x; observation[1] = (float)_xDot; observation[2] = (float)_theta; observation[3] = (float)_thetaDot;
    }
}
