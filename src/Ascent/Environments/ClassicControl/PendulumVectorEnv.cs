using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Ascent.Environments.Vector;

namespace Ascent.Environments.ClassicControl;

/// <summary>
/// N copies of <see cref="PendulumEnv"/> in struct-of-arrays form, stepped in one loop; bit-identical to N separate
/// <c>Envs.Make("Pendulum-v1")</c> environments in a <see cref="SyncVectorEnv"/>.
/// </summary>
/// <remarks>
/// Same-step automatic reset (see <see cref="VectorEnv"/>). sin θ of the next step is kept from the observation, so
/// each step costs one libm <see cref="Math.SinCos"/>; the cost and dynamics run four envs at a time with 256-bit
/// vectors, using <see cref="LibmExact"/>'s provably exact fmod and pow(x, 2) shortcuts.
/// </remarks>
public sealed class PendulumVectorEnv : AutoResetVectorEnv
{
    private static readonly string[] OptionKeys = ["x_init", "y_init"];
    private readonly double[] _theta, _thetaDot, _sinTheta;
    private readonly int[] _elapsed;
    private readonly int? _maxEpisodeSteps;

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
        int i = start;
        if (LibmExact.VectorsSupported)
            for (; i + 4 <= end; i += 4) StepPhysics4(i, actions);
        for (; i < end; i++)
        {
            double u = Math.Clamp(actions[i], -(float)PendulumEnv.MaxTorque, (float)PendulumEnv.MaxTorque);
            Rewards[i] = -PendulumEnv.Cost(_theta[i], _thetaDot[i], u);
            (_theta[i], _thetaDot[i]) = PendulumEnv.Dynamics(_theta[i], _thetaDot[i], u, _sinTheta[i]);
        }

        int? max = _maxEpisodeSteps;
        for (i = start; i < end; i++)
        {
            WriteObservation(i);
            Terminated[i] = false;
            Truncated[i] = ++_elapsed[i] >= max;
        }
    }

    /// <summary>
    /// Cost and semi-implicit Euler step of envs i…i+3 with 256-bit vectors: the same IEEE operations in the same
    /// order as <see cref="PendulumEnv.Cost"/> and <see cref="PendulumEnv.Dynamics"/>, with fmod and pow(x, 2) from
    /// <see cref="LibmExact"/>.
    /// </summary>
    private void StepPhysics4(int i, ReadOnlySpan<float> actions)
    {
        var a = Avx.ConvertToVector256Double(Vector128.Create(actions.Slice(i, 4)));
        var u = Clamp(a, PendulumEnv.MaxTorque);
        var theta = Vector256.Create<double>(_theta.AsSpan(i, 4));
        var thetaDot = Vector256.Create<double>(_thetaDot.AsSpan(i, 4));
        var sinTheta = Vector256.Create<double>(_sinTheta.AsSpan(i, 4));

        // angle_normalize(θ) = ((θ + π) % 2π) − π with Python's floor modulo.
        const double twoPi = 2 * Math.PI;
        var r = LibmExact.Remainder(theta + Vector256.Create(Math.PI), twoPi);
        r = Vector256.ConditionalSelect(Vector256.LessThan(r, Vector256<double>.Zero), r + Vector256.Create(twoPi), r);
        var normalized = r - Vector256.Create(Math.PI);
        var costs = LibmExact.Square(normalized) + Vector256.Create(0.1) * LibmExact.Square(thetaDot) + Vector256.Create(0.001) * LibmExact.Square(u);
        (-costs).CopyTo(Rewards.AsSpan(i, 4));

        var newThetaDot = thetaDot + (Vector256.Create(3 * PendulumEnv.G / (2 * PendulumEnv.L)) * sinTheta
                                      + Vector256.Create(3.0 / (PendulumEnv.M * (PendulumEnv.L * PendulumEnv.L))) * u) * Vector256.Create(PendulumEnv.Dt);
        newThetaDot = Clamp(newThetaDot, PendulumEnv.MaxSpeed);
        (theta + newThetaDot * Vector256.Create(PendulumEnv.Dt)).CopyTo(_theta.AsSpan(i, 4));
        newThetaDot.CopyTo(_thetaDot.AsSpan(i, 4));
    }

    /// <summary><see cref="Math.Clamp(double, double, double)"/> to [−bound, bound] per lane (compare and select, like the scalar).</summary>
    private static Vector256<double> Clamp(Vector256<double> v, double bound)
    {
        var lo = Vector256.Create(-bound);
        var hi = Vector256.Create(bound);
        return Vector256.ConditionalSelect(Vector256.LessThan(v, lo), lo, Vector256.ConditionalSelect(Vector256.GreaterThan(v, hi), hi, v));
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
