using Ascent.Algorithms.GradientFree;
using Ascent.Environments;
using Ascent.Environments.Spaces;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Search;

namespace Ascent.Tests.Search;

/// <summary>The policy objective: a candidate's fitness is the return of its policy's episode, reproducibly and without allocating per step.</summary>
public class PolicyObjectiveTests
{
    /// <summary>A linear actor for <paramref name="env"/>'s spaces: θ = [W (in × out, row-major), b].</summary>
    private static Func<IPolicy> Linear(string env) => () =>
    {
        using var e = Envs.Make(env);
        return new ActorCriticPolicy(e.ObservationSpace, e.ActionSpace, SearchPolicyArchitecture.For("linear", 0), new Rng(0));
    };

    private static PolicyObjective CartPole(PolicyObjectiveOptions? options = null) =>
        new(() => Envs.Make("CartPole-v1"), Linear("CartPole-v1"), p => SearchPolicyArchitecture.SearchedParameters((ActorCriticPolicy)p), options);

    [Fact]
    public void Fitness_IsTheEpisodeReturn_OfTheCandidatePolicy()
    {
        var objective = CartPole();
        Assert.Equal(10, objective.Dimension); // W: 4 × 2, b: 2
        using var worker = objective.CreateWorker();

        // θ = 0: equal logits, argmax takes action 0 (push left) every step — replayed here by hand.
        const int seed = 17;
        var zero = worker.Evaluate(new double[10], new EvaluationContext(0, 0, 0, seed));
        using var env = Envs.Make("CartPole-v1");
        env.Reset(seed);
        int steps = 0;
        while (true)
        {
            steps++;
            var s = env.Step(0);
            if (s.Terminated || s.Truncated) break;
        }
        Assert.Equal(steps, zero.Steps);
        Assert.Equal(steps, zero.Fitness);

        // Push right when angle + angular velocity > 0: logit₁ − logit₀ = θ + θ̇, a controller that balances to the limit.
        var controller = new double[10];
        controller[2 * 2 + 1] = 1; // W[angle, right]
        controller[3 * 2 + 1] = 1; // W[angular velocity, right]
        for (int k = 0; k < 3; k++)
        {
            var result = worker.Evaluate(controller, new EvaluationContext(0, 0, k, 100 + k));
            Assert.Equal(500, result.Fitness);
            Assert.Equal(500, result.Steps);
        }
    }

    [Fact]
    public void Episodes_AreRecordedPerCandidate_InTheirOrder()
    {
        var objective = CartPole();
        using var evaluator = new PopulationEvaluator(objective, new EvaluationOptions { Seed = 4, EpisodesPerCandidate = 3, MaxDegreeOfParallelism = 2 });
        var population = new Population(10, 4);
        population.Resize(4);
        var rng = new Rng(2);
        for (int i = 0; i < 4; i++) rng.Normal(population.Row(i));
        var fitness = new double[4];
        long steps = evaluator.Evaluate(population, 0, fitness);
        long recorded = 0;
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(3, objective.EpisodesOf(i));
            double sum = 0;
            for (int k = 0; k < 3; k++) { sum += objective.Episode(i, k).Return; recorded += objective.Episode(i, k).Length; }
            Assert.Equal(fitness[i], sum / 3, 12);
        }
        Assert.Equal(steps, recorded);
    }

    [Fact]
    public void Stepping_AllocatesNothing_ForDeterministicAndSampledActions()
    {
        // Pendulum episodes always run to the limit: the bytes allocated by a 10-step and a 400-step episode must be equal.
        foreach (bool deterministic in new[] { true, false })
        {
            long Allocated(int limit)
            {
                var objective = new PolicyObjective(() => Envs.Make("Pendulum-v1", limit), () =>
                {
                    using var e = Envs.Make("Pendulum-v1");
                    return new ActorCriticPolicy(e.ObservationSpace, e.ActionSpace, SearchPolicyArchitecture.For("mlp:8", 0), new Rng(1));
                }, p => SearchPolicyArchitecture.SearchedParameters((ActorCriticPolicy)p), new PolicyObjectiveOptions { Deterministic = deterministic });
                using var worker = objective.CreateWorker();
                var theta = new double[objective.Dimension];
                new Rng(3).Normal(theta.AsSpan());
                worker.Evaluate(theta, new EvaluationContext(0, 0, 0, 1)); // warm up: first-call buffers, JIT
                long steps = 0;
                long bytes = AllocationProbe.Steady(() => steps = worker.Evaluate(theta, new EvaluationContext(0, 0, 0, 2)).Steps);
                Assert.Equal(limit, steps);
                return bytes;
            }
            Assert.Equal(Allocated(10), Allocated(400));
        }
    }

    [Fact]
    public void NonFiniteReturn_NamesTheCandidateAndEpisodeSeed()
    {
        var objective = new PolicyObjective(() => new NanRewardEnv(), () => new ActorCriticPolicy(NanRewardEnv.Observations, NanRewardEnv.Actions,
            SearchPolicyArchitecture.For("linear", 0), new Rng(0)), p => SearchPolicyArchitecture.SearchedParameters((ActorCriticPolicy)p));
        Assert.Equal(2, objective.Dimension); // w, b: the action is w·1 + b
        using var evaluator = new PopulationEvaluator(objective, new EvaluationOptions { Seed = 8, EpisodesPerCandidate = 2, MaxDegreeOfParallelism = 2 });
        var population = new Population(2, 4);
        population.Resize(4);
        population.Row(2)[1] = 7; // b = 7: the action exceeds 5, where the environment's reward is NaN
        population.Row(3)[1] = 9;
        var e = Assert.Throws<NonFiniteFitnessException>(() => evaluator.Evaluate(population, 5, new double[4]));
        Assert.Equal(2, e.Candidate);
        Assert.Equal(0, e.Episode);
        Assert.Equal(EpisodeSeeds.Derive(8, 5, 2, 0, commonRandomNumbers: false), e.EpisodeSeed);
        Assert.Contains("candidate 2", e.Message);
    }

    [Fact]
    public void MismatchedSpaces_AndAnEmptySearch_AreRejected()
    {
        var pendulum = Linear("Pendulum-v1");
        var ex = Assert.Throws<ArgumentException>(() => new PolicyObjective(() => Envs.Make("CartPole-v1"), pendulum));
        Assert.Contains("CartPole-v1", ex.Message);
        var zero = Assert.Throws<ArgumentException>(() => new PolicyObjective(() => Envs.Make("CartPole-v1"), Linear("CartPole-v1"), _ => new Ascent.Nn.ParameterSet()));
        Assert.Contains("parameter count is 0", zero.Message);
    }

    [Fact]
    public void NormalizedObservations_AreRecordedOnlyInsideGenerations_AndCountEveryStep()
    {
        var objective = CartPole(new PolicyObjectiveOptions { NormalizeObservations = true });
        using var evaluator = new PopulationEvaluator(objective, new EvaluationOptions { Seed = 1, MaxDegreeOfParallelism = 3 });
        var population = new Population(10, 6);
        population.Resize(6);
        new Rng(5).Normal(population.Row(0));
        long steps = evaluator.Evaluate(population, 0, new double[6]);
        Assert.Equal(steps, objective.Normalizer!.Totals.Count);
        using var worker = objective.CreateWorker();
        worker.Evaluate(population[0], new EvaluationContext(1, 0, 0, 3)); // a replay outside a generation
        Assert.Equal(steps, objective.Normalizer.Totals.Count);
    }

    /// <summary>One step per episode: observation [1], action in [−10, 10], reward = the action, or NaN above 5.</summary>
    private sealed class NanRewardEnv : Env
    {
        public static readonly Box Observations = new([1f], [1f]);
        public static readonly Box Actions = new([-10f], [10f]);

        public override Space ObservationSpace => Observations;
        public override Space ActionSpace => Actions;

        protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation) => observation[0] = 1;

        protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
        {
            observation[0] = 1;
            return (action[0] > 5 ? double.NaN : action[0], true, false);
        }
    }
}
