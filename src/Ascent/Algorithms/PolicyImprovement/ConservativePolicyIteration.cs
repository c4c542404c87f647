using Ascent.Mdp;

namespace Ascent.Algorithms.PolicyImprovement;

/// <summary>
/// Conservative policy iteration (Kakade &amp; Langford 2002; seed 004) on a finite MDP with the exact oracle: instead of
/// replacing π by the greedy policy π', mix a fraction α of it in, π_new = (1 − α)π + απ', with α small enough that
/// the Kakade–Langford lower bound guarantees η(π_new) ≥ η(π).
/// </summary>
/// <remarks>
/// One step, as the lecture's pseudocode (all exact, double precision, unnormalised d as in <see cref="PerformanceDifference"/>):
/// <code>
/// evaluate π:        V^π, A^π, d_π                 (MdpOracle.Evaluate)
/// greedy policy:     π'(s) = argmax_a A^π(s,a)      (maximises L_π over all policies)
/// policy advantage:  𝔸 = Σ_s d_π(s) Σ_a π'(a|s) A^π(s,a) ≥ 0;  stop when 𝔸 ≤ tolerance (π is optimal when 𝔸 = 0)
/// ε = max_s |E_{a~π'} A^π(s,a)|
/// α = argmax_α [α𝔸 − 2εγα²/(1 − γ)²] = min(1, 𝔸(1 − γ)²/(4εγ))
/// π ← (1 − α)π + απ'
/// </code>
/// With that α the bound L − 2εγα²/(1 − γ)² is at least its value at α = 0, which is η(π): η never decreases, and it
/// rises by at least 𝔸²(1 − γ)²/(8εγ) while α &lt; 1. With <see cref="CpiStepRule.Fixed"/> and α = 1 this is exact
/// policy iteration.
/// </remarks>
public static class ConservativePolicyIteration
{
    /// <summary>The deterministic greedy policy π'(s) = argmax_a A^π(s,a) (the lowest action on ties; undefined advantages are skipped).</summary>
    public static PolicyTable Greedy(PolicyEvaluation current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var mdp = current.Mdp;
        var actions = new int[mdp.StateCount];
        for (int s = 0; s < mdp.StateCount; s++)
        {
            double best = double.NegativeInfinity;
            for (int a = 0; a < mdp.ActionCount; a++)
                if (current.Advantage[s, a] > best) { best = current.Advantage[s, a]; actions[s] = a; }
        }
        return PolicyTable.Deterministic(actions, mdp.ActionCount);
    }

    /// <summary>
    /// The α ∈ [0, 1] that maximises Kakade &amp; Langford's bound α𝔸 − 2εγα²/(1 − γ)² (relative to η(π)):
    /// 𝔸(1 − γ)²/(4εγ) clipped to [0, 1]; 0 when 𝔸 ≤ 0 or γ = 1, 1 when the penalty vanishes (ε = 0 or γ = 0).
    /// </summary>
    public static double BoundMaximizingAlpha(double policyAdvantage, double epsilon, double gamma)
    {
        if (!(policyAdvantage > 0) || gamma >= 1) return 0;
        if (epsilon == 0 || gamma == 0) return 1;
        double gap = 1 - gamma;
        return Math.Min(1, policyAdvantage * gap * gap / (4 * epsilon * gamma));
    }

    /// <summary>
    /// Evaluates the mixture (1 − α)π + α·<paramref name="other"/> exactly, with L and the three lower bounds of
    /// <see cref="ImprovementBounds"/> — one point of the <c>cpi-bound</c> figure.
    /// </summary>
    public static MixtureEvaluation EvaluateMixture(PolicyEvaluation current, PolicyTable other, double alpha)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(other);
        ImprovementBounds.CheckAlpha(alpha);
        var mixture = PolicyTable.Mixture(current.Policy, other, alpha);
        var mdp = current.Mdp;
        return new MixtureEvaluation(
            alpha,
            TrueReturn: MdpOracle.Evaluate(mdp, mixture).J,
            Surrogate: PerformanceDifference.Surrogate(current, mixture),
            KakadeLangfordBound: ImprovementBounds.KakadeLangford(current, other, alpha),
            TrpoTotalVariationBound: ImprovementBounds.TrpoTotalVariation(current, mixture),
            TrpoKlBound: ImprovementBounds.TrpoKl(current, mixture),
            MaxKl: ImprovementBounds.MaxKl(mdp, current.Policy, mixture),
            MaxTotalVariation: ImprovementBounds.MaxTotalVariation(mdp, current.Policy, mixture));
    }

    /// <summary>Runs conservative policy iteration from <paramref name="initial"/> until the greedy policy's advantage is at most the tolerance.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the bound-maximising rule is used with γ = 1.</exception>
    public static CpiResult Run(FiniteMdp mdp, PolicyTable initial, CpiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(initial);
        options ??= new CpiOptions();
        options.Validate(mdp);

        var policy = initial;
        var evaluation = MdpOracle.Evaluate(mdp, policy);
        var iterations = new List<CpiIteration>();
        for (int k = 0; k < options.MaxIterations; k++)
        {
            var greedy = Greedy(evaluation);
            double policyAdvantage = PerformanceDifference.PolicyAdvantage(evaluation, greedy);      // 𝔸_π(π')
            if (policyAdvantage <= options.Tolerance) return new CpiResult(policy, evaluation, iterations, Converged: true);

            double epsilon = ImprovementBounds.MaxExpectedAdvantage(evaluation, greedy);             // max_s |E_π' A^π|
            double alpha = options.StepRule == CpiStepRule.Fixed ? options.Alpha
                : BoundMaximizingAlpha(policyAdvantage, epsilon, mdp.Gamma);
            double surrogate = evaluation.J + alpha * policyAdvantage;                                // L_π(π_new)
            double bound = surrogate - ImprovementBounds.KakadeLangfordPenalty(epsilon, mdp.Gamma, alpha);

            var next = PolicyTable.Mixture(policy, greedy, alpha);                                   // (1 − α)π + απ'
            var nextEvaluation = MdpOracle.Evaluate(mdp, next);
            iterations.Add(new CpiIteration(k, evaluation.J, policyAdvantage, epsilon, alpha, surrogate, bound, nextEvaluation.J));
            policy = next;
            evaluation = nextEvaluation;
        }
        bool converged = PerformanceDifference.PolicyAdvantage(evaluation, Greedy(evaluation)) <= options.Tolerance;
        return new CpiResult(policy, evaluation, iterations, converged);
    }
}
