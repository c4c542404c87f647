using System.Runtime.Intrinsics;
using Ascent.Environments.Vector;
using Ascent.Numerics.Kernels;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// N copies of <see cref="CartPoleEnv"/> in struct-of-arrays form, stepped in one loop; bit-identical to N separate
/// <c>Envs.Make("CartPole-v1")</c> environments in a <see cref="SyncVectorEnv"/> (same seeds, same actions).
/// </summary>
/// <remarks>
/// Same-step automatic reset (see <see cref="VectorEnv"/>), so stepping after termination never happens here.
/// Eight envs per AVX-512 vector (four with AVX2): sin θ and cos θ from <see cref="LibmSinCos"/>, bit-identical to libm
/// (which Gymnasium calls) where its start-up self-check passes and from libm itself otherwise; then the Euler step
/// with the scalar's operations in the scalar's order (no fused multiply-adds), so it rounds identically.
/// </remarks>
public sealed class CartPoleVectorEnv : AutoResetVectorEnv
{
    private readonly double[] _x, _xDot, _theta, _thetaDot, _sin, _cos;
    private readonly int[] _elapsed;
    private readonly int? _maxEpisodeSteps;
    private SimdPath _path = DefaultPath;

    /// <summary>AVX-512 where available, else AVX2 with FMA, else scalar.</summary>
    private static SimdPath DefaultPath =>
        LibmSinCos.IsSupported(SimdPath.Vector512) ? SimdPath.Vector512 : LibmSinCos.IsSupported(SimdPath.Vector256) ? SimdPath.Vector256 : SimdPath.Scalar;

    /// <summary>Creates <paramref name="numEnvs"/> cart-poles truncated after <paramref name="maxEpisodeSteps"/> steps (null: never).</summary>
    public CartPoleVectorEnv(int numEnvs, int? maxEpisodeSteps = 500)
        : base(numEnvs, new CartPoleEnv().ObservationSpace, new CartPoleEnv().ActionSpace)
    {
        if (maxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "CartPoleVectorEnv: maxEpisodeSteps must be at least 1 (or null).");
        _maxEpisodeSteps = maxEpisodeSteps;
        _x = new double[numEnvs]; _xDot = new double[numEnvs]; _theta = new double[numEnvs]; _thetaDot = new double[numEnvs];
        _sin = new double[numEnvs]; _cos = new double[numEnvs];
        _elapsed = new int[numEnvs];
        LibmSinCos.InitializeBeforeKernelsCompile();
    }

    /// <inheritdoc />
    public override string Name => Spec?.Id ?? "CartPole-v1";

    /// <summary>The state <c>[x, ẋ, θ, θ̇]</c> of env <paramref name="index"/>.</summary>
    public double[] GetState(int index) => [_x[index], _xDot[index], _theta[index], _thetaDot[index]];

    /// <summary>Sets the state <c>[x, ẋ, θ, θ̇]</c> of env <paramref name="index"/> and rewrites its observation row (the episode clock is unchanged).</summary>
    public void SetState(int index, ReadOnlySpan<double> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, NumEnvs);
        ResetOptions.CheckStateLength(Name, state, 4);
        (_x[index], _xDot[index], _theta[index], _thetaDot[index]) = (state[0], state[1], state[2], state[3]);
        var row = Observation(index);
        for (int j = 0; j < 4; j++) row[j] = (float)state[j];
    }

    /// <inheritdoc />
    public override bool SupportsState => true;

    /// <inheritdoc />
    protected override void SaveStateCore(VectorEnvState state)
    {
        base.SaveStateCore(state);
        state.Set("x", _x); state.Set("x_dot", _xDot); state.Set("theta", _theta); state.Set("theta_dot", _thetaDot);
        state.Set("elapsed", _elapsed);
    }

    /// <inheritdoc />
    protected override void LoadStateCore(VectorEnvState state)
    {
        base.LoadStateCore(state);
        state.Get("x", _x); state.Get("x_dot", _xDot); state.Get("theta", _theta); state.Get("theta_dot", _thetaDot);
        state.Get("elapsed", _elapsed);
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
    protected override void StepRange(int start, int end, ReadOnlySpan<float> actions)
    {
        int k = _path switch
        {
            SimdPath.Vector512 => StepVectors<SimdDouble512, Vector512<double>>(start, end, actions),
            SimdPath.Vector256 => StepVectors<SimdDouble256, Vector256<double>>(start, end, actions),
            _ => start,
        };
        for (; k < end; k++) StepOne(k, actions[k]);
    }

    /// <summary>Env i, one at a time: <see cref="CartPoleEnv"/>'s own functions.</summary>
    private void StepOne(int i, float action)
    {
        var (sin, cos) = Math.SinCos(_theta[i]);
        (_x[i], _xDot[i], _theta[i], _thetaDot[i]) = CartPoleEnv.Dynamics(_x[i], _xDot[i], _theta[i], _thetaDot[i], CartPoleEnv.Force(action), sin, cos);
        double x = _x[i], theta = _theta[i];
        int o = 4 * i;
        Observations[o] = (float)x; Observations[o + 1] = (float)_xDot[i]; Observations[o + 2] = (float)theta; Observations[o + 3] = (float)_thetaDot[i];
        Rewards[i] = 1.0;
        Terminated[i] = CartPoleEnv.IsTerminal(x, theta);
        Truncated[i] = ++_elapsed[i] >= _maxEpisodeSteps;
    }

    /// <summary>
    /// Steps whole vectors of envs from <paramref name="start"/> on and returns where it stopped. sin and cos come from
    /// <see cref="LibmSinCos"/> where it is verified on this machine, else from libm in a first pass; a vector with an
    /// angle beyond the small-angle kernel (only reachable through <see cref="SetState"/>) is stepped env by env.
    /// </summary>
    private int StepVectors<TOps, TV>(int start, int end, ReadOnlySpan<float> actions)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        int w = TOps.Width;
        bool vectorSinCos = LibmSinCos.IsExact(_path);
        if (!vectorSinCos)
            for (int k = start; k < end; k++) (_sin[k], _cos[k]) = Math.SinCos(_theta[k]);
        int i = start;
        while (true)
        {
            i = StepVectorRun<TOps, TV>(i, end, actions, vectorSinCos);
            if (i + w > end) return i;
            for (int k = i; k < i + w; k++) StepOne(k, actions[k]); // a lane needs libm's sin/cos
            i += w;
        }
    }

    /// <summary>
    /// Steps vectors of envs from <paramref name="start"/> until fewer than a vector remain or a vector has an angle
    /// outside the small-angle kernel (left unstepped); returns the first env not stepped. The Euler step uses
    /// <see cref="CartPoleEnv.Dynamics"/>'s operations in its order (no fused multiply-adds), so every lane rounds as
    /// the scalar does; observations, rewards and flags are written in the same pass.
    /// </summary>
    private unsafe int StepVectorRun<TOps, TV>(int start, int end, ReadOnlySpan<float> actions, bool vectorSinCos)
        where TOps : ISimdDouble<TV> where TV : unmanaged
    {
        int w = TOps.Width;
        int limit = _maxEpisodeSteps ?? int.MaxValue;
        bool limited = _maxEpisodeSteps.HasValue;
        fixed (double* px = _x, pxDot = _xDot, pTheta = _theta, pThetaDot = _thetaDot, pSin = _sin, pCos = _cos, pReward = Rewards)
        fixed (float* pAction = actions, pObs = Observations)
        fixed (bool* pTerminated = Terminated, pTruncated = Truncated)
        fixed (int* pElapsed = _elapsed)
        {
            int i = start;
            for (; i + w <= end; i += w)
            {
                var theta = TOps.Load(pTheta + i);
                TV sin, cos;
                if (vectorSinCos)
                {
                    LibmSinCos.SinCosSmall<TOps, TV>(theta, out sin, out cos, out uint fallback);
                    if (fallback != 0) break;
                }
                else
                {
                    sin = TOps.Load(pSin + i);
                    cos = TOps.Load(pCos + i);
                }

                var force = TOps.Multiply(TOps.Splat(CartPoleEnv.ForceMag), TOps.Subtract(TOps.Multiply(TOps.Splat(2.0), TOps.LoadWidened(pAction + i)), TOps.Splat(1.0)));
                var x = TOps.Load(px + i);
                var xDot = TOps.Load(pxDot + i);
                var thetaDot = TOps.Load(pThetaDot + i);

                // CartPoleEnv.Dynamics, operation for operation.
                var temp = TOps.Divide(TOps.Add(force, TOps.Multiply(TOps.Multiply(TOps.Splat(CartPoleEnv.PoleMassLength), TOps.Multiply(thetaDot, thetaDot)), sin)), TOps.Splat(CartPoleEnv.TotalMass));
                var thetaAcc = TOps.Divide(
                    TOps.Subtract(TOps.Multiply(TOps.Splat(CartPoleEnv.Gravity), sin), TOps.Multiply(cos, temp)),
                    TOps.Multiply(TOps.Splat(CartPoleEnv.Length),
                        TOps.Subtract(TOps.Splat(4.0 / 3.0), TOps.Divide(TOps.Multiply(TOps.Splat(CartPoleEnv.MassPole), TOps.Multiply(cos, cos)), TOps.Splat(CartPoleEnv.TotalMass)))));
                var xAcc = TOps.Subtract(temp, TOps.Divide(TOps.Multiply(TOps.Multiply(TOps.Splat(CartPoleEnv.PoleMassLength), thetaAcc), cos), TOps.Splat(CartPoleEnv.TotalMass)));
                x = TOps.Add(x, TOps.Multiply(TOps.Splat(CartPoleEnv.Tau), xDot));
                xDot = TOps.Add(xDot, TOps.Multiply(TOps.Splat(CartPoleEnv.Tau), xAcc));
                theta = TOps.Add(theta, TOps.Multiply(TOps.Splat(CartPoleEnv.Tau), thetaDot));
                thetaDot = TOps.Add(thetaDot, TOps.Multiply(TOps.Splat(CartPoleEnv.Tau), thetaAcc));
                TOps.Store(px + i, x);
                TOps.Store(pxDot + i, xDot);
                TOps.Store(pTheta + i, theta);
                TOps.Store(pThetaDot + i, thetaDot);

                TOps.StoreRows4(pObs + 4 * i, x, xDot, theta, thetaDot);
                TOps.Store(pReward + i, TOps.Splat(1.0));
                // x < −t || x > t is |x| > t (both false for NaN).
                var terminated = TOps.Or(TOps.GreaterThan(TOps.Abs(x), TOps.Splat(CartPoleEnv.XThreshold)),
                    TOps.GreaterThan(TOps.Abs(theta), TOps.Splat(CartPoleEnv.ThetaThresholdRadians)));
                TOps.StoreBools(pTerminated + i, terminated);
                var truncated = TOps.IncrementCounters(pElapsed + i, limit);
                TOps.StoreBools(pTruncated + i, limited ? truncated : TOps.Splat(0.0));
            }
            return i;
        }
    }

    /// <inheritdoc />
    protected override void ValidateActions(ReadOnlySpan<float> actions)
    {
        // Branch-free: with random actions a per-element "is it 0 or 1" branch is mispredicted half the time.
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= actions.Length; i += 8)
            {
                var a = Vector256.Create(actions.Slice(i, 8));
                if (!(Vector256.Equals(a, Vector256<float>.Zero) | Vector256.Equals(a, Vector256<float>.One)).AsInt32().Equals(Vector256<int>.AllBitsSet))
                    break; // the scalar loop below finds the culprit
            }
        }
        for (; i < actions.Length; i++)
        {
            float a = actions[i];
            if (a != 0f && a != 1f) ThrowInvalidAction(i, actions);
        }
    }

    /// <inheritdoc />
    protected override void ResetEnv(int index, int? seed, IReadOnlyDictionary<string, double>? options)
    {
        var (low, high) = options is null ? (-0.05, 0.05) : ResetOptions.Bounds(Name, options, -0.05, 0.05);
        Span<double> draws = stackalloc double[4];
        EnvRandom(index, seed).Uniform(low, high, draws); // four consecutive Uniform(low, high) draws, as CartPoleEnv
        double x = draws[0], xDot = draws[1], theta = draws[2], thetaDot = draws[3];
        _x[index] = x; _xDot[index] = xDot; _theta[index] = theta; _thetaDot[index] = thetaDot;
        _elapsed[index] = 0;
        var row = Observation(index);
        row[0] = (float)x; row[1] = (float)xDot; row[2] = (float)theta; row[3] = (float)thetaDot;
    }
}
