using Ascent.Io.Config;

namespace Ascent.Search;

/// <summary>Options of <see cref="HillClimbing"/>.</summary>
public sealed record HillClimbingOptions : ISearchMethodOptions
{
    /// <summary>σ₀, the initial standard deviation of a step (&gt; 0). Default 0.1.</summary>
    [Option("initial_step_size", "sigma0, the initial standard deviation of a step.", Min = 0, MinExclusive = true)]
    public double InitialStepSize { get; init; } = 0.1;

    /// <summary>λ, offspring per generation (≥ 1); 1 gives the classic (1+1) scheme, more gives parallel work. Default 1.</summary>
    [Option("offspring", "lambda, offspring per generation (1: the classic (1+1)).", Min = 1)]
    public int Offspring { get; init; } = 1;

    /// <summary>The target success rate of the step-size rule, in (0, 1). Default 1/5 (Rechenberg).</summary>
    [Option("target_success_rate", "Target success rate of the step-size rule.", Min = 0, MinExclusive = true, Max = 1, MaxExclusive = true)]
    public double TargetSuccessRate { get; init; } = 0.2;

    /// <summary>d, the damping of the step-size rule (&gt; 0); null means √(n+1). Larger is slower adaptation.</summary>
    [Option("damping", "d, damping of the step-size rule; null: sqrt(n+1).", Min = 0, MinExclusive = true)]
    public double? Damping { get; init; }

    /// <summary>Re-evaluate the parent each generation (candidate 0) instead of trusting the fitness it was accepted
    /// with — for noisy objectives, where a lucky parent would otherwise never be displaced. Default false.</summary>
    [Option("reevaluate_parent", "Re-evaluate the parent each generation (noisy objectives).")]
    public bool ReevaluateParent { get; init; }

    string ISearchMethodOptions.AlgorithmName => "hill";

    string ISearchMethodOptions.Summary => "Hill climbing with an adaptive step: the (1+lambda) evolution strategy with Rechenberg's 1/5th success rule.";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new HillClimbing(start, this, seed);
}
