using Ascent.Algorithms.TrustRegion;
using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// The natural policy gradient's options: TRPO's (<see cref="TrpoOptions"/>) without the line search. By default the
/// step is scaled to the edge of the quadratic trust region, Δθ = √(2δ / gᵀF⁻¹g)·F⁻¹g with δ = <c>target_kl</c>
/// (Rajeswaran et al. 2017's normalised step); <c>npg_learning_rate = η</c> takes Kakade's fixed step θ ← θ + η F⁻¹g
/// instead. The line-search keys are accepted for symmetry with TRPO and ignored.
/// </summary>
public sealed record NpgOptions : ICheckedOptions
{
    /// <summary>The options every on-policy algorithm shares, with TRPO's defaults.</summary>
    [OptionGroup]
    public OnPolicyOptions OnPolicy { get; init; } = new() { NSteps = 2048, GaeLambda = 0.95, NormalizeAdvantage = true };

    /// <summary>The policy step: δ (or a fixed η), conjugate gradient and damping; no line search.</summary>
    [OptionGroup]
    public TrustRegionOptions TrustRegion { get; init; } = new() { LineSearch = false };

    /// <summary>The critic's regression and the sub-sampling of the batch.</summary>
    [OptionGroup]
    public TrustRegionLearnerOptions Learner { get; init; } = new();

    /// <inheritdoc />
    public void Check()
    {
        OnPolicy.Check();
        TrustRegion.Check();
        if (TrustRegion.LineSearch)
            throw new ArgumentException("line_search = true checks every step against the surrogate and the measured KL: that is TRPO (Trpo, `ascent train trpo`); the natural policy gradient needs line_search = false.");
        Learner.CheckAgainst(OnPolicy.NSteps * OnPolicy.NEnvs);
    }
}
