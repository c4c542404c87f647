namespace Ascent.Search;

/// <summary>A deterministic function of a parameter vector.</summary>
public delegate double ObjectiveFunction(ReadOnlySpan<double> x);

/// <summary>
/// An <see cref="IObjective"/> made of a plain function: fitness f(x) to maximise, or −f(x) to minimise.
/// It ignores the episode seed and takes no environment steps.
/// </summary>
public sealed class FunctionObjective : IObjective
{
    private readonly ObjectiveFunction _function;
    private readonly double _sign;

    private FunctionObjective(int dimension, ObjectiveFunction function, double sign)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "FunctionObjective: the parameter count must be at least 1.");
        ArgumentNullException.ThrowIfNull(function);
        Dimension = dimension;
        _function = function;
        _sign = sign;
    }

    /// <summary>Fitness = f(x).</summary>
    public static FunctionObjective Maximize(int dimension, ObjectiveFunction function) => new(dimension, function, 1.0);

    /// <summary>Fitness = −f(x), so maximising fitness minimises f.</summary>
    public static FunctionObjective Minimize(int dimension, ObjectiveFunction function) => new(dimension, function, -1.0);

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public IObjectiveWorker CreateWorker() => new Worker(this);

    private sealed class Worker(FunctionObjective objective) : IObjectiveWorker
    {
        public Evaluation Evaluate(ReadOnlySpan<double> candidate, in EvaluationContext context) =>
            new(objective._sign * objective._function(candidate), 0);

        public void Dispose() { }
    }
}
