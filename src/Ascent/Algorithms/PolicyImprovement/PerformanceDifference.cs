using Ascent.Mdp;

namespace Ascent.Algorithms.PolicyImprovement;

/// <summary>
/// The performance-difference identity of Kakade &amp; Langford (2002) and the local approximation L built from it
/// (seed 004, in the notation of Schulman et al. 2015): η for the expected discounted return, ρ = d for the
/// <b>unnormalised</b> discounted visitation d(s) = Σ_t γᵗ P(s_t = s).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Identity</b> (seed 004, eq. 2): η(π̃) = η(π) + Σ_s d_π̃(s) Σ_a π̃(a|s) A^π(s,a).</item>
/// <item><b>Local approximation</b>: L_π(π̃) = η(π) + Σ_s d_π(s) Σ_a π̃(a|s) A^π(s,a) — the identity with the new
/// policy's visitation replaced by the current one's. L_π(π) = η(π), and for a parameterised policy
/// ∇θ L_π_θ₀(π_θ) = ∇θ η(π_θ) at θ = θ₀.</item>
/// <item><b>Policy advantage</b> 𝔸_π(π') = Σ_s d_π(s) Σ_a π'(a|s) A^π(s,a) = L_π(π') − η(π): how much L gains when
/// switching fully to π'. Kakade &amp; Langford normalise the visitation to a distribution, (1 − γ)d, and their
/// policy advantage is (1 − γ)𝔸; Ascent keeps the lecture's unnormalised d throughout (as <see cref="PolicyEvaluation.Visitation"/>
/// and the oracle's gradients do), so that L needs no extra constants.</item>
/// </list>
/// All sums skip states with d(s) = 0 and actions with π̃(a|s) = 0, so undefined advantages of states a γ = 1
/// policy never reaches (NaN, see <see cref="MdpOracle"/>) do not enter.
/// </remarks>
public static class PerformanceDifference
{
    /// <summary>Σ_s <paramref name="visitation"/>(s) Σ_a <paramref name="policy"/>(a|s) <paramref name="advantage"/>(s,a).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double ExpectedAdvantage(ReadOnlySpan<double> visitation, PolicyTable policy, double[,] advantage)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(advantage);
        if (visitation.Length != policy.StateCount || advantage.GetLength(0) != policy.StateCount || advantage.GetLength(1) != policy.ActionCount)
            throw new ArgumentException($"PerformanceDifference: visitation has {visitation.Length} states, the policy is [{policy.StateCount}][{policy.ActionCount}] and the advantages [{advantage.GetLength(0)}][{advantage.GetLength(1)}]; they must agree.");
        double total = 0;
        for (int s = 0; s < visitation.Length; s++)
        {
            if (visitation[s] == 0) continue;
            double expected = 0;
            for (int a = 0; a < policy.ActionCount; a++)
                if (policy[s, a] != 0) expected += policy[s, a] * advantage[s, a];
            total += visitation[s] * expected;
        }
        return total;
    }

    /// <summary>
    /// The right side of the identity, Σ_s d_π̃(s) Σ_a π̃(a|s) A^π(s,a), from the evaluations of the new policy π̃
    /// (<paramref name="newPolicy"/>) and the old one π (<paramref name="oldPolicy"/>); it equals η(π̃) − η(π).
    /// </summary>
    public static double NewPolicyExpectedAdvantage(PolicyEvaluation newPolicy, PolicyEvaluation oldPolicy)
    {
        ArgumentNullException.ThrowIfNull(newPolicy);
        ArgumentNullException.ThrowIfNull(oldPolicy);
        CheckSameMdp(newPolicy, oldPolicy.Mdp);
        return ExpectedAdvantage(newPolicy.Visitation, newPolicy.Policy, oldPolicy.Advantage);
    }

    /// <summary>The policy advantage 𝔸_π(π') = Σ_s d_π(s) Σ_a π'(a|s) A^π(s,a) of <paramref name="other"/> over the evaluated policy π.</summary>
    public static double PolicyAdvantage(PolicyEvaluation current, PolicyTable other)
    {
        ArgumentNullException.ThrowIfNull(current);
        return ExpectedAdvantage(current.Visitation, other, current.Advantage);
    }

    /// <summary>The local approximation L_π(π̃) = η(π) + Σ_s d_π(s) Σ_a π̃(a|s) A^π(s,a) of η(π̃) around the evaluated π.</summary>
    public static double Surrogate(PolicyEvaluation current, PolicyTable candidate)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.J + PolicyAdvantage(current, candidate);
    }

    private static void CheckSameMdp(PolicyEvaluation evaluation, FiniteMdp mdp)
    {
        if (!ReferenceEquals(evaluation.Mdp, mdp))
            throw new ArgumentException("PerformanceDifference: the two evaluations are of different MDPs.");
    }
}
