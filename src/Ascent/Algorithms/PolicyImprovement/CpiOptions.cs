using Ascent.Mdp;

namespace Ascent.Algorithms.PolicyImprovement;

/// <summary>How conservative policy iteration chooses the mixture weight α of each step.</summary>
public enum CpiStepRule
{
    /// <summary>α = argmax of Kakade &amp; Langford's lower bound, 𝔸(1 − γ)²/(4εγ) clipped to [0, 1]: guaranteed improvement (needs γ &lt; 1).</summary>
    BoundMaximizing,

    /// <summary>The same α (<see cref="CpiOptions.Alpha"/>) every step; α = 1 is exact policy iteration.</summary>
    Fixed,
}

/// <summary>Options of <see cref="ConservativePolicyIteration"/>.</summary>
public sealed record CpiOptions
{
    /// <summary>How α is chosen (default: the Kakade–Langford bound-maximising α).</summary>
    public CpiStepRule StepRule { get; init; } = CpiStepRule.BoundMaximizing;

    /// <summary>The mixture weight of <see cref="CpiStepRule.Fixed"/>, in (0, 1] (default 1: policy iteration).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>The largest number of improvement steps, ≥ 1 (default 100 000).</summary>
    public int MaxIterations { get; init; } = 100_000;

    /// <summary>Stop once the greedy policy's advantage 𝔸_π(π') is at most this, ≥ 0 (default 1e-9).</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Throws naming the option, its value and the allowed range when an option is out of range or does not fit <paramref name="mdp"/>.</summary>
    public void Validate(FiniteMdp mdp)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        if (!Enum.IsDefined(StepRule))
            throw new ArgumentOutOfRangeException(nameof(StepRule), StepRule, $"CpiOptions.StepRule = {StepRule} is not one of {string.Join(", ", Enum.GetNames<CpiStepRule>())}.");
        if (!(Alpha > 0 && Alpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, $"CpiOptions.Alpha = {Alpha} is outside the allowed range (0, 1].");
        if (MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, $"CpiOptions.MaxIterations = {MaxIterations} is outside the allowed range [1, {int.MaxValue}].");
        if (!(Tolerance >= 0) || double.IsPositiveInfinity(Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"CpiOptions.Tolerance = {Tolerance} is outside the allowed range [0, ∞).");
        if (StepRule == CpiStepRule.BoundMaximizing && mdp.Gamma >= 1)
            throw new ArgumentException($"CpiOptions.StepRule = BoundMaximizing needs gamma < 1, but the MDP has gamma = {mdp.Gamma}: the Kakade–Langford penalty 2εγα²/(1 − γ)² is infinite, so the bound-maximising α is 0. Use StepRule = Fixed.", nameof(StepRule));
    }
}
