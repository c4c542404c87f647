namespace Ascent.Algorithms.TrustRegion;

/// <summary>What <see cref="ConjugateGradient.Solve"/> did.</summary>
/// <param name="Iterations">The number of products A·p taken (one per iteration).</param>
/// <param name="ResidualNorm">‖r‖ = ‖b − A x‖ of the returned x, as tracked by the recurrence.</param>
/// <param name="RelativeResidual">‖r‖ / ‖b‖ (0 when b = 0).</param>
/// <param name="Converged">Whether ‖r‖ ≤ tolerance·‖b‖ was reached (otherwise the iteration limit, or a direction with pᵀAp ≤ 0, stopped it).</param>
public readonly record struct ConjugateGradientResult(int Iterations, double ResidualNorm, double RelativeResidual, bool Converged);
