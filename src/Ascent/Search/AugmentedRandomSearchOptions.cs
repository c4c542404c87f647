using Ascent.Io.Config;

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
public sealed record AugmentedRandomSearchOptions : ISearchMethodOptions, ICheckedOptions
{
    /// <summary>N, random directions per generation; each is evaluated as a mirrored pair, 2N candidates (≥ 1). Default 8.</summary>
    [Option("n_delta", "N, random directions per generation (2N candidates).", Min = 1)]
    public int Directions { get; init; } = 8;

    /// <summary>b, the best directions used in the update, in [1, N]; null means all N. Default null.</summary>
    [Option("n_top", "b, the best directions used in the update; null: all N.", Min = 1)]
    public int? TopDirections { get; init; }

    /// <summary>α, the step size (&gt; 0). Default 0.02.</summary>
    [Option("learning_rate", "alpha, the step size.", Min = 0, MinExclusive = true)]
    public double StepSize { get; init; } = 0.02;

    /// <summary>ν, the standard deviation of the exploration noise (&gt; 0). Default 0.03.</summary>
    [Option("delta_std", "nu, the standard deviation of the exploration noise.", Min = 0, MinExclusive = true)]
    public double NoiseStd { get; init; } = 0.03;

    /// <summary>V1 (raw observations) or V2 (normalised observations). Default V2.</summary>
    [Option("version", "v1: raw observations; v2: observations normalised by the running mean and std of all states seen.")]
    public ArsVersion Version { get; init; } = ArsVersion.V2;

    string ISearchMethodOptions.AlgorithmName => "ars";

    string ISearchMethodOptions.Summary => "Augmented random search (Mania, Guy & Recht 2018): mirrored directions, top-b update, V2 observation normalisation.";

    ISearchMethod ISearchMethodOptions.CreateMethod(ReadOnlySpan<double> start, ulong seed) => new AugmentedRandomSearch(start, this, seed);

    bool ISearchMethodOptions.NormalizesObservations => Version == ArsVersion.V2;

    /// <inheritdoc/>
    public void Check()
    {
        if (TopDirections is int top && top > Directions)
            throw new ArgumentException($"n_top = {top} is out of range: it must be at most n_delta = {Directions}.");
    }
}
