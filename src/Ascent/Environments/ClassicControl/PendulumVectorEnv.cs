using System.Numerics;
using System.Runtime.InteropServices;
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
    // Lanes left to libm by the vector loop: their inputs, and a list of (vector start, lanes) per stepped range.
    private readonly double[] _oldTheta, _oldThetaDot, _normalized;
    private readonly int[] _pendingStart;
    private readonly ulong[] _pendingLanes;
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
        _oldTheta = new double[numEnvs]; _oldThetaDot = new double[numEnvs]; _normalized = new double[numEnvs];
        _pendingStart = new int[numEnvs];
        _pendingLanes = new ulong[numEnvs];
        LibmSinCos.InitializeBeforeKernelsCompile();
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
    /// <remarks>
    /// The vector loop calls nothing: a call inside it would force every live vector onto the stack on every iteration
    /// (all vector registers are caller-saved), and the speed would then depend on the stack's alignment. Lanes whose
    /// fmod, pow(x, 2) or sin/cos must come from libm (about one pow in ten) are listed instead, with the inputs they
    /// need, and <see cref="FixLanes"/> recomputes them afterwards with the scalar environment's operations.
    /// </remarks>
    private unsafe int StepVectors<TOps, TV>(int start, int end, ReadOnlySpan<float> actions)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        int w = TOps.Width;
        uint allLanes = (1u << w) - 1;
        bool vectorSinCos = LibmSinCos.IsExact(_path);
        bool glibc = LibmExact.IsGlibc;
        int limit = _maxEpisodeSteps ?? int.MaxValue;
        bool limited = _maxEpisodeSteps.HasValue;
        const double twoPi = 2 * Math.PI;
        var zero = TOps.Splat(0.0);
        var dt = TOps.Splat(PendulumEnv.Dt);
        int pending = 0;
        int i = start;
        fixed (double* pTheta = _theta, pThetaDot = _thetaDot, pSin = _sinTheta, pReward = Rewards)
        fixed (double* pOldTheta = _oldTheta, pOldThetaDot = _oldThetaDot, pNormalized = _normalized)
        fixed (float* pAction = actions, pObs = Observations)
        fixed (bool* pTerminated = Terminated, pTruncated = Truncated)
        fixed (int* pElapsed = _elapsed, pPendingStart = _pendingStart)
        fixed (ulong* pPendingLanes = _pendingLanes)
        {
            for (; i + w <= end; i += w)
            {
                var u = Clamp<TOps, TV>(TOps.LoadWidened(pAction + i), PendulumEnv.MaxTorque);
                var theta = TOps.Load(pTheta + i);
                var thetaDot = TOps.Load(pThetaDot + i);

                // angle_normalize(θ) = ((θ + π) % 2π) − π with Python's floor modulo; costs with libm's pow(x, 2).
                var r = LibmExact.RemainderFast<TOps, TV>(TOps.Add(theta, TOps.Splat(Math.PI)), twoPi, out uint fmodLanes);
                r = TOps.Select(TOps.LessThan(r, zero), TOps.Add(r, TOps.Splat(twoPi)), r);
                var normalized = TOps.Subtract(r, TOps.Splat(Math.PI));
                var angleCost = LibmExact.SquareFast<TOps, TV>(normalized, out uint powAngleLanes);
                var speedCost = LibmExact.SquareFast<TOps, TV>(thetaDot, out uint powSpeedLanes);
                var torqueCost = LibmExact.SquareFast<TOps, TV>(u, out uint powTorqueLanes);
                if (!glibc) powAngleLanes = powSpeedLanes = powTorqueLanes = allLanes;
                var costs = TOps.Add(TOps.Add(angleCost, TOps.Multiply(TOps.Splat(0.1), speedCost)), TOps.Multiply(TOps.Splat(0.001), torqueCost));
                TOps.Store(pReward + i, TOps.Negate(costs));
                var oldTheta = theta;
                var oldThetaDot = thetaDot;

                var acceleration = TOps.Add(TOps.Multiply(TOps.Splat(3 * PendulumEnv.G / (2 * PendulumEnv.L)), TOps.Load(pSin + i)),
                    TOps.Multiply(TOps.Splat(3.0 / (PendulumEnv.M * (PendulumEnv.L * PendulumEnv.L))), u));
                thetaDot = Clamp<TOps, TV>(TOps.Add(thetaDot, TOps.Multiply(acceleration, dt)), PendulumEnv.MaxSpeed);
                theta = TOps.Add(theta, TOps.Multiply(thetaDot, dt));
                TOps.Store(pTheta + i, theta);
                TOps.Store(pThetaDot + i, thetaDot);

                TV sin, cos;
                uint sinCosLanes = allLanes;
                if (vectorSinCos) LibmSinCos.SinCos<TOps, TV>(theta, out sin, out cos, out sinCosLanes);
                else sin = cos = theta;
                TOps.Store(pSin + i, sin);
                TOps.StoreRows3(pObs + 3 * i, cos, sin, thetaDot);

                TOps.StoreBools(pTerminated + i, zero);
                var truncated = TOps.IncrementCounters(pElapsed + i, limit);
                TOps.StoreBools(pTruncated + i, limited ? truncated : zero);

                ulong lanes = fmodLanes | (ulong)powAngleLanes << LaneSet.PowAngle | (ulong)powSpeedLanes << LaneSet.PowSpeed
                    | (ulong)powTorqueLanes << LaneSet.PowTorque | (ulong)sinCosLanes << LaneSet.SinCos;
                if (lanes != 0)
                {
                    // Slots start…start+pending−1 hold this range's list (never more entries than envs in the range).
                    TOps.Store(pOldTheta + i, oldTheta);
                    TOps.Store(pOldThetaDot + i, oldThetaDot);
                    TOps.Store(pNormalized + i, normalized);
                    pPendingStart[start + pending] = i;
                    pPendingLanes[start + pending] = lanes;
                    pending++;
                }
            }
        }
        FixLanes(start, pending, w, actions);
        return i;
    }

    /// <summary>Where each kind of libm lane sits in a vector's 64-bit list entry (eight bits per kind; fmod at bit 0).</summary>
    private static class LaneSet
    {
        public const int PowAngle = 8, PowSpeed = 16, PowTorque = 24, SinCos = 32;
    }

    /// <summary>
    /// Recomputes the listed lanes with libm, exactly as <see cref="PendulumEnv"/> computes them: the reward from
    /// <c>(θ + π) % 2π</c> and <see cref="Math.Pow(double, double)"/> where the vector shortcuts could not prove
    /// their result (the other terms are the exact squares already proven equal), and sin/cos of the new angle
    /// from <see cref="Math.SinCos"/>.
    /// </summary>
    private void FixLanes(int start, int pending, int width, ReadOnlySpan<float> actions)
    {
        for (int p = start; p < start + pending; p++)
        {
            int i = _pendingStart[p];
            ulong lanes = _pendingLanes[p];
            uint costLanes = (uint)(lanes | lanes >> LaneSet.PowAngle | lanes >> LaneSet.PowSpeed | lanes >> LaneSet.PowTorque) & 0xFF;
            for (uint set = costLanes; set != 0; set &= set - 1)
            {
                int lane = BitOperations.TrailingZeroCount(set), k = i + lane;
                bool fmod = (lanes >> lane & 1) != 0;
                double normalized = fmod ? PendulumEnv.AngleNormalize(_oldTheta[k]) : _normalized[k];
                double angle = fmod || (lanes >> (LaneSet.PowAngle + lane) & 1) != 0 ? Math.Pow(normalized, 2) : normalized * normalized;
                double speed = (lanes >> (LaneSet.PowSpeed + lane) & 1) != 0 ? Math.Pow(_oldThetaDot[k], 2) : _oldThetaDot[k] * _oldThetaDot[k];
                double u = Math.Clamp(actions[k], -(float)PendulumEnv.MaxTorque, (float)PendulumEnv.MaxTorque);
                double torque = (lanes >> (LaneSet.PowTorque + lane) & 1) != 0 ? Math.Pow(u, 2) : u * u;
                Rewards[k] = -(angle + 0.1 * speed + 0.001 * torque); // PendulumEnv.Cost's sum, term by term
            }
            for (uint set = (uint)(lanes >> LaneSet.SinCos) & 0xFF; set != 0; set &= set - 1)
                WriteObservation(i + BitOperations.TrailingZeroCount(set));
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
        // Eight at a time (NaN is the only value unequal to itself), then the scalar loop finds any culprit.
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float first = ref MemoryMarshal.GetReference(actions);
            for (; i + 8 <= actions.Length; i += 8)
            {
                var a = Vector256.LoadUnsafe(ref first, (nuint)i);
                if (!Vector256.EqualsAll(a, a)) break;
            }
        }
        for (; i < actions.Length; i++)
            if (float.IsNaN(actions[i])) ThrowInvalidAction(i, actions);
    }

}
