using Ascent.Environments.Vector;
using Ascent.Numerics;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// N copies of <see cref="PendulumEnv"/> in struct-of-arrays form, stepped in one loop; bit-identical to N separate
/// <c>Envs.Make("Pendulum-v1")</c> environments in a <see cref="SyncVectorEnv"/>.
/// </summary>
/// <remarks>
/// Same-step automatic reset (see <see cref="VectorEnv"/>). sin θ of the next step is kept from the observation, so
/// each step costs one <see cref="Math.SinCos"/>, one floor-modulo and three libm <c>pow(x, 2)</c> calls, the
/// operations that make it bit-exact with Gymnasium.
/// </remarks>
public sealed class PendulumVectorEnv : AutoResetVectorEnv
{
    private static readonly string[] OptionKeys = ["x_init", "y_init"];
    private readonly double[] _theta, _thetaDot, _sinTheta;
    private readonly int[] _elapsed;
    private readonly Rng?[] _rngs;
    private readonly int? _maxEpisodeSteps;

    /// <summary>Creates <paramref name="numEnvs"/> pendulums truncated after <paramref name="maxEpisodeSteps"/> steps (null: never).</summary>
    public PendulumVectorEnv(int numEnvs, int? maxEpisodeSteps = 200)
        : base(numEnvs, new PendulumEnv().ObservationSpace, new PendulumEnv().ActionSpace)
    {
        if (maxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "PendulumVectorEnv: maxEpisodeSteps must be at least 1 (or null).");
        _maxEpisodeSteps = maxEpisodeSteps;
        _theta = new double[numEnvs]; _thetaDot = new double[numEnvs]; _sinTheta = new double[numEnvs];
        _elapsed = new int[numEnvs];
        _rngs = new Rng?[numEnvs];
    }

    /// <inheritdoc />
    public override string Name => Spec?.Id ?? "Pendulum-v1";

    /// <summary>The state <c>[θ, θ̇]</c> of env <paramref name="index"/>.</summary>
    public double[] GetState(int index) => [_theta[index], _thetaDot[index]];

    /// <inheritdoc />
    protected override void StepRange(int start, int end, ReadOnlySpan<float> actions)
    {
        var obs = Observations;
        int? max = _maxEpisodeSteps;
        for (int i = start; i < end; i++)
        {
            float a = actions[i];
            if (float.IsNaN(a)) ThrowNaN(i);
            double u = Math.Clamp(a, -(float)PendulumEnv.MaxTorque, (float)PendulumEnv.MaxTorque);
            double costs = PendulumEnv.Cost(_theta[i], _thetaDot[i], u);
            var (theta, thetaDot) = PendulumEnv.Dynamics(_theta[i], _thetaDot[i], u, _sinTheta[i]);
            _theta[i] = theta; _thetaDot[i] = thetaDot;
            var (sin, cos) = Math.SinCos(theta);
            _sinTheta[i] = sin;
            int o = 3 * i;
            obs[o] = (float)cos; obs[o + 1] = (float)sin; obs[o + 2] = (float)thetaDot;
            Rewards[i] = -costs;
            Terminated[i] = false;
            Truncated[i] = ++_elapsed[i] >= max;
        }
    }

    /// <inheritdoc />
    protected override void ResetEnv(int index, int? seed, IReadOnlyDictionary<string, double>? options)
    {
        ResetOptions.Check(Name, options, OptionKeys);
        double x = ResetOptions.Get(options, "x_init", PendulumEnv.DefaultX), y = ResetOptions.Get(options, "y_init", PendulumEnv.DefaultY);
        if (seed is int s) _rngs[index] = new Rng((ulong)s);
        var rng = _rngs[index] ??= new Rng((ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue));
        double theta = rng.Uniform(-x, x), thetaDot = rng.Uniform(-y, y);
        _theta[index] = theta; _thetaDot[index] = thetaDot;
        _elapsed[index] = 0;
        var (sin, cos) = Math.SinCos(theta);
        _sinTheta[index] = sin;
        var row = Observation(index);
        row[0] = (float)cos; row[1] = (float)sin; row[2] = (float)thetaDot;
    }

    private void ThrowNaN(int index) =>
        throw new ArgumentException($"{Name} env {index} of {NumEnvs}: the action NaN contains NaN; the action space is {SingleActionSpace}.", "actions");
}
