using System.Runtime.Intrinsics;
using Ascent.Environments.Vector;
using Ascent.Numerics.Kernels;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// N copies of <see cref="PendulumEnv"/> in struct-of-arrays form, stepped in one loop; bit-identical to N separate
/// <c>Envs.Make("Pendulum-v1")</c> environments in a <see cref="SyncVectorEnv"/>.
/// </summary>
/// <remarks>
/// Same-step automatic reset (see <see cref="VectorEnv"/>). Eight envs per AVX-512 vector (four with AVX2): the cost
/// and dynamics use <see cref="LibmExact"/>'s provably exact fmod and pow(x, 2) shortcuts; sin and cos of the new angle
/// (for the observation, and sin θ for the next step) come from <see cref="LibmSinCos"/>, bit-identical to libm where
/// its start-up self-check passes, and from libm itself otherwise.
/// </remarks>
public sealed class PendulumVectorEnv : AutoResetVectorEnv
{
    private static readonly string[] OptionKeys = ["x_init", "y_init"];
    private readonly double[] _theta, _thetaDot, _sinTheta;
    private readonly int[] _elapsed;
    private readonly int? _maxEpisodeSteps;
    private SimdPath _path = DefaultPath;

    /// <summary>AVX-512 where available, else AVX2 with FMA, else scalar.</summary>
    private static SimdPath DefaultPath =>
        LibmSinCos.IsSupported(SimdPath.Vector512) ? SimdPath.Vector512 : LibmSinCos.IsSupported(SimdPath.Vector256) ? SimdPath.Vector256 : SimdPath.Scalar;

    /// <summary>Creates <paramref name="numEnvs"/> pendulums truncated after <paramref name="maxEpisodeSteps"/> steps (null: never).</summary>
    public PendulumVectorEnv(int numEnvs, int? maxEpisodeSteps = 200)
        : base(numEnvs, new PendulumEnv().ObservationSpace, new PendulumEnv().ActionSpace)
    {
        if (maxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "PendulumVectorEnv: maxEpisodeSteps must be at least 1 (or null).");
        _maxEpisodeSteps = maxEpisodeSteps;
        _theta = new double[numEnvs]; _thetaDot = new double[numEnvs]; _sinTheta = new double[numEnvs];
        _elapsed = new int[numEnvs];
    }

    /// <inheritdoc />
    public override string Name => Spec?.Id ?? "Pendulum-v1";

    /// <summary>The state <c>[θ, θ̇]</c> of env <paramref name="index"/>.</summary>
    public double[] GetState(int index) => [_theta[index], _thetaDot[index]];

    /// <summary>Sets the state <c>[θ, θ̇]</c> of env <paramref name="index"/> and rewrites its observation row (the episode clock is unchanged).</summary>
    public void SetState(int index, ReadOnlySpan<double> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, NumEnvs);
        ResetOptions.CheckStateLength(Name, state, 2);
        _theta[index] = state[0];
        _thetaDot[index] = state[1];
        WriteObservation(index);
    }

    /// <summary>The instruction set stepping the batch: the fastest this CPU runs unless a test forces another.</summary>
    internal SimdPath Path
    {
        get => _path;
        set
        {
            if (value == SimdPath.Auto) value = DefaultPath;
            if (!LibmSinCos.IsSupported(value)) throw new PlatformNotSupportedException($"{Name}: path {value} is not supported by this CPU.");
            _path = value;
        }
    }

    /// <inheritdoc />
    public override bool SupportsState => true;

    /// <inheritdoc />
    protected override void SaveStateCore(VectorEnvState state)
    {
        base.SaveStateCore(state);
        state.Set("theta", _theta); state.Set("theta_dot", _thetaDot); state.Set("sin_theta", _sinTheta);
        state.Set("elapsed", _elapsed);
    }

    /// <inheritdoc />
    protected override void LoadStateCore(VectorEnvState state)
    {
        base.LoadStateCore(state);
        state.Get("theta", _theta); state.Get("theta_dot", _thetaDot); state.Get("sin_theta", _sinTheta);
        state.Get("elapsed", _elapsed);
    }

    /// <inheritdoc />
    protected override void StepRange(int start, int end, ReadOnlySpan<float> actions)
    {
        int k = _path switch
        {
            SimdPath.Vector512 => StepVectors<SimdDouble512, Vector512<double>>(start, end, actions),
            SimdPath.Vector256 => StepVectors<SimdDouble256, Vector256<double>>(start, end, actions),
            _ => start,
        };
        for (; k < end; k++)
        {
            double u = Math.Clamp(actions[k], -(float)PendulumEnv.MaxTorque, (float)PendulumEnv.MaxTorque);
            Rewards[k] = -PendulumEnv.Cost(_theta[k], _thetaDot[k], u);
            (_theta[k], _thetaDot[k]) = PendulumEnv.Dynamics(_theta[k], _thetaDot[k], u, _sinTheta[k]);
            WriteObservation(k);
            Terminated[k] = false;
            Truncated[k] = ++_elapsed[k] >= _maxEpisodeSteps;
        }
    }

    /// <summary>
    /// Steps whole vectors of envs from <paramref name="start"/> on and returns where it stopped: the cost and
    /// semi-implicit Euler step with the same IEEE operations in the same order as <see cref="PendulumEnv.Cost"/> and
    /// <see cref="PendulumEnv.Dynamics"/> (fmod and pow(x, 2) from <see cref="LibmExact"/>), then sin and cos of the new
    /// angle from <see cref="LibmSinCos"/> where it is verified on this machine (libm otherwise) for the observation and
    /// the next step.
    /// </summary>
    private unsafe int StepVectors<TOps, TV>(int start, int end, ReadOnlySpan<float> actions)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        int w = TOps.Width;
        uint allLanes = (1u << w) - 1;
        bool vectorSinCos = LibmSinCos.IsExact(_path);
        int limit = _maxEpisodeSteps ?? int.MaxValue;
        bool limited = _maxEpisodeSteps.HasValue;
        const double twoPi = 2 * Math.PI;
        var zero = TOps.Splat(0.0);
        var dt = TOps.Splat(PendulumEnv.Dt);
        fixed (double* pTheta = _theta, pThetaDot = _thetaDot, pSin = _sinTheta, pReward = Rewards)
        fixed (float* pAction = actions, pObs = Observations)
        fixed (bool* pTerminated = Terminated, pTruncated = Truncated)
        fixed (int* pElapsed = _elapsed)
        {
            int i = start;
            for (; i + w <= end; i += w)
            {
                var u = Clamp<TOps, TV>(TOps.LoadWidened(pAction + i), PendulumEnv.MaxTorque);
                var theta = TOps.Load(pTheta + i);
                var thetaDot = TOps.Load(pThetaDot + i);

                // angle_normalize(θ) = ((θ + π) % 2π) − π with Python's floor modulo; costs with libm's pow(x, 2).
                var r = LibmExact.Remainder<TOps, TV>(TOps.Add(theta, TOps.Splat(Math.PI)), twoPi);
                r = TOps.Select(TOps.LessThan(r, zero), TOps.Add(r, TOps.Splat(twoPi)), r);
                var normalized = TOps.Subtract(r, TOps.Splat(Math.PI));
                var costs = TOps.Add(TOps.Add(LibmExact.Square<TOps, TV>(normalized),
                        TOps.Multiply(TOps.Splat(0.1), LibmExact.Square<TOps, TV>(thetaDot))),
                    TOps.Multiply(TOps.Splat(0.001), LibmExact.Square<TOps, TV>(u)));
                TOps.Store(pReward + i, TOps.Negate(costs));

                var acceleration = TOps.Add(TOps.Multiply(TOps.Splat(3 * PendulumEnv.G / (2 * PendulumEnv.L)), TOps.Load(pSin + i)),
                    TOps.Multiply(TOps.Splat(3.0 / (PendulumEnv.M * (PendulumEnv.L * PendulumEnv.L))), u));
                thetaDot = Clamp<TOps, TV>(TOps.Add(thetaDot, TOps.Multiply(acceleration, dt)), PendulumEnv.MaxSpeed);
                theta = TOps.Add(theta, TOps.Multiply(thetaDot, dt));
                TOps.Store(pTheta + i, theta);
                TOps.Store(pThetaDot + i, thetaDot);

                TV sin, cos;
                uint fallback = allLanes;
                if (vectorSinCos) LibmSinCos.SinCos<TOps, TV>(theta, out sin, out cos, out fallback);
                else sin = cos = theta;
                if (fallback != 0) LibmSinCos.PatchLanes<TOps, TV>(theta, ref sin, ref cos, fallback);
                TOps.Store(pSin + i, sin);
                TOps.StoreRows3(pObs + 3 * i, cos, sin, thetaDot);

                TOps.StoreBools(pTerminated + i, zero);
                var truncated = TOps.IncrementCounters(pElapsed + i, limit);
                TOps.StoreBools(pTruncated + i, limited ? truncated : zero);
            }
            return i;
        }
    }

    /// <summary><see cref="Math.Clamp(double, double, double)"/> to [−bound, bound] per lane (compare and select, like the scalar).</summary>
    private static TV Clamp<TOps, TV>(TV v, double bound) where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        var lo = TOps.Splat(-bound);
        var hi = TOps.Splat(bound);
        return TOps.Select(TOps.LessThan(v, lo), lo, TOps.Select(TOps.GreaterThan(v, hi), hi, v));
    }

    /// <inheritdoc />
    protected override void ResetEnv(int index, int? seed, IReadOnlyDictionary<string, double>? options)
    {
        ResetOptions.Check(Name, options, OptionKeys);
        double x = ResetOptions.Get(options, "x_init", PendulumEnv.DefaultX), y = ResetOptions.Get(options, "y_init", PendulumEnv.DefaultY);
        var rng = EnvRandom(index, seed);
        double theta = rng.Uniform(-x, x), thetaDot = rng.Uniform(-y, y);
        _theta[index] = theta; _thetaDot[index] = thetaDot;
        _elapsed[index] = 0;
        WriteObservation(index);
    }

    private void WriteObservation(int index)
    {
        var (sin, cos) = Math.SinCos(_theta[index]);
        _sinTheta[index] = sin;
        var row = Observation(index);
        row[0] = (float)cos; row[1] = (float)sin; row[2] = (float)_thetaDot[index];
    }

    /// <inheritdoc />
    protected override void ValidateActions(ReadOnlySpan<float> actions)
    {
        for (int i = 0; i < actions.Length; i++)
            if (float.IsNaN(actions[i])) ThrowInvalidAction(i, actions);
    }

}
