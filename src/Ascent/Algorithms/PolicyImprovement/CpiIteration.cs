namespace Ascent.Algorithms.PolicyImprovement;

/// <summary>One step π → π_new = (1 − α)π + απ' of conservative policy iteration, measured exactly.</summary>
/// <param name="Index">The step number, from 0.</param>
/// <param name="Return">η(π) before the step.</param>
/// <param name="PolicyAdvantage">𝔸_π(π') = Σ_s d_π(s) Σ_a π'(a|s) A^π(s,a) of the greedy policy π' (unnormalised d).</param>
/// <param name="Epsilon">ε = max_s |E_{a~π'} A^π(s,a)|.</param>
/// <param name="Alpha">The mixture weight α taken.</param>
/// <param name="Surrogate">L_π(π_new) = η(π) + α𝔸.</param>
/// <param name="LowerBound">Kakade &amp; Langford's bound L_π(π_new) − 2εγα²/(1 − γ)² on η(π_new).</param>
/// <param name="NewReturn">η(π_new), the true return after the step.</param>
public readonly record struct CpiIteration(int Index, double Return, double PolicyAdvantage, double Epsilon, double Alpha,
    double Surrogate, double LowerBound, double NewReturn);
