using Ascent.Environments;
using Ascent.Estimators;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Algorithms;

/// <summary>
/// REINFORCE exactly as Sutton &amp; Barto's box (2018, p. 328), "Monte-Carlo Policy-Gradient Control (episodic) for π*":
/// after each episode, one update per step, θ ← θ + α γᵗ G_t ∇ln π(A_t|S_t, θ).
/// </summary>
/// <remarks>
/// <para>The updates use the analytic score of an <see cref="IScoreFunctionPolicy"/>, and θ changes within the episode:
/// step t's score is taken at the θ left by steps 0 … t−1, as in the box. Nothing is allocated per step, so the
/// short-corridor experiments (millions of steps) run in seconds.</para>
/// <para>The environment is reset at the start of each episode (continuing its own random stream); seed it once.</para>
/// </remarks>
public sealed class EpisodicReinforce
{
    private readonly EpisodeSampler _sampler;
    private readonly EpisodeBatch _episode;
    private double[] _returns = new double[256];

    /// <summary>Sets up the algorithm.</summary>
    /// <param name="policy">"Input: a differentiable policy parameterization π(a|s, θ)" — θ starts at its current value.</param>
    /// <param name="env">The environment (episodic).</param>
    /// <param name="stepSize">"Algorithm parameter: step size α &gt; 0".</param>
    /// <param name="gamma">The discount γ ∈ [0, 1] (the book's corridor uses γ = 1).</param>
    /// <param name="maxEpisodeSteps">Cut episodes after this many steps (null: none); a cut episode's returns stop there.</param>
    public EpisodicReinforce(IScoreFunctionPolicy policy, Env env, double stepSize, double gamma = 1.0, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(env);
        Search.OptionCheck.Positive("stepSize", stepSize);
        Policy = policy;
        StepSize = stepSize;
        Gamma = Returns.CheckGamma(gamma, "EpisodicReinforce");
        _sampler = new EpisodeSampler(env, policy, maxEpisodeSteps);
        _episode = new EpisodeBatch(env.ObservationSpace.FlatSize, env.ActionSpace.FlatSize);
    }

    /// <summary>π(a|s, θ).</summary>
    public IScoreFunctionPolicy Policy { get; }

    /// <summary>α.</summary>
    public double StepSize { get; }

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
        Returns.RewardToGo(_episode.Rewards, Gamma, g);   // G_t ← Σ_{k=t+1}^{T} γ^{k−t−1} R_k, for every t at once

        // Loop for each step of the episode t = 0, 1, …, T − 1:
        double discount = 1;                                // γᵗ
        var parameters = Policy.Parameters;
        for (int t = 0; t < steps; t++)
        {
            // θ ← θ + α γᵗ G ∇ln π(A_t|S_t, θ)
            parameters.ZeroGrad();
            Policy.AddScore(_episode.Observation(t), _episode.Action(t), (float)(StepSize * discount * g[t]));
            GradientAscent.AddGradients(parameters);
            discount *= Gamma;
        }
        return new EpisodeResult(total, steps, _episode[0].Truncated);
    }
}
