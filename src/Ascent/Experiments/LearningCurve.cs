namespace Ascent.Experiments;

/// <summary>
/// One run's learning curve: after each training iteration, the training environment steps so far, the training seconds
/// so far (evaluations excluded) and the evaluated return of the policy the learner would deploy then.
/// </summary>
/// <param name="Steps">Training environment steps at each evaluation.</param>
/// <param name="Seconds">Training wall-clock seconds at each evaluation (time spent evaluating not counted).</param>
/// <param name="Returns">The evaluated mean return at each point.</param>
public sealed record LearningCurve(double[] Steps, double[] Seconds, double[] Returns)
{
    /// <summary>The index of the first point whose return reaches <paramref name="threshold"/> (null: never).</summary>
    public int? FirstReaching(double threshold)
    {
        for (int i = 0; i < Returns.Length; i++)
            if (Returns[i] >= threshold) return i;
        return null;
    }

    /// <summary>Training steps when the return first reached <paramref name="threshold"/> (null: never).</summary>
    public double? StepsTo(double threshold) => FirstReaching(threshold) is int i ? Steps[i] : null;

    /// <summary>Training seconds when the return first reached <paramref name="threshold"/> (null: never).</summary>
    public double? SecondsTo(double threshold) => FirstReaching(threshold) is int i ? Seconds[i] : null;
}
