namespace Ascent.Algorithms.TrustRegion;

/// <summary>How a trust-region step ended.</summary>
public enum TrustRegionOutcome
{
    /// <summary>The parameters moved: the line search accepted a candidate, or a natural-gradient step was taken.</summary>
    Accepted,

    /// <summary>Every line-search candidate failed to improve the surrogate within the KL limit; the old parameters were kept.</summary>
    LineSearchRejected,

    /// <summary>The gradient was zero or conjugate gradient gave no ascent direction (gᵀx ≤ 0 or xᵀFx ≤ 0); nothing moved.</summary>
    NoAscentDirection,
}

/// <summary>The debug statistics of one <see cref="TrustRegionUpdate.Step"/>.</summary>
/// <param name="Outcome">Whether the parameters moved, and if not, why.</param>
/// <param name="SurrogateBefore">L(θ_old) = mean ratio·Â at θ_old (≈ mean Â).</param>
/// <param name="SurrogateAfter">L at the final parameters (equal to <paramref name="SurrogateBefore"/> when nothing moved).</param>
/// <param name="Kl">The measured mean KL(π_old ‖ π_new) at the final parameters (0 when nothing moved).</param>
/// <param name="StepFraction">The fraction of the full step taken (1 for a natural-gradient step; 0 when nothing moved).</param>
/// <param name="Backtracks">How many times the line search shrank the step.</param>
/// <param name="ConjugateGradientIterations">Fisher-vector products spent by conjugate gradient.</param>
/// <param name="ConjugateGradientResidual">‖g − (F + λI)x‖ / ‖g‖ when conjugate gradient stopped.</param>
/// <param name="GradientNorm">‖g‖, the norm of the surrogate's gradient at θ_old.</param>
/// <param name="StepSize">β in Δθ = β·x: √(2δ / xᵀ(F + λI)x), or the fixed natural-gradient learning rate.</param>
/// <param name="ExpectedImprovement">gᵀΔθ for the full step: the linear model's predicted surrogate gain.</param>
public readonly record struct TrustRegionStatistics(
    TrustRegionOutcome Outcome,
    double SurrogateBefore,
    double SurrogateAfter,
    double Kl,
    double StepFraction,
    int Backtracks,
    int ConjugateGradientIterations,
    double ConjugateGradientResidual,
    double GradientNorm,
    double StepSize,
    double ExpectedImprovement)
{
    /// <summary>Whether the parameters moved.</summary>
    public bool Accepted => Outcome == TrustRegionOutcome.Accepted;
}
