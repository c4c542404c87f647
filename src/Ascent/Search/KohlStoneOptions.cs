namespace Ascent.Search;

/// <summary>Options of <see cref="KohlStonePolicyGradient"/>.</summary>
public sealed record KohlStoneOptions
{
    /// <summary>t, the perturbed policies evaluated per generation (≥ 2). Default 15, as on the AIBO.</summary>
    public int Policies { get; init; } = 15;

    /// <summary>ε, the perturbation of every parameter (&gt; 0), unless <see cref="EpsilonPerParameter"/> is set. Default 0.05.</summary>
    public double Epsilon { get; init; } = 0.05;

    /// <summary>εⱼ per parameter (the AIBO work chose one per gait parameter); overrides <see cref="Epsilon"/>. Default null.</summary>
    public double[]? EpsilonPerParameter { get; init; }

    /// <summary>η, the length of each step along the normalised adjustment vector (&gt; 0). Default 0.1.</summary>
    public double StepSize { get; init; } = 0.1;

    /// <summary>η is multiplied by this after every generation, in (0, 1]; 1 keeps it fixed as in the original. Default 1.</summary>
    public double StepSizeDecay { get; init; } = 1.0;
}
