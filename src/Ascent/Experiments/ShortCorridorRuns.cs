using Ascent.Algorithms;
using Ascent.Environments.Lectures;
using Ascent.Environments.Spaces;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Policies.Features;

namespace Ascent.Experiments;

/// <summary>
/// Single runs of Sutton &amp; Barto's short-corridor experiments (Figures 13.1 and 13.2): the linear softmax over
/// x(s,right) = [1,0], x(s,left) = [0,1], started at θ = [−1.47, 1.47] (p(right) ≈ 0.05, the book's companion code),
/// γ = 1, with that code's exploration floor (no action below probability 0.05, see
/// <see cref="LinearSoftmaxPolicy.MinimumProbability"/>), and the total reward of each episode.
/// </summary>
public static class ShortCorridorRuns
{
    /// <summary>The book's initial preferences [h(right), h(left)].</summary>
    public static IReadOnlyList<double> InitialTheta { get; } = [-1.47, 1.47];

    /// <summary>The companion code's exploration floor ε: neither action's probability goes below it.</summary>
    public const double ExplorationFloor = 0.05;

    /// <summary>The corridor policy at <see cref="InitialTheta"/> with the exploration floor.</summary>
    public static LinearSoftmaxPolicy InitialPolicy()
    {
        var policy = new LinearSoftmaxPolicy(new Discrete(1), PerActionFeatures.ShortCorridor()) { MinimumProbability = ExplorationFloor };
        policy.SetTheta([.. InitialTheta]);
        return policy;
    }

    /// <summary>p(right) of a corridor policy.</summary>
    public static double ProbabilityOfRight(LinearSoftmaxPolicy policy)
    {
        Span<double> p = stackalloc double[2];
        policy.Probabilities([0f], p);
        return p[ShortCorridor.Right];
    }

    /// <summary>REINFORCE (the book's box) with step size <paramref name="alpha"/>: the total reward of each of <paramref name="episodes"/> episodes.</summary>
    public static double[] Reinforce(double alpha, int episodes, Rng rng)
    {
        using var env = new ShortCorridor();
        env.Seed(0);
        var learner = new EpisodicReinforce(InitialPolicy(), env, alpha);
        var returns = new double[episodes];
        for (int e = 0; e < episodes; e++) returns[e] = learner.RunEpisode(rng).Return;
        return returns;
    }

    /// <summary>REINFORCE with baseline (the book's second box) with v̂(s, w) = w (every state looks the same).</summary>
    public static double[] ReinforceWithBaseline(double policyStepSize, double valueStepSize, int episodes, Rng rng)
    {
        using var env = new ShortCorridor();
        env.Seed(0);
        var learner = new ReinforceWithBaseline(InitialPolicy(), new LinearValueFunction(new OneHotFeatures(1)), env, policyStepSize, valueStepSize);
        var returns = new double[episodes];
        for (int e = 0; e < episodes; e++) returns[e] = learner.RunEpisode(rng).Return;
        return returns;
    }
}
