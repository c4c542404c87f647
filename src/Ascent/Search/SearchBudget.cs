namespace Ascent.Search;

/// <summary>
/// When <see cref="SearchLoop.Run"/> stops: whichever limit is reached first. Limits count from the start of
/// that call. At least one limit must be set.
/// </summary>
public sealed record SearchBudget
{
    /// <summary>Episodes (objective calls). Strict: a generation that would exceed it is not started.</summary>
    public long? MaxEvaluations { get; init; }

    /// <summary>Environment steps. Checked after each generation, so the last generation may overrun it.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Generations.</summary>
    public int? MaxGenerations { get; init; }

    /// <summary>Stop once the best fitness told reaches this value.</summary>
    public double? TargetFitness { get; init; }

    /// <summary>A budget of <paramref name="evaluations"/> episodes.</summary>
    public static SearchBudget Evaluations(long evaluations) => new() { MaxEvaluations = evaluations };

    /// <summary>A budget of <paramref name="generations"/> generations.</summary>
    public static SearchBudget Generations(int generations) => new() { MaxGenerations = generations };

    /// <summary>A budget of <paramref name="steps"/> environment steps.</summary>
    public static SearchBudget Steps(long steps) => new() { MaxSteps = steps };

    /// <summary>Throws if no limit is set or a limit is out of range.</summary>
    public void Validate()
    {
        if (MaxEvaluations is null && MaxSteps is null && MaxGenerations is null && TargetFitness is null)
            throw new ArgumentException("SearchBudget: no limit is set; set MaxEvaluations, MaxSteps, MaxGenerations or TargetFitness.");
        if (MaxEvaluations is long e && e < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxEvaluations), e, $"SearchBudget.MaxEvaluations = {e} is out of range: it must be ≥ 0.");
        if (MaxSteps is long s && s < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), s, $"SearchBudget.MaxSteps = {s} is out of range: it must be ≥ 0.");
        if (MaxGenerations is int g && g < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxGenerations), g, $"SearchBudget.MaxGenerations = {g} is out of range: it must be ≥ 0.");
        if (TargetFitness is double t && double.IsNaN(t))
            throw new ArgumentOutOfRangeException(nameof(TargetFitness), t, "SearchBudget.TargetFitness is NaN; it must be a number.");
    }
}

/// <summary>Why a search run stopped.</summary>
public enum StopReason
{
    /// <summary>The generation budget was used.</summary>
    Generations,
    /// <summary>The next generation would have exceeded the evaluation budget.</summary>
    Evaluations,
    /// <summary>The step budget was used.</summary>
    Steps,
    /// <summary>The best fitness reached the target.</summary>
    TargetReached,
    /// <summary>The method reported convergence (<see cref="ISearchMethod.HasConverged"/>).</summary>
    Converged,
    /// <summary>The cancellation token was signalled.</summary>
    Cancelled,
}
