namespace Ascent.Mdp;

/// <summary>
/// The exact evaluation of one policy on a finite MDP (from <see cref="MdpOracle.Evaluate"/>): V^π, Q^π, A^π,
/// the discounted visitation d^π, J = μ₀ᵀV^π, the dynamics under π, and the exact policy gradients.
/// </summary>
/// <remarks>
/// <para>The arrays are the evaluation's own; treat them as read-only. Terminal states have V = Q = A = d = 0.
/// With γ = 1, states from which the policy may never terminate (only possible when μ₀ never reaches them)
/// have V = NaN, and so do the Q-values of actions leading there.</para>
/// <para><b>Gradients</b> follow the policy-gradient theorem ∇J = Σ_s d(s) Σ_a ∇π(a|s) Q(s,a)
/// = Σ_s d(s) Σ_a π(a|s) ∇log π(a|s) Q(s,a). Terms with d(s) = 0 or π(a|s) = 0 contribute 0.</para>
/// </remarks>
public sealed class PolicyEvaluation
{
    internal PolicyEvaluation(FiniteMdp mdp, PolicyTable policy, double j, double[] v, double[,] q, double[,] advantage,
        double[] visitation, double[,] transition, double[] expectedReward)
    {
        Mdp = mdp; Policy = policy; J = j; V = v; Q = q; Advantage = advantage; Visitation = visitation;
        TransitionMatrix = transition; ExpectedReward = expectedReward;
    }

    /// <summary>The MDP evaluated.</summary>
    public FiniteMdp Mdp { get; }

    /// <summary>The policy evaluated.</summary>
    public PolicyTable Policy { get; }

    /// <summary>J(π) = μ₀ᵀV^π: the expected discounted return of an episode.</summary>
    public double J { get; }

    /// <summary>V^π(s), length S.</summary>
    public double[] V { get; }

    /// <summary>Q^π(s,a), S×A.</summary>
    public double[,] Q { get; }

    /// <summary>A^π(s,a) = Q^π(s,a) − V^π(s), S×A.</summary>
    public double[,] Advantage { get; }

    /// <summary>d^π(s) = Σ_t γᵗ P(s_t = s): the unnormalised discounted state visitation (0 for terminal states), length S.</summary>
    public double[] Visitation { get; }

    /// <summary>P_π(s'|s) = Σ_a π(a|s) P(s'|s,a), S×S; terminal rows are absorbing self-loops.</summary>
    public double[,] TransitionMatrix { get; }

    /// <summary>r_π(s) = Σ_a π(a|s) r(s,a), length S (0 for terminal states).</summary>
    public double[] ExpectedReward { get; }

    /// <summary>
    /// ∂J/∂θ[s][a] for the tabular softmax π(a|s) ∝ exp θ[s][a] whose table is <see cref="Policy"/>:
    /// d(s) π(a|s) A(s,a), since ∂log π(b|s)/∂θ[s][a] = 1[a = b] − π(a|s). S×A.
    /// </summary>
    public double[,] TabularSoftmaxGradient()
    {
        int states = Mdp.StateCount, actions = Mdp.ActionCount;
        var gradient = new double[states, actions];
        for (int s = 0; s < states; s++)
        {
            if (Visitation[s] == 0) continue;
            for (int a = 0; a < actions; a++)
                if (Policy[s, a] > 0) gradient[s, a] = Visitation[s] * Policy[s, a] * Advantage[s, a];
        }
        return gradient;
    }

    /// <summary>
    /// ∇J(θ) for the linear softmax π(a|s) ∝ exp(θᵀφ(s,a)) whose table is <see cref="Policy"/>:
    /// Σ_s d(s) Σ_a π(a|s) (φ(s,a) − Σ_b π(b|s) φ(s,b)) Q(s,a). Length D.
    /// </summary>
    public double[] LinearSoftmaxGradient(FeatureMap features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.StateCount != Mdp.StateCount || features.ActionCount != Mdp.ActionCount)
            throw new ArgumentException($"features: defined for {features.StateCount} states and {features.ActionCount} actions, the MDP has {Mdp.StateCount} and {Mdp.ActionCount}.");
        var gradient = new double[features.Dimension];
        var meanFeature = new double[features.Dimension];
        for (int s = 0; s < Mdp.StateCount; s++)
        {
            if (Visitation[s] == 0) continue;
            Array.Clear(meanFeature);
            for (int a = 0; a < Mdp.ActionCount; a++)
            {
                var phi = features[s, a];
                for (int k = 0; k < phi.Length; k++) meanFeature[k] += Policy[s, a] * phi[k];
            }
            for (int a = 0; a < Mdp.ActionCount; a++)
            {
                if (Policy[s, a] == 0) continue;
                double weight = Visitation[s] * Policy[s, a] * Q[s, a];
                var phi = features[s, a];
                for (int k = 0; k < phi.Length; k++) gradient[k] += weight * (phi[k] - meanFeature[k]); // score × Q
            }
        }
        return gradient;
    }

    /// <summary>
    /// ∂J/∂θ[o][a] for a tabular softmax over observations, π(a|s) ∝ exp θ[o(s)][a] (whose table is <see cref="Policy"/>):
    /// the tabular gradient summed over the states that share an observation, Σ_{s: o(s)=o} d(s) π(a|s) A(s,a). O×A.
    /// </summary>
    public double[,] ObservationSoftmaxGradient(ObservationMap observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.StateCount != Mdp.StateCount)
            throw new ArgumentException($"observations: defined for {observations.StateCount} states, the MDP has {Mdp.StateCount}.");
        var stateGradient = TabularSoftmaxGradient();
        var gradient = new double[observations.ObservationCount, Mdp.ActionCount];
        for (int s = 0; s < Mdp.StateCount; s++)
            for (int a = 0; a < Mdp.ActionCount; a++) gradient[observations[s], a] += stateGradient[s, a];
        return gradient;
    }
}
