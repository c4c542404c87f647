namespace Ascent.Estimators;

/// <summary>
/// A baseline b subtracted from the return signal of a score-function estimator, ĝ = Σ_t ∇θ log π(a_t|s_t) (Ψ_t − c_t b):
/// it does not change the expected gradient as long as b does not depend on the action a_t (seeds 000 and 001),
/// and a good one lowers the variance.
/// </summary>
/// <remarks>
/// The kinds: <see cref="NoBaseline"/>; <see cref="MeanReturnBaseline"/> (the average return, CS285's
/// b = (1/N) Σ_i r(τ_i)); <see cref="StateValueBaseline"/> (a state-dependent v̂(s), e.g. learned by Monte-Carlo
/// regression); <see cref="OptimalConstantBaseline"/> (the variance-minimising constant b* = E[‖g‖²R]/E[‖g‖²]).
/// The batch-estimated ones (mean, optimal) are computed <b>leave-one-out</b>: episode i's baseline comes from the
/// other episodes only, so it is independent of episode i and the estimator stays exactly unbiased at any batch size.
/// </remarks>
public abstract class Baseline
{
    private protected Baseline() { }

    /// <summary>The baseline's name, e.g. <c>mean</c>.</summary>
    public abstract string Name { get; }

    /// <summary>No baseline (b = 0).</summary>
    public static Baseline None { get; } = new NoBaseline();
}

/// <summary>No baseline: b = 0.</summary>
public sealed class NoBaseline : Baseline
{
    /// <inheritdoc />
    public override string Name => "none";
}
