using Ascent.Environments.Lectures;
using Ascent.Mdp;
using Ascent.Numerics;

namespace Ascent.Tests.Environments.Lectures;

/// <summary>
/// The sampled dynamics of every lecture environment agree with its exact model: transition frequencies, mean
/// rewards, the initial distribution, observations and episode returns, within 5 standard errors.
/// </summary>
public class ModelAgreementTests
{
    private const double Z = 5;

    public static TheoryData<string> Envs => new() { ShortCorridor.Id, AliasedGridworld.Id, RockPaperScissors.Id, ThreeStateChain.Id };

    private static FiniteModelEnv Make(string id) => (FiniteModelEnv)LectureEnvs.Specs.Single(s => s.Id == id).EntryPoint();

    [Theory, MemberData(nameof(Envs))]
    public void TransitionFrequenciesAndMeanRewards_MatchTheModel(string id)
    {
        using var env = Make(id);
        var mdp = env.Model;
        int samples = mdp.StateCount > 100 ? 300 : 4000;
        env.Reset(seed: 1);
        var counts = new int[mdp.StateCount];
        for (int s = 0; s < mdp.StateCount; s++)
        {
            if (mdp.IsTerminal(s)) continue;
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                Array.Clear(counts);
                double rewardSum = 0, rewardSquares = 0;
                for (int i = 0; i < samples; i++)
                {
                    env.State = s;
                    var step = env.Step(a);
                    counts[env.State]++;
                    rewardSum += step.Reward; rewardSquares += step.Reward * step.Reward;
                    Assert.Equal(mdp.IsTerminal(env.State), step.Terminated);
                    Assert.False(step.Truncated);
                }
                for (int next = 0; next < mdp.StateCount; next++)
                    AssertFrequency(mdp.Transition(s, a, next), counts[next], samples, $"P({next}|{s},{a})");
                double mean = rewardSum / samples, variance = Math.Max(rewardSquares / samples - mean * mean, 0);
                Assert.True(Math.Abs(mean - mdp.Reward(s, a)) <= Z * Math.Sqrt(variance / samples) + 1e-12,
                    $"{id}: mean reward of ({s},{a}) is {mean}, the model says {mdp.Reward(s, a)}");
            }
        }
    }

    [Theory, MemberData(nameof(Envs))]
    public void InitialStates_FollowTheModelsInitialDistribution(string id)
    {
        using var env = Make(id);
        var mdp = env.Model;
        const int episodes = 5000;
        var counts = new int[mdp.StateCount];
        env.Reset(seed: 2);
        for (int i = 0; i < episodes; i++) { env.Reset(); counts[env.State]++; }
        for (int s = 0; s < mdp.StateCount; s++) AssertFrequency(mdp.Initial[s], counts[s], episodes, $"μ₀({s})");
    }

    [Theory, MemberData(nameof(Envs))]
    public void Observations_AreTheSameExactlyForStatesTheObservationMapAliases(string id)
    {
        using var env = Make(id);
        var mdp = env.Model;
        var map = env.Observations;
        var seen = new Dictionary<int, float[]>(); // observation index → observation vector
        env.Reset(seed: 3);
        for (int s = 0; s < mdp.StateCount; s++)
        {
            if (mdp.IsTerminal(s)) continue; // the observation after the episode ends is not part of the model
            if (ObservationIn(env, s) is not float[] observation) continue;
            Assert.True(env.ObservationSpace.Contains(observation));
            if (seen.TryGetValue(map[s], out var other)) Assert.Equal(other, observation);
            else
            {
                Assert.DoesNotContain(seen.Values, v => v.SequenceEqual(observation)); // distinct observations look distinct
                seen[map[s]] = observation;
            }
        }
    }

    [Theory, MemberData(nameof(Envs))]
    public void MeanDiscountedReturn_OfAStochasticObservationPolicy_MatchesJ(string id)
    {
        using var env = Make(id);
        var mdp = env.Model;
        var map = env.Observations;
        var rng = new Rng(4);
        var observationPolicy = TabularSoftmax.Policy(RandomTable(rng, map.ObservationCount, mdp.ActionCount)).ToArray();
        double exact = MdpOracle.Evaluate(mdp, map.Lift(observationPolicy)).J;

        // The agent acts on what it sees: the observation vector, mapped to its index.
        var indexOf = new Dictionary<double, int>();
        env.Reset(seed: 5);
        for (int s = 0; s < mdp.StateCount; s++)
            if (!mdp.IsTerminal(s) && ObservationIn(env, s) is float[] observation) indexOf[Key(observation)] = map[s];

        const int episodes = 20000;
        double sum = 0, squares = 0;
        var probabilities = new double[mdp.ActionCount];
        for (int episode = 0; episode < episodes; episode++)
        {
            var observation = env.Reset().Observation;
            double ret = 0, discount = 1;
            for (int t = 0; t < 100_000; t++)
            {
                int o = indexOf[Key(observation)];
                for (int a = 0; a < probabilities.Length; a++) probabilities[a] = observationPolicy[o, a];
                var step = env.Step(rng.Categorical(probabilities));
                ret += discount * step.Reward;
                discount *= mdp.Gamma;
                if (step.Terminated) break;
                observation = step.Observation;
            }
            sum += ret; squares += ret * ret;
        }
        double mean = sum / episodes, standardError = Math.Sqrt((squares / episodes - mean * mean) / episodes);
        Assert.True(Math.Abs(mean - exact) <= Z * standardError, $"{id}: mean return {mean} ± {standardError}, exact J = {exact}");
    }

    /// <summary>
    /// The observation the environment emits on entering model state <paramref name="state"/>, produced by the dynamics:
    /// a step from the likeliest predecessor (repeated until it lands there), or a reset; null if no transition enters it.
    /// </summary>
    private static float[]? ObservationIn(FiniteModelEnv env, int state)
    {
        var mdp = env.Model;
        if (mdp.Initial[state] > 0)
            for (int attempt = 0; attempt < 1000; attempt++)
            {
                var observation = env.Reset().Observation.ToArray();
                if (env.State == state) return observation;
            }
        var (from, action, p) = (-1, -1, 0.0);
        for (int s = 0; s < mdp.StateCount; s++)
            for (int a = 0; a < mdp.ActionCount; a++)
                if (!mdp.IsTerminal(s) && mdp.Transition(s, a, state) > p) (from, action, p) = (s, a, mdp.Transition(s, a, state));
        if (from < 0) return null; // never entered (e.g. rock-paper-scissors' first round with a non-empty memory)
        for (int attempt = 0; attempt < 10000; attempt++)
        {
            env.State = from;
            var observation = env.Step(action).Observation.ToArray();
            if (env.State == state) return observation;
        }
        throw new InvalidOperationException($"state {state} was not entered from ({from}, {action}) with probability {p}");
    }

    /// <summary>A dictionary key for a small observation vector of small integers.</summary>
    private static double Key(ReadOnlySpan<float> observation)
    {
        double key = 0;
        foreach (var v in observation) key = 64 * key + v;
        return key;
    }

    private static void AssertFrequency(double p, int count, int n, string what)
    {
        double frequency = (double)count / n;
        if (p == 0) { Assert.True(count == 0, $"{what} = 0 but it happened {count} times"); return; }
        double standardError = Math.Sqrt(p * (1 - p) / n);
        Assert.True(Math.Abs(frequency - p) <= Z * standardError + 1e-12, $"{what}: frequency {frequency} over {n}, model {p}");
    }

    private static double[,] RandomTable(Rng rng, int rows, int columns)
    {
        var t = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) t[i, j] = rng.Normal();
        return t;
    }
}
