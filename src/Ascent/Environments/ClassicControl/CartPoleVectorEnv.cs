using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Ascent.Environments.Vector;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// N copies of <see cref="CartPoleEnv"/> in struct-of-arrays form, stepped in one loop; bit-identical to N separate
/// <c>Envs.Make("CartPole-v1")</c> environments in a <see cref="SyncVectorEnv"/> (same seeds, same actions).
/// </summary>
/// <remarks>
/// Same-step automatic reset (see <see cref="VectorEnv"/>), so stepping after termination never happens here.
/// sin θ and cos θ come from libm (one <see cref="Math.SinCos"/> call, identical to separate Sin and Cos), which is
/// what makes the batch bit-exact and also what bounds its speed; the Euler step then runs four envs per 256-bit
/// vector with the scalar's operations in the scalar's order (no fused multiply-adds), so it rounds identically.
/// </remarks>
public sealed class CartPoleVectorEnv : AutoResetVectorEnv
{
    private readonly double[] _x, _xDot, _theta, _thetaDot, _sin, _cos;
    private readonly int[] _elapsed;
    private readonly int? _maxEpisodeSteps;

    /// <summary>Creates <paramref name="numEnvs"/> cart-poles truncated after <paramref name="maxEpisodeSteps"/> steps (null: never).</summary>
    public CartPoleVectorEnv(int numEnvs, int? maxEpisodeSteps = 500)
        : base(numEnvs, new CartPoleEnv().ObservationSpace, new CartPoleEnv().ActionSpace)
    {
        if (maxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "CartPoleVectorEnv: maxEpisodeSteps must be at least 1 (or null).");
        _maxEpisodeSteps = maxEpisodeSteps;
        _x = new double[numEnvs]; _xDot = new double[numEnvs]; _theta = new double[numEnvs]; _thetaDot = new double[numEnvs];
        _sin = new double[numEnvs]; _cos = new double[numEnvs];
        _elapsed = new int[numEnvs];
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

    /// <inheritdoc />
    protected override void StepRange(int start, int end, ReadOnlySpan<float> actions)
    {
        // Pass 1: libm sin/cos (the one operation that cannot be vectorised bit-exactly).
        for (int i = start; i < end; i++) (_sin[i], _cos[i]) = Math.SinCos(_theta[i]);

        // Pass 2: the Euler step, four envs per 256-bit vector, same operations and order as CartPoleEnv.Dynamics.
        int k = start;
        if (Vector256.IsHardwareAccelerated && Avx.IsSupported)
            for (; k + 4 <= end; k += 4) Dynamics4(k, actions);
        for (; k < end; k++)
        {
            double force = CartPoleEnv.Force(actions[k]);
            (_x[k], _xDot[k], _theta[k], _thetaDot[k]) = CartPoleEnv.Dynamics(_x[k], _xDot[k], _theta[k], _thetaDot[k], force, _sin[k], _cos[k]);
        }

        // Pass 3: observations and flags.
        var obs = Observations;
        int? max = _maxEpisodeSteps;
        for (int i = start; i < end; i++)
        {
            double x = _x[i], theta = _theta[i];
            int o = 4 * i;
            obs[o] = (float)x; obs[o + 1] = (float)_xDot[i]; obs[o + 2] = (float)theta; obs[o + 3] = (float)_thetaDot[i];
            Rewards[i] = 1.0;
            Terminated[i] = CartPoleEnv.IsTerminal(x, theta);
            Truncated[i] = ++_elapsed[i] >= max;
        }
    }

    private void Dynamics4(int i, ReadOnlySpan<float> actions)
    {
        var a = Avx.ConvertToVector256Double(Vector128.Create(actions.Slice(i, 4)));
        var force = Vector256.ConditionalSelect(Vector256.Equals(a, Vector256<double>.One), Vector256.Create(CartPoleEnv.ForceMag), Vector256.Create(-CartPoleEnv.ForceMag));
        var x = Vector256.Create<double>(_x.AsSpan(i, 4));
        var xDot = Vector256.Create<double>(_xDot.AsSpan(i, 4));
        var theta = Vector256.Create<double>(_theta.AsSpan(i, 4));
        var thetaDot = Vector256.Create<double>(_thetaDot.AsSpan(i, 4));
        var sin = Vector256.Create<double>(_sin.AsSpan(i, 4));
        var cos = Vector256.Create<double>(_cos.AsSpan(i, 4));
        var poleMassLength = Vector256.Create(CartPoleEnv.PoleMassLength);
        var totalMass = Vector256.Create(CartPoleEnv.TotalMass);
        var tau = Vector256.Create(CartPoleEnv.Tau);

        var temp = (force + poleMassLength * (thetaDot * thetaDot) * sin) / totalMass;
        var thetaAcc = (Vector256.Create(CartPoleEnv.Gravity) * sin - cos * temp)
                       / (Vector256.Create(CartPoleEnv.Length) * (Vector256.Create(4.0 / 3.0) - Vector256.Create(CartPoleEnv.MassPole) * (cos * cos) / totalMass));
        var xAcc = temp - poleMassLength * thetaAcc * cos / totalMass;
        (x + tau * xDot).CopyTo(_x.AsSpan(i, 4));
        (xDot + tau * xAcc).CopyTo(_xDot.AsSpan(i, 4));
        (theta + tau * thetaDot).CopyTo(_theta.AsSpan(i, 4));
        (thetaDot + tau * thetaAcc).CopyTo(_thetaDot.AsSpan(i, 4));
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
        var (low, high) = ResetOptions.Bounds(Name, options, -0.05, 0.05);
        var rng = EnvRandom(index, seed);
        double x = rng.Uniform(low, high), xDot = rng.Uniform(low, high), theta = rng.Uniform(low, high), thetaDot = rng.Uniform(low, high);
        _x[index] = x; _xDot[index] = xDot; _theta[index] = theta; _thetaDot[index] = thetaDot;
        _elapsed[index] = 0;
        var row = Observation(index);
        row[0] = (float)x; row[1] = (float)xDot; row[2] = (float)theta; row[3] = (float)thetaDot;
    }
}
