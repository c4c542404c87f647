namespace Ascent.Algorithms.PolicyImprovement;

/// <summary>
/// One conservative policy-iteration candidate π_new = (1 − α)π + απ' measured exactly: its true return, the local
/// approximation L and the three lower bounds of seed 004 (<see cref="ImprovementBounds"/>).
/// </summary>
/// <param name="Alpha">The mixture weight α of π'.</param>
/// <param name="TrueReturn">η(π_new), from the exact oracle.</param>
/// <param name="Surrogate">L_π(π_new) = η(π) + α𝔸_π(π').</param>
/// <param name="KakadeLangfordBound">L_π(π_new) − 2εγα²/(1 − γ)², ε = max_s |E_{a~π'} A^π(s,a)|.</param>
/// <param name="TrpoTotalVariationBound">L_π(π_new) − 4εγ(D_TV^max)²/(1 − γ)², ε = max_{s,a} |A^π(s,a)|.</param>
/// <param name="TrpoKlBound">L_π(π_new) − C·D_KL^max(π, π_new), C = 4εγ/(1 − γ)².</param>
/// <param name="MaxKl">D_KL^max(π, π_new) = max_s KL(π(·|s) ‖ π_new(·|s)).</param>
/// <param name="MaxTotalVariation">D_TV^max(π, π_new).</param>
public readonly record struct MixtureEvaluation(
    double Alpha,
    double TrueReturn,
    double Surrogate,
    double KakadeLangfordBound,
    double TrpoTotalVariationBound,
    double TrpoKlBound,
    double MaxKl,
    double MaxTotalVariation);
