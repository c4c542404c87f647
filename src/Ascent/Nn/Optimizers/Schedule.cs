namespace Ascent.Nn.Optimizers;

/// <summary>A hyperparameter (learning rate, clip range, …) as a function of training progress.</summary>
/// <remarks>
/// Progress is counted in whatever unit the caller chooses (updates, environment steps) and starts at 0.
/// A linear decay from <c>lr₀</c> to 0 over <c>T</c> reproduces Stable-Baselines3's <c>lin_lr₀</c>
/// (<c>lr = lr₀ · (1 − t/T)</c> with <c>t</c> the timesteps so far) and CleanRL's annealing
/// (<c>lr = lr₀ · (1 − (u−1)/U)</c> at update <c>u</c> of <c>U</c>, i.e. <c>t = u − 1</c>, <c>T = U</c>).
/// </remarks>
public abstract class Schedule
{
    /// <summary>The value after <paramref name="progress"/> units (≥ 0).</summary>
    public abstract float ValueAt(long progress);

    /// <summary>The same value at every point.</summary>
    public static Schedule Constant(float value) => new ConstantSchedule(value);

    /// <summary>
    /// <c>initial + (final − initial) · min(t / horizon, 1)</c>: a straight line from <paramref name="initial"/> at
    /// <c>t = 0</c> to <paramref name="final"/> at <c>t = horizon</c>, then constant.
    /// </summary>
    public static Schedule Linear(float initial, float final, long horizon) => new LinearSchedule(initial, final, horizon);

    private protected static void CheckFinite(string option, float value)
    {
        if (!float.IsFinite(value)) throw new ArgumentOutOfRangeException(option, value, $"Schedule: {option} = {value} must be finite.");
    }

    private protected static void CheckProgress(long progress)
    {
        if (progress < 0) throw new ArgumentOutOfRangeException(nameof(progress), progress, "Schedule.ValueAt: progress must be ≥ 0.");
    }
}

/// <summary>A schedule that never changes.</summary>
public sealed class ConstantSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    public ConstantSchedule(float value) { CheckFinite(nameof(value), value); Value = value; }

    /// <summary>The value.</summary>
    public float Value { get; }

    /// <inheritdoc />
    public override float ValueAt(long progress) { CheckProgress(progress); return Value; }

    /// <inheritdoc />
    public override string ToString() => $"Constant({Value})";
}

/// <summary>A linear interpolation from an initial to a final value over a horizon, then constant.</summary>
public sealed class LinearSchedule : Schedule
{
    /// <summary>Creates the schedule; <paramref name="horizon"/> must be ≥ 1.</summary>
    public LinearSchedule(float initial, float final, long horizon)
    {
        CheckFinite(nameof(initial), initial);
        CheckFinite(nameof(final), final);
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"Schedule.Linear: horizon = {horizon} is outside the allowed range [1, ∞).");
        Initial = initial; Final = final; Horizon = horizon;
    }

    /// <summary>The value at progress 0.</summary>
    public float Initial { get; }

    /// <summary>The value from <see cref="Horizon"/> on.</summary>
    public float Final { get; }

    /// <summary>The progress at which <see cref="Final"/> is reached.</summary>
    public long Horizon { get; }

    /// <inheritdoc />
    public override float ValueAt(long progress)
    {
        CheckProgress(progress);
        double fraction = Math.Min(1.0, (double)progress / Horizon);
        return (float)(Initial + (Final - (double)Initial) * fraction);
    }

    /// <inheritdoc />
    public override string ToString() => $"Linear({Initial} → {Final} over {Horizon})";
}
