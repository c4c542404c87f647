using System.Diagnostics;

namespace Ascent.Experiments;

/// <summary>Builds a <see cref="LearningCurve"/>: a training clock that stops while the policy is evaluated.</summary>
public sealed class LearningCurveRecorder
{
    private readonly Stopwatch _training = new();
    private readonly List<double> _steps = [], _seconds = [], _returns = [];

    /// <summary>Starts (or resumes) the training clock.</summary>
    public void Start() => _training.Start();

    /// <summary>Stops the clock, evaluates, records (steps, training seconds, return) and restarts the clock.</summary>
    public void Record(long steps, Func<double> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        _training.Stop();
        double value = evaluate();
        _steps.Add(steps);
        _seconds.Add(_training.Elapsed.TotalSeconds);
        _returns.Add(value);
        _training.Start();
    }

    /// <summary>The curve recorded so far.</summary>
    public LearningCurve ToCurve() => new([.. _steps], [.. _seconds], [.. _returns]);
}
