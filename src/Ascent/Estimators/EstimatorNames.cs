namespace Ascent.Estimators;

/// <summary>
/// The estimators and baselines by name, as <c>ascent mdp estimate --estimator E --baseline B</c> and the
/// experiments spell them.
/// </summary>
public static class EstimatorNames
{
    /// <summary>total, reward-to-go, pseudo-loss (reward-to-go through autodiff), is-trajectory, is-per-decision.</summary>
    public static IReadOnlyList<string> Estimators { get; } = ["total", "reward-to-go", "pseudo-loss", "is-trajectory", "is-per-decision"];

    /// <summary>none, mean (leave-one-out average return), optimal (b* = E[‖g‖²R]/E[‖g‖²], leave-one-out), optimal-per-component.</summary>
    public static IReadOnlyList<string> Baselines { get; } = ["none", "mean", "optimal", "optimal-per-component"];

    /// <summary>Whether the named estimator learns from a behaviour policy's episodes (importance sampling).</summary>
    public static bool IsOffPolicy(string estimator) => estimator is "is-trajectory" or "is-per-decision";

    /// <summary>The return weights of <paramref name="estimator"/> for discount <paramref name="gamma"/> (reward-to-go with the γᵗ factor).</summary>
    public static ReturnWeights CreateReturns(string estimator, double gamma, double? maxRatio = null) => estimator switch
    {
        "total" => new TotalReturn(gamma),
        "reward-to-go" or "pseudo-loss" => new RewardToGo(gamma),
        "is-trajectory" => new TrajectoryImportanceSampling(gamma, maxRatio),
        "is-per-decision" => new PerDecisionImportanceSampling(gamma, maxRatio),
        _ => throw new ArgumentException($"estimator: unknown estimator \"{estimator}\"; choose one of {string.Join(", ", Estimators)}.", nameof(estimator)),
    };

    /// <summary>The baseline called <paramref name="baseline"/>.</summary>
    public static Baseline CreateBaseline(string baseline) => baseline switch
    {
        "none" => Baseline.None,
        "mean" => new MeanReturnBaseline(),
        "optimal" => new OptimalConstantBaseline(perComponent: false),
        "optimal-per-component" => new OptimalConstantBaseline(perComponent: true),
        _ => throw new ArgumentException($"baseline: unknown baseline \"{baseline}\"; choose one of {string.Join(", ", Baselines)}.", nameof(baseline)),
    };

    /// <summary>The estimator called <paramref name="estimator"/> with the baseline <paramref name="baseline"/>.</summary>
    public static ScoreFunctionEstimator Create(string estimator, string baseline, double gamma, double? maxRatio = null) =>
        new(CreateReturns(estimator, gamma, maxRatio), CreateBaseline(baseline), usePseudoLoss: estimator == "pseudo-loss");
}
