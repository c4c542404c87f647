namespace Ascent.Search;

/// <summary>Options of <see cref="HillClimbing"/>.</summary>
public sealed record HillClimbingOptions
{
    /// <summary>σ₀, the initial standard deviation of a step (&gt; 0). Default 0.1.</summary>
    public double InitialStepSize { get; init; } = 0.1;

    /// <summary>λ, offspring per generation (≥ 1); 1 gives the classic (1+1) scheme, more gives parallel work. Default 1.</summary>
    public int Offspring { get; init; } = 1;

    /// <summary>The target success rate of the step-size rule, in (0, 1). Default 1/5 (Rechenberg).</summary>
    public double TargetSuccessRate { get; init; } = 0.2;

    /// <summary>d, the damping of the step-size rule (&gt; 0); null means √(n+1). Larger is slower adaptation.</summary>
    public double? Damping { get; init; }

    /// <summary>Re-evaluate the parent each generation (candidate 0) instead of trusting the fitness it was accepted
    /// with — for noisy objectives, where a lucky parent would otherwise never be displaced. Default false.</summary>
    public bool ReevaluateParent { get; init; }
}
