using Ascent.Estimators;
using Ascent.Numerics;

namespace Ascent.Tests.Estimators;

/// <summary>
/// The advantage and return estimators on segments that cross episode boundaries, terminations and truncations:
/// hand-computed values, the λ = 0 / λ = 1 identities, and brute-force definitions on random segments.
/// </summary>
public class SegmentEstimatorTests
{
    // Two envs × four steps, γ = 0.5, time-major (entry t·2 + i).
    // env 0: rewards 1,2,3,4, values 0.5,1,1.5,2, one running episode, V(s_T) = 3.
    // env 1: rewards 1,1,1,1, values 1,2,3,4, terminated at t=1, truncated at t=3 with V(final obs) = 10, V(s_T) = 5.
    private static readonly float[] Rewards = [1, 1, 2, 1, 3, 1, 4, 1];
    private static readonly float[] Values = [0.5f, 1, 1, 2, 1.5f, 3, 2, 4];
    private static readonly float[] LastValues = [3, 5];
    private static readonly bool[] Terminated = [false, false, false, true, false, false, false, false];
    private static readonly bool[] Truncated = [false, false, false, false, false, false, false, true];
    private static readonly float[] TruncationValues = [0, 0, 0, 0, 0, 0, 0, 10];
    private static readonly bool[] Ends = [false, false, false, true, false, false, false, true];

    private static float[] NextValues()
    {
        var next = new float[8];
        NextStateValues.Compute(Values, LastValues, Terminated, Truncated, TruncationValues, 2, next);
        return next;
    }

    private static float[] Column(float[] data, int env) => [data[env], data[2 + env], data[4 + env], data[6 + env]];

    [Fact]
    public void NextStateValues_BootstrapsOnTruncationAndAtTheSegmentEnd_NeverOnTermination()
    {
        var next = NextValues();
        Assert.Equal([1f, 1.5f, 2f, 3f], Column(next, 0));     // V(s_{t+1}), then V(s_T) = 3
        Assert.Equal([2f, 0f, 4f, 10f], Column(next, 1));      // V(s_1); 0 after termination; V(s_3); V(final obs) after truncation
    }

    [Fact]
    public void Gae_MatchesHandComputedValues_AcrossTerminationAndTruncation()
    {
        var advantages = new float[8];
        var returns = new float[8];
        Gae.Compute(Rewards, Values, NextValues(), Ends, 2, gamma: 0.5f, lambda: 0.5f, advantages, returns);
        // env 0: δ = 1, 1.75, 2.5, 3.5; Â_t = δ_t + 0.25·Â_{t+1}.
        Assert.Equal([1.6484375f, 2.59375f, 3.375f, 3.5f], Column(advantages, 0));
        // env 1: δ = 1, −1, 0, 2; the recursion stops after the termination (t=1) and the truncation (t=3).
        Assert.Equal([0.75f, -1f, 0.5f, 2f], Column(advantages, 1));
        for (int k = 0; k < 8; k++) Assert.Equal(advantages[k] + Values[k], returns[k]);
    }

    [Fact]
    public void MonteCarloReturns_MatchHandComputedValues()
    {
        var returns = new float[8];
        MonteCarloReturns.Compute(Rewards, NextValues(), Ends, 2, 0.5f, returns);
        Assert.Equal([3.4375f, 4.875f, 5.75f, 5.5f], Column(returns, 0));
        Assert.Equal([1.5f, 1f, 4f, 6f], Column(returns, 1));
    }

    [Fact]
    public void NStepReturns_MatchHandComputedValues()
    {
        var returns = new float[8];
        NStepReturns.Compute(Rewards, NextValues(), Ends, 2, 0.5f, 2, returns);
        Assert.Equal([2.375f, 4f, 5.75f, 5.5f], Column(returns, 0));
        Assert.Equal([1.5f, 1f, 4f, 6f], Column(returns, 1));
    }

    [Fact]
    public void TdZeroAdvantage_IsTheTdError()
    {
        var advantages = new float[8];
        TdZeroAdvantage.Compute(Rewards, Values, NextValues(), 0.5f, advantages);
        Assert.Equal([1f, 1.75f, 2.5f, 3.5f], Column(advantages, 0));
        Assert.Equal([1f, -1f, 0f, 2f], Column(advantages, 1));
    }

    /// <summary>A random segment with random terminations and truncations.</summary>
    private sealed class RandomSegment
    {
        public RandomSegment(int seed, int steps, int envs)
        {
            var rng = new Rng((ulong)seed);
            Steps = steps; Envs = envs;
            int size = steps * envs;
            Rewards = new float[size]; Values = new float[size]; Next = new float[size]; Ends = new bool[size];
            var terminated = new bool[size]; var truncated = new bool[size]; var truncationValues = new float[size];
            var last = new float[envs];
            for (int k = 0; k < size; k++)
            {
                Rewards[k] = (float)rng.Normal();
                Values[k] = (float)rng.Normal();
                double u = rng.NextDouble();
                terminated[k] = u < 0.1;
                truncated[k] = u >= 0.1 && u < 0.2 || u < 0.03;   // a few steps are both (termination wins)
                truncationValues[k] = (float)rng.Normal();
                Ends[k] = terminated[k] || truncated[k];
            }
            for (int i = 0; i < envs; i++) last[i] = (float)rng.Normal();
            NextStateValues.Compute(Values, last, terminated, truncated, truncationValues, envs, Next);
            Terminated = terminated;
        }

        public int Steps { get; }
        public int Envs { get; }
        public float[] Rewards { get; }
        public float[] Values { get; }
        public float[] Next { get; }
        public bool[] Ends { get; }
        public bool[] Terminated { get; }
    }

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory, MemberData(nameof(Seeds))]
    public void Gae_WithLambdaOne_IsTheMonteCarloAdvantage(int seed)
    {
        var s = new RandomSegment(seed, 17, 3);
        var advantages = new float[s.Rewards.Length];
        var returns = new float[s.Rewards.Length];
        var mc = new float[s.Rewards.Length];
        Gae.Compute(s.Rewards, s.Values, s.Next, s.Ends, s.Envs, 0.97f, 1f, advantages, returns);
        MonteCarloReturns.Compute(s.Rewards, s.Next, s.Ends, s.Envs, 0.97f, mc);
        for (int k = 0; k < mc.Length; k++)
        {
            Assert.Equal(mc[k] - (double)s.Values[k], advantages[k], 1e-4);
            Assert.Equal(mc[k], returns[k], 1e-4);
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Gae_WithLambdaZero_IsTheTdError(int seed)
    {
        var s = new RandomSegment(seed, 13, 4);
        var advantages = new float[s.Rewards.Length];
        var returns = new float[s.Rewards.Length];
        var td = new float[s.Rewards.Length];
        Gae.Compute(s.Rewards, s.Values, s.Next, s.Ends, s.Envs, 0.9f, 0f, advantages, returns);
        TdZeroAdvantage.Compute(s.Rewards, s.Values, s.Next, 0.9f, td);
        Assert.Equal(td, advantages);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Gae_IsTheDiscountedSumOfTdErrors_UpToTheEpisodeOrSegmentEnd(int seed)
    {
        const float gamma = 0.95f, lambda = 0.8f;
        var s = new RandomSegment(seed, 11, 2);
        var advantages = new float[s.Rewards.Length];
        var returns = new float[s.Rewards.Length];
        Gae.Compute(s.Rewards, s.Values, s.Next, s.Ends, s.Envs, gamma, lambda, advantages, returns);
        for (int i = 0; i < s.Envs; i++)
            for (int t = 0; t < s.Steps; t++)
            {
                double sum = 0;
                for (int l = 0; t + l < s.Steps; l++)
                {
                    int k = (t + l) * s.Envs + i;
                    double delta = s.Rewards[k] + gamma * (double)s.Next[k] - s.Values[k];
                    sum += Math.Pow(gamma * lambda, l) * delta;
                    if (s.Ends[k]) break;
                }
                Assert.Equal(sum, advantages[t * s.Envs + i], 1e-4);
            }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void NStepReturns_WithNOne_IsTheTdTarget_AndWithNAtLeastT_IsMonteCarlo(int seed)
    {
        var s = new RandomSegment(seed, 9, 3);
        int size = s.Rewards.Length;
        var one = new float[size]; var all = new float[size]; var mc = new float[size];
        NStepReturns.Compute(s.Rewards, s.Next, s.Ends, s.Envs, 0.9f, 1, one);
        NStepReturns.Compute(s.Rewards, s.Next, s.Ends, s.Envs, 0.9f, s.Steps, all);
        MonteCarloReturns.Compute(s.Rewards, s.Next, s.Ends, s.Envs, 0.9f, mc);
        for (int k = 0; k < size; k++)
        {
            Assert.Equal(s.Rewards[k] + 0.9 * s.Next[k], one[k], 1e-5);
            Assert.Equal(mc[k], all[k], 1e-4);
        }
    }

    [Fact]
    public void NextStateValues_TerminationWins_WhenAStepIsBothTerminatedAndTruncated()
    {
        var next = new float[1];
        NextStateValues.Compute([1f], [2f], [true], [true], [3f], 1, next);
        Assert.Equal(0f, next[0]);
    }

    [Fact]
    public void BadInput_NamesTheArgumentAndTheRange()
    {
        var x = new float[4]; var ends = new bool[4];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gae.Compute(x, x, x, ends, 2, 1.5f, 0.9f, x, x));
        Assert.Contains("gamma = 1.5", e.Message);
        Assert.Contains("[0, 1]", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Gae.Compute(x, x, x, ends, 2, 0.9f, -0.1f, x, x));
        Assert.Contains("lambda", e.Message);
        var l = Assert.Throws<ArgumentException>(() => Gae.Compute(x, x, new float[3], ends, 2, 0.9f, 0.9f, x, x));
        Assert.Contains("nextValues has 3", l.Message);
        l = Assert.Throws<ArgumentException>(() => MonteCarloReturns.Compute(new float[5], new float[5], new bool[5], 2, 0.9f, new float[5]));
        Assert.Contains("multiple of numEnvs", l.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => NStepReturns.Compute(x, x, ends, 2, 0.9f, 0, x));
    }

    [Fact]
    public void AdvantageNormalization_GivesZeroMeanAndUnitUnbiasedStd()
    {
        float[] a = [1, 2, 3, 4, 10];
        AdvantageNormalization.Normalize(a, 0f);
        Assert.Equal(0.0, a.Average(v => (double)v), 6);
        double variance = a.Sum(v => (double)v * v) / (a.Length - 1);
        Assert.Equal(1.0, variance, 5);
        float[] single = [5];
        AdvantageNormalization.Normalize(single);
        Assert.Equal(0f, single[0]);
    }

    [Fact]
    public void ExplainedVariance_IsOneForPerfectPredictions_AndZeroForTheMean()
    {
        float[] y = [1, 2, 3, 4];
        Assert.Equal(1.0, ExplainedVariance.Compute(y, y), 12);
        Assert.Equal(0.0, ExplainedVariance.Compute([2.5f, 2.5f, 2.5f, 2.5f], y), 12);
        Assert.True(double.IsNaN(ExplainedVariance.Compute(y, [1f, 1f, 1f, 1f])));
    }
}
