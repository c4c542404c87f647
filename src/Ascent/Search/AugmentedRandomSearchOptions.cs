namespace Ascent.Search;

/// <summary>The variants of <see cref="AugmentedRandomSearch"/> (Mania et al. 2018).</summary>
public enum ArsVersion
{
    /// <summary>V1: the policy sees raw observations.</summary>
    V1,
    /// <summary>V2: the policy sees observations normalised by the running mean and standard deviation of every state
    /// met so far, frozen during a generation (<see cref="GenerationObservationNormalizer"/>, applied by the objective).</summary>
    V2,
}

/// <summary>Options of <see cref="AugmentedRandomSearch"/>. The defaults are a small-policy starting point; the paper
/// tunes α, ν, N and b per environment.</summary>
public sealed record AugmentedRandomSearchOptions
{
    /// <summary>N, random directions per generation; each is evaluated as a mirrored pair, 2N candidates (≥ 1). Default 8.</summary>
    public int Directions { get; init; } = 8;

    /// <summary>b, the best directions used in the update, in [1, N]; null means all N. Default null.</summary>
    public int? TopDirections { get; init; }

    /// <summary>α, the step size (&gt; 0). Default 0.02.</summary>
    public double StepSize { get; init; } = 0.02;

    /// <summary>ν, the standard deviation of the exploration noise (&gt; 0). Default 0.03.</summary>
    public double NoiseStd { get; init; } = 0.03;

    /// <summary>V1 (raw observations) or V2 (normalised observations). Default V2.</summary>
    public ArsVersion Version { get; init; } = ArsVersion.V2;
}
