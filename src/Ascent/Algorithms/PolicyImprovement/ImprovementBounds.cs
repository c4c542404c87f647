using Ascent.Mdp;

namespace Ascent.Algorithms.PolicyImprovement;

/// <summary>
/// Lower bounds on the true return η(π̃) of a new policy in terms of the local approximation L_π(π̃)
/// (<see cref="PerformanceDifference.Surrogate"/>), as in seed 004: Kakade &amp; Langford's bound for the mixtures
/// of conservative policy iteration and the bounds of Schulman et al. (2015) for any policy, with the total
/// variation or the KL divergence.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Kakade–Langford</b> (mixtures π̃ = (1 − α)π + απ'): η(π̃) ≥ L_π(π̃) − 2εγα²/(1 − γ)² with
/// ε = max_s |E_{a~π'} A^π(s,a)|.</item>
/// <item><b>TRPO, total variation</b> (any π̃): η(π̃) ≥ L_π(π̃) − 4εγα²/(1 − γ)² with α = max_s D_TV(π(·|s) ‖ π̃(·|s))
/// and ε = max_{s,a} |A^π(s,a)|.</item>
/// <item><b>TRPO, KL</b>: since D_TV² ≤ D_KL, η(π̃) ≥ L_π(π̃) − C·max_s D_KL(π(·|s) ‖ π̃(·|s)) with C = 4εγ/(1 − γ)².</item>
/// </list>
/// <para>All quantities use the unnormalised η and visitation of <see cref="PerformanceDifference"/>. Maxima run over
/// the non-terminal states (terminal states have A = 0 and their action never matters) whose advantages are defined.
/// With γ = 1 the constants are infinite and every bound with a positive penalty is −∞ (vacuous); a zero penalty
/// (α = 0, ε = 0 or identical policies) leaves the bound equal to L.</para>
/// </remarks>
public static class ImprovementBounds
{
    /// <summary>Kakade &amp; Langford's ε = max_s |Σ_a π'(a|s) A^π(s,a)| for the policy <paramref name="other"/> mixed into the evaluated π.</summary>
    public static double MaxExpectedAdvantage(PolicyEvaluation current, PolicyTable other)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(other);
        CheckShape(current.Mdp, other, nameof(other));
        double max = 0;
        for (int s = 0; s < current.Mdp.StateCount; s++)
        {
            if (current.Mdp.IsTerminal(s) || double.IsNaN(current.V[s])) continue;
            double expected = 0;
            for (int a = 0; a < other.ActionCount; a++)
                if (other[s, a] != 0) expected += other[s, a] * current.Advantage[s, a];
            max = Math.Max(max, Math.Abs(expected));
        }
        return max;
    }

    /// <summary>Schulman et al.'s ε = max_{s,a} |A^π(s,a)| of the evaluated policy.</summary>
    public static double MaxAbsoluteAdvantage(PolicyEvaluation current)
    {
        ArgumentNullException.ThrowIfNull(current);
        double max = 0;
        for (int s = 0; s < current.Mdp.StateCount; s++)
        {
            if (current.Mdp.IsTerminal(s)) continue;
            for (int a = 0; a < current.Mdp.ActionCount; a++)
                if (!double.IsNaN(current.Advantage[s, a])) max = Math.Max(max, Math.Abs(current.Advantage[s, a]));
        }
        return max;
    }

    /// <summary>D_KL^max(π, π̃) = max_s Σ_a π(a|s) log(π(a|s) / π̃(a|s)) over the non-terminal states (+∞ if π̃ drops an action π takes).</summary>
    public static double MaxKl(FiniteMdp mdp, PolicyTable policy, PolicyTable candidate)
    {
        CheckPair(mdp, policy, candidate);
        double max = 0;
        for (int s = 0; s < mdp.StateCount; s++)
        {
            if (mdp.IsTerminal(s)) continue;
            double kl = 0;
            for (int a = 0; a < policy.ActionCount; a++)
            {
                double p = policy[s, a], q = candidate[s, a];
                if (p == 0) continue;
                kl += q == 0 ? double.PositiveInfinity : p * Math.Log(p / q);
            }
            max = Math.Max(max, kl);
        }
        return max;
    }

    /// <summary>D_TV^max(π, π̃) = max_s ½ Σ_a |π(a|s) − π̃(a|s)| over the non-terminal states.</summary>
    public static double MaxTotalVariation(FiniteMdp mdp, PolicyTable policy, PolicyTable candidate)
    {
        CheckPair(mdp, policy, candidate);
        double max = 0;
        for (int s = 0; s < mdp.StateCount; s++)
        {
            if (mdp.IsTerminal(s)) continue;
            double tv = 0;
            for (int a = 0; a < policy.ActionCount; a++) tv += Math.Abs(policy[s, a] - candidate[s, a]);
            max = Math.Max(max, 0.5 * tv);
        }
        return max;
    }

    /// <summary>The Kakade–Langford penalty 2εγα²/(1 − γ)² (+∞ when γ = 1 and εα &gt; 0).</summary>
    public static double KakadeLangfordPenalty(double epsilon, double gamma, double alpha) =>
        Penalty(2 * epsilon * gamma, gamma, alpha * alpha);

    /// <summary>The TRPO coefficient C = 4εγ/(1 − γ)² with ε = max_{s,a} |A^π(s,a)| (+∞ when γ = 1 and ε &gt; 0).</summary>
    public static double TrpoPenaltyCoefficient(double epsilon, double gamma) => Penalty(4 * epsilon * gamma, gamma, 1);

    /// <summary>
    /// Kakade &amp; Langford's lower bound L_π(π̃) − 2εγα²/(1 − γ)² on η(π̃) for the mixture π̃ = (1 − α)π + απ',
    /// where <paramref name="other"/> is π'.
    /// </summary>
    public static double KakadeLangford(PolicyEvaluation current, PolicyTable other, double alpha)
    {
        CheckAlpha(alpha);
        var mixture = PolicyTable.Mixture(current.Policy, other, alpha);
        double epsilon = MaxExpectedAdvantage(current, other);
        return PerformanceDifference.Surrogate(current, mixture) - KakadeLangfordPenalty(epsilon, current.Mdp.Gamma, alpha);
    }

    /// <summary>Schulman et al.'s total-variation bound L_π(π̃) − 4εγ(D_TV^max)²/(1 − γ)² on η(π̃), for any <paramref name="candidate"/> π̃.</summary>
    public static double TrpoTotalVariation(PolicyEvaluation current, PolicyTable candidate)
    {
        ArgumentNullException.ThrowIfNull(current);
        double tv = MaxTotalVariation(current.Mdp, current.Policy, candidate);
        return PerformanceDifference.Surrogate(current, candidate) - Penalty(4 * MaxAbsoluteAdvantage(current) * current.Mdp.Gamma, current.Mdp.Gamma, tv * tv);
    }

    /// <summary>TRPO's KL bound L_π(π̃) − C·D_KL^max(π, π̃), C = 4εγ/(1 − γ)², on η(π̃), for any <paramref name="candidate"/> π̃.</summary>
    public static double TrpoKl(PolicyEvaluation current, PolicyTable candidate)
    {
        ArgumentNullException.ThrowIfNull(current);
        double kl = MaxKl(current.Mdp, current.Policy, candidate);
        return PerformanceDifference.Surrogate(current, candidate) - Penalty(4 * MaxAbsoluteAdvantage(current) * current.Mdp.Gamma, current.Mdp.Gamma, kl);
    }

    /// <summary>numerator · size / (1 − γ)², with 0 whenever the numerator or the size is 0 (also at γ = 1).</summary>
    private static double Penalty(double numerator, double gamma, double size)
    {
        if (numerator == 0 || size == 0) return 0;
        double gap = 1 - gamma;
        return gap == 0 ? double.PositiveInfinity : numerator * size / (gap * gap);
    }

    internal static void CheckAlpha(double alpha)
    {
        if (!(alpha >= 0 && alpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha = {alpha} is outside the allowed range [0, 1] (the weight of the new policy in the mixture).");
    }

    private static void CheckPair(FiniteMdp mdp, PolicyTable policy, PolicyTable candidate)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(candidate);
        CheckShape(mdp, policy, nameof(policy));
        CheckShape(mdp, candidate, nameof(candidate));
    }

    private static void CheckShape(FiniteMdp mdp, PolicyTable table, string name)
    {
        if (table.StateCount != mdp.StateCount || table.ActionCount != mdp.ActionCount)
            throw new ArgumentException($"{name}: the table is [{table.StateCount}][{table.ActionCount}], the MDP has {mdp.StateCount} states and {mdp.ActionCount} actions.", name);
    }
}
