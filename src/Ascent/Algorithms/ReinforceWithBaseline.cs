using Ascent.Environments;
using Ascent.Estimators;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Algorithms;

/// <summary>
/// REINFORCE with baseline exactly as Sutton &amp; Barto's box (2018, p. 330), "REINFORCE with Baseline (episodic), for
/// estimating π_θ ≈ π*": a learned state value v̂(s, w) is subtracted from the return, and w is learned by
/// Monte-Carlo regression on the same returns.
/// </summary>
/// <remarks>
/// Per step: δ ← G − v̂(S_t, w); w ← w + α_w δ ∇v̂(S_t, w); θ ← θ + α_θ γᵗ δ ∇ln π(A_t|S_t, θ). Both updates use
/// closed-form gradients (<see cref="IScoreFunctionPolicy"/>, <see cref="IAnalyticValueFunction"/>), and nothing is
/// allocated per step.
/// </remarks>
public sealed class ReinforceWithBaseline
{
    private readonly EpisodeSampler _sampler;
    private readonly EpisodeBatch _episode;
    private double[] _returns = new double[256];

    /// <summary>Sets up the algorithm.</summary>
    /// <param name="policy">"Input: a differentiable policy parameterization π(a|s, θ)".</param>
    /// <param name="baseline">"Input: a differentiable state-value function parameterization v̂(s, w)".</param>
    /// <param name="env">The environment (episodic).</param>
    /// <param name="policyStepSize">"Algorithm parameters: step sizes α_θ &gt; 0" …</param>
    /// <param name="valueStepSize">… "α_w &gt; 0".</param>
    /// <param name="gamma">The discount γ ∈ [0, 1].</param>
    /// <param name="maxEpisodeSteps">Cut episodes after this many steps (null: none).</param>
    public ReinforceWithBaseline(IScoreFunctionPolicy policy, IAnalyticValueFunction baseline, Env env, double policyStepSize, double valueStepSize,
        double gamma = 1.0, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(env);
        Search.OptionCheck.Positive("policyStepSize", policyStepSize);
        Search.OptionCheck.Positive("valueStepSize", valueStepSize);
        Policy = policy;
        Baseline = baseline;
        PolicyStepSize = policyStepSize;
        ValueStepSize = valueStepSize;
        Gamma = Returns.CheckGamma(gamma, "ReinforceWithBaseline");
        _sampler = new EpisodeSampler(env, policy, maxEpisodeSteps);
        _episode = new EpisodeBatch(env.ObservationSpace.FlatSize, env.ActionSpace.FlatSize);
    }

    /// <summary>π(a|s, θ).</summary>
    public IScoreFunctionPolicy Policy { get; }

    /// <summary>v̂(s, w).</summary>
    public IAnalyticValueFunction Baseline { get; }

    /// <summary>α_θ.</summary>
    public double PolicyStepSize { get; }

    /// <summary>α_w.</summary>
    public double ValueStepSize { get; }

    /// <summary>γ.</summary>
    public double Gamma { get; }

    /// <summary>One pass of "Loop forever (for each episode)": generates an episode and applies its per-step updates.</summary>
    public EpisodeResult RunEpisode(Rng rng)
    {
        // Generate an episode S0, A0, R1, …, S_{T−1}, A_{T−1}, R_T, following π(·|·, θ)
        _episode.Clear();
        double total = _sampler.RunEpisode(_episode, rng);
        int steps = _episode.StepCount;
        if (_returns.Length < steps) _returns = new double[Math.Max(steps, 2 * _returns.Length)];
        var g = _returns.AsSpan(0, steps);
        Returns.RewardToGo(_episode.Rewards, Gamma, g);   // G_t ← Σ_{k=t+1}^{T} γ^{k−t−1} R_k

        // Loop for each step of the episode t = 0, 1, …, T − 1:
        double discount = 1;                                // γᵗ
        for (int t = 0; t < steps; t++)
        {
            var state = _episode.Observation(t);
            // δ ← G − v̂(S_t, w)
            double delta = g[t] - Baseline.Value(state);
            // w ← w + α_w δ ∇v̂(S_t, w)
            Baseline.Parameters.ZeroGrad();
            Baseline.AddGradient(state, (float)(ValueStepSize * delta));
            GradientAscent.AddGradients(Baseline.Parameters);
            // θ ← θ + α_θ γᵗ δ ∇ln π(A_t|S_t, θ)
            Policy.Parameters.ZeroGrad();
            Policy.AddScore(state, _episode.Action(t), (float)(PolicyStepSize * discount * delta));
            GradientAscent.AddGradients(Policy.Parameters);
            discount *= Gamma;
        }
        return new EpisodeResult(total, steps, _episode[0].Truncated);
    }
}
