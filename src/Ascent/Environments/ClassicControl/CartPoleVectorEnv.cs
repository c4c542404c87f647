using Ascent.Environments.Spaces;
using Ascent.Environments.Vector;
using Ascent.Numerics;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// N copies of <see cref="CartPoleEnv"/> in struct-of-arrays form, stepped in one loop; bit-identical to N separate
/// <c>Envs.Make("CartPole-v1")</c> environments in a <see cref="SyncVectorEnv"/> (same seeds, same actions).
/// </summary>
/// <remarks>
/// Same-step automatic reset (see <see cref="VectorEnv"/>), so stepping after termination never happens here.
/// sin θ and cos θ come from libm (one <see cref="Math.SinCos"/> call, identical to separate Sin and Cos), which is
/// what makes the batch bit-exact and also what bounds its speed.
/// </remarks>
public sealed class CartPoleVectorEnv : AutoResetVectorEnv
{
    private readonly double[] _x, _xDot, _theta, _thetaDot;
    private readonly int[] _elapsed;
    private readonly Rng?[] _rngs;
    private readonly int? _maxEpisodeSteps;

    /// <summary>Creates <paramref name="numEnvs"/> cart-poles truncated after <paramref name="maxEpisodeSteps"/> steps (null: never).</summary>
    public CartPoleVectorEnv(int numEnvs, int? maxEpisodeSteps = 500)
        : base(numEnvs, new CartPoleEnv().ObservationSpace, new CartPoleEnv().ActionSpace)
    {
        if (maxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "CartPoleVectorEnv: maxEpisodeSteps must be at least 1 (or null).");
        _maxEpisodeSteps = maxEpisodeSteps;
        _x = new double[numEnvs]; _xDot = new double[numEnvs]; _theta = new double[numEnvs]; _thetaDot = new double[numEnvs];
        _elapsed = new int[numEnvs];
        _rngs = new Rng?[numEnvs];
    }

    /// <inheritdoc />
    public override string Name => Spec?.Id ?? "CartPole-v1";

    /// <summary>The state <c>[x, ẋ, θ, θ̇]</c> of env <paramref name="index"/>.</summary>
    public double[] GetState(int index) => [_x[index], _xDot[index], _theta[index], _thetaDot[index]];

    /// <inheritdoc />
    protected override void StepRange(int start, int end, ReadOnlySpan<float> actions)
    {
        var obs = Observations;
        int? max = _maxEpisodeSteps;
        for (int i = start; i < end; i++)
        {
            float a = actions[i];
            if (a != 0f && a != 1f) ThrowBadAction(i, a);
            double force = a == 1f ? CartPoleEnv.ForceMag : -CartPoleEnv.ForceMag;
            var (sin, cos) = Math.SinCos(_theta[i]);
            var (x, xDot, theta, thetaDot) = CartPoleEnv.Dynamics(_x[i], _xDot[i], _theta[i], _thetaDot[i], force, sin, cos);
            _x[i] = x; _xDot[i] = xDot; _theta[i] = theta; _thetaDot[i] = thetaDot;
            int o = 4 * i;
            obs[o] = (float)x; obs[o + 1] = (float)xDot; obs[o + 2] = (float)theta; obs[o + 3] = (float)thetaDot;
            Rewards[i] = 1.0;
            Terminated[i] = CartPoleEnv.IsTerminal(x, theta);
            Truncated[i] = ++_elapsed[i] >= max;
        }
    }

    /// <inheritdoc />
    protected override void ResetEnv(int index, int? seed, IReadOnlyDictionary<string, double>? options)
    {
        var (low, high) = ResetOptions.Bounds(Name, options, -0.05, 0.05);
        if (seed is int s) _rngs[index] = new Rng((ulong)s);
        var rng = _rngs[index] ??= new Rng((ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue));
        double x = rng.Uniform(low, high), xDot = rng.Uniform(low, high), theta = rng.Uniform(low, high), thetaDot = rng.Uniform(low, high);
        _x[index] = x; _xDot[index] = xDot; _theta[index] = theta; _thetaDot[index] = thetaDot;
        _elapsed[index] = 0;
        var row = Observation(index);
        row[0] = (float)x; row[1] = (float)xDot; row[2] = (float)theta; row[3] = (float)thetaDot;
    }

    private void ThrowBadAction(int index, float action) =>
        throw new ArgumentOutOfRangeException("actions", $"{Name} env {index} of {NumEnvs}: the action {ActionCheck.Format([action])} is not in the action space {SingleActionSpace}.");
}
