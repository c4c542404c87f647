using System.Globalization;

namespace Ascent.Io.Config;

/// <summary>The shapes of a <see cref="Schedule"/>.</summary>
public enum ScheduleKind
{
    /// <summary>The same value throughout training.</summary>
    Constant,
    /// <summary>Linear decay from the initial value to 0 over training (RL Zoo's <c>lin_&lt;v&gt;</c>).</summary>
    Linear,
}

/// <summary>
/// A hyperparameter that may change over training, such as a learning rate or clip range, written as in
/// RL Zoo: a plain number for a constant, <c>lin_&lt;v&gt;</c> for linear decay from v to 0.
/// </summary>
/// <remarks>
/// Like Stable-Baselines3, a schedule is a function of the <em>remaining</em> progress
/// <c>p = 1 − steps_done / total_steps</c>, which goes from 1 at the start to 0 at the end:
/// a linear schedule is <c>p · v</c>. A number converts implicitly to a constant schedule.
/// </remarks>
public sealed record Schedule
{
    private Schedule(ScheduleKind kind, double initial)
    {
        if (!double.IsFinite(initial)) throw new ArgumentOutOfRangeException(nameof(initial), initial, "Schedule: the value must be finite.");
        Kind = kind;
        Initial = initial;
    }

    /// <summary>A constant schedule.</summary>
    public static Schedule Constant(double value) => new(ScheduleKind.Constant, value);

    /// <summary>Linear decay from <paramref name="initial"/> (at the start) to 0 (at the end).</summary>
    public static Schedule Linear(double initial) => new(ScheduleKind.Linear, initial);

    /// <summary>A constant schedule of <paramref name="value"/>.</summary>
    public static implicit operator Schedule(double value) => Constant(value);

    /// <summary>Constant or linear.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>The value at the start of training.</summary>
    public double Initial { get; }

    /// <summary>The value when a fraction <paramref name="progressRemaining"/> (1 → 0, clamped) of training remains.</summary>
    public double Value(double progressRemaining) =>
        Kind == ScheduleKind.Constant ? Initial : Math.Clamp(progressRemaining, 0.0, 1.0) * Initial;

    /// <summary>Parses <c>0.001</c>, <c>1e-3</c> or <c>lin_1e-3</c>.</summary>
    public static bool TryParse(string text, out Schedule? schedule)
    {
        schedule = null;
        string t = text.Trim();
        bool linear = t.StartsWith("lin_", StringComparison.Ordinal);
        if (!ConfigText.TryParseDouble(linear ? t[4..] : t, out double v) || !double.IsFinite(v)) return false;
        schedule = linear ? Linear(v) : Constant(v);
        return true;
    }

    /// <summary><c>lin_0.001</c> or <c>0.001</c> (round-trips through <see cref="TryParse"/>).</summary>
    public override string ToString() =>
        Kind == ScheduleKind.Linear ? "lin_" + ConfigText.FormatDouble(Initial) : ConfigText.FormatDouble(Initial);
}
