using Ascent.Algorithms.TrustRegion;
using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Algorithms;

/// <summary>
/// TRPO's options with RL Zoo's keys and Stable-Baselines3-contrib's defaults: segments of 2048 steps, γ = 0.99,
/// λ = 0.95, standardised advantages; δ = 0.01, 15 conjugate-gradient steps, damping 0.1, a line search of 10
/// candidates shrinking by 0.8; the critic trained by 10 epochs of Adam (1e-3) on minibatches of 128.
/// </summary>
public sealed record TrpoOptions : ICheckedOptions
{
    /// <summary>The options every on-policy algorithm shares, with TRPO's defaults.</summary>
    [OptionGroup]
    public OnPolicyOptions OnPolicy { get; init; } = new() { NSteps = 2048, GaeLambda = 0.95, NormalizeAdvantage = true };

    /// <summary>The policy step: δ, conjugate gradient, damping and the line search.</summary>
    [OptionGroup]
    public TrustRegionOptions TrustRegion { get; init; } = new();

    /// <summary>The critic's regression and the sub-sampling of the batch.</summary>
    [OptionGroup]
    public TrustRegionLearnerOptions Learner { get; init; } = new();

    /// <inheritdoc />
    public void Check()
    {
        OnPolicy.Check();
        TrustRegion.Check();
        if (!TrustRegion.LineSearch)
            throw new ArgumentException("line_search = false takes the natural-gradient step without checking it: that is the natural policy gradient (Npg, `ascent train npg`); TRPO needs line_search = true.");
        Learner.CheckAgainst(OnPolicy.NSteps * OnPolicy.NEnvs);
    }
}
