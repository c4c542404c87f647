using Ascent.Mdp;
using Ascent.Numerics;

namespace Ascent.Tests.Mdp;

public class MdpOracleTests
{
    private const double FiniteDifferenceStep = 1e-5;
    private const double GradientTolerance = 1e-7;

    public static TheoryData<int, double, int> Cases => new()
    {
        { 1, 0.9, 0 },  // discounted, continuing
        { 2, 0.5, 0 },
        { 3, 0.99, 2 }, // discounted with terminal states
        { 4, 1.0, 2 },  // episodic, γ = 1
        { 5, 1.0, 1 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void TabularSoftmaxGradient_MatchesCentralFiniteDifferencesOfJ(int seed, double gamma, int terminal)
    {
        var rng = new Rng((ulong)seed);
        var mdp = RandomMdp.Create(rng, states: 6, actions: 3, gamma, terminal);
        var theta = RandomMdp.RandomTable(rng, 6, 3);
        var gradient = MdpOracle.EvaluateTabularSoftmax(mdp, theta).TabularSoftmaxGradient();

        for (int s = 0; s < 6; s++)
            for (int a = 0; a < 3; a++)
            {
                double original = theta[s, a];
                theta[s, a] = original + FiniteDifferenceStep;
                double plus = MdpOracle.EvaluateTabularSoftmax(mdp, theta).J;
                theta[s, a] = original - FiniteDifferenceStep;
                double minus = MdpOracle.EvaluateTabularSoftmax(mdp, theta).J;
                theta[s, a] = original;
                double numeric = (plus - minus) / (2 * FiniteDifferenceStep);
                Assert.True(Math.Abs(gradient[s, a] - numeric) < GradientTolerance * (1 + Math.Abs(numeric)),
                    $"∂J/∂θ[{s}][{a}]: exact {gradient[s, a]}, finite difference {numeric}");
                if (mdp.IsTerminal(s)) Assert.Equal(0.0, gradient[s, a]);
            }
    }

    [Theory, MemberData(nameof(Cases))]
    public void LinearSoftmaxGradient_MatchesCentralFiniteDifferencesOfJ(int seed, double gamma, int terminal)
    {
        var rng = new Rng((ulong)(100 + seed));
        var mdp = RandomMdp.Create(rng, states: 5, actions: 4, gamma, terminal);
        var features = new FeatureMap(5, 4, 3, (_, _, phi) => { for (int k = 0; k < phi.Length; k++) phi[k] = rng.Normal(); });
        double[] theta = [rng.Normal(), rng.Normal(), rng.Normal()];
        var gradient = MdpOracle.EvaluateLinearSoftmax(mdp, features, theta).LinearSoftmaxGradient(features);

        for (int k = 0; k < theta.Length; k++)
        {
            double original = theta[k];
            theta[k] = original + FiniteDifferenceStep;
            double plus = MdpOracle.EvaluateLinearSoftmax(mdp, features, theta).J;
            theta[k] = original - FiniteDifferenceStep;
            double minus = MdpOracle.EvaluateLinearSoftmax(mdp, features, theta).J;
            theta[k] = original;
            double numeric = (plus - minus) / (2 * FiniteDifferenceStep);
            Assert.True(Math.Abs(gradient[k] - numeric) < GradientTolerance * (1 + Math.Abs(numeric)),
                $"∂J/∂θ[{k}]: exact {gradient[k]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void LinearSoftmax_WithOneHotFeatures_IsTheTabularSoftmax()
    {
        var rng = new Rng(7);
        var mdp = RandomMdp.Create(rng, states: 4, actions: 3, gamma: 0.8);
        var theta = RandomMdp.RandomTable(rng, 4, 3);
        var flat = Enumerable.Range(0, 12).Select(i => theta[i / 3, i % 3]).ToArray();

        var tabular = MdpOracle.EvaluateTabularSoftmax(mdp, theta);
        var linear = MdpOracle.EvaluateLinearSoftmax(mdp, FeatureMap.Tabular(4, 3), flat);
        var tabularGradient = tabular.TabularSoftmaxGradient();
        var linearGradient = linear.LinearSoftmaxGradient(FeatureMap.Tabular(4, 3));

        Assert.Equal(tabular.J, linear.J, 12);
        for (int i = 0; i < 12; i++) Assert.Equal(tabularGradient[i / 3, i % 3], linearGradient[i], 12);
    }

    [Fact]
    public void ObservationSoftmaxGradient_EqualsLinearGradientOverObservationIndicators_AndFiniteDifferences()
    {
        var rng = new Rng(8);
        var mdp = RandomMdp.Create(rng, states: 7, actions: 2, gamma: 1.0, terminalStates: 1);
        var observations = new ObservationMap([0, 1, 0, 2, 1, 0, 2], 3); // states 0, 2, 5 look alike, and so on
        var theta = RandomMdp.RandomTable(rng, 3, 2);
        double J(double[,] t) => MdpOracle.Evaluate(mdp, observations.Lift(TabularSoftmax.Policy(t).ToArray())).J;

        var evaluation = MdpOracle.Evaluate(mdp, observations.Lift(TabularSoftmax.Policy(theta).ToArray()));
        var gradient = evaluation.ObservationSoftmaxGradient(observations);
        var linear = evaluation.LinearSoftmaxGradient(FeatureMap.ObservationIndicators(observations, 2));

        for (int o = 0; o < 3; o++)
            for (int a = 0; a < 2; a++)
            {
                Assert.Equal(linear[o * 2 + a], gradient[o, a], 12);
                double original = theta[o, a];
                theta[o, a] = original + FiniteDifferenceStep; double plus = J(theta);
                theta[o, a] = original - FiniteDifferenceStep; double minus = J(theta);
                theta[o, a] = original;
                Assert.Equal((plus - minus) / (2 * FiniteDifferenceStep), gradient[o, a], 7);
            }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Values_SatisfyTheBellmanEquations(int seed, double gamma, int terminal)
    {
        var rng = new Rng((ulong)(200 + seed));
        var mdp = RandomMdp.Create(rng, states: 6, actions: 3, gamma, terminal);
        var policy = TabularSoftmax.Policy(RandomMdp.RandomTable(rng, 6, 3));
        var e = MdpOracle.Evaluate(mdp, policy);

        for (int s = 0; s < 6; s++)
        {
            if (mdp.IsTerminal(s))
            {
                Assert.Equal(0.0, e.V[s]);
                Assert.Equal(0.0, e.Visitation[s]);
                continue;
            }
            double vFromQ = 0;
            for (int a = 0; a < 3; a++)
            {
                // Q(s,a) = r(s,a) + γ Σ_s' P(s'|s,a) V(s')
                double backup = mdp.Reward(s, a);
                for (int next = 0; next < 6; next++) backup += gamma * mdp.Transition(s, a, next) * e.V[next];
                Assert.Equal(backup, e.Q[s, a], 10);
                Assert.Equal(e.Q[s, a] - e.V[s], e.Advantage[s, a], 12);
                vFromQ += policy[s, a] * e.Q[s, a];
            }
            Assert.Equal(e.V[s], vFromQ, 10); // V(s) = Σ_a π(a|s) Q(s,a)

            // V = r_π + γ P_π V
            double bellman = e.ExpectedReward[s];
            for (int next = 0; next < 6; next++) bellman += gamma * e.TransitionMatrix[s, next] * e.V[next];
            Assert.Equal(e.V[s], bellman, 10);
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Visitation_IsTheDiscountedSumOfStateProbabilities_AndGivesJ(int seed, double gamma, int terminal)
    {
        var rng = new Rng((ulong)(300 + seed));
        var mdp = RandomMdp.Create(rng, states: 6, actions: 3, gamma, terminal);
        var policy = TabularSoftmax.Policy(RandomMdp.RandomTable(rng, 6, 3));
        var e = MdpOracle.Evaluate(mdp, policy);

        // d(s) = Σ_t γᵗ P(s_t = s), summed directly by propagating the state distribution (terminal states drop out).
        var distribution = mdp.Initial.ToArray();
        var sum = new double[6];
        double weight = 1;
        for (int t = 0; t < 20000 && weight * distribution.Sum() > 1e-17; t++)
        {
            for (int s = 0; s < 6; s++) sum[s] += weight * distribution[s];
            var next = new double[6];
            for (int s = 0; s < 6; s++)
                for (int s2 = 0; s2 < 6; s2++)
                    if (!mdp.IsTerminal(s2)) next[s2] += distribution[s] * e.TransitionMatrix[s, s2];
            distribution = next;
            weight *= gamma;
        }
        for (int s = 0; s < 6; s++) Assert.Equal(sum[s], e.Visitation[s], 9);

        double jFromVisitation = 0;
        for (int s = 0; s < 6; s++) jFromVisitation += e.Visitation[s] * e.ExpectedReward[s];
        Assert.Equal(e.J, jFromVisitation, 10); // J = μ₀ᵀV = dᵀr_π
    }

    [Fact]
    public void Visitation_SumsTo1Over1MinusGamma_WithoutTerminalStates()
    {
        var mdp = RandomMdp.Create(new Rng(9), states: 5, actions: 2, gamma: 0.95);
        var e = MdpOracle.Evaluate(mdp, PolicyTable.Uniform(5, 2));
        Assert.Equal(20.0, e.Visitation.Sum(), 10);
    }

    [Fact]
    public void Visitation_SumsToTheExpectedEpisodeLength_WhenGammaIs1()
    {
        // A chain where each step ends the episode with probability 1/4: the length is geometric with mean 4,
        // and with reward 1 per step J is that length too.
        var p = new double[3, 1, 3];
        p[0, 0, 1] = 0.75; p[0, 0, 2] = 0.25;
        p[1, 0, 0] = 0.75; p[1, 0, 2] = 0.25;
        var mdp = new FiniteMdp(1.0, [1, 0, 0], p, new double[,] { { 1 }, { 1 }, { 0 } }, [false, false, true]);
        var e = MdpOracle.Evaluate(mdp, PolicyTable.Uniform(3, 1));
        Assert.Equal(4.0, e.Visitation.Sum(), 12);
        Assert.Equal(4.0, e.J, 12);
        Assert.Equal(4.0 / (1 + 0.75), e.Visitation[0], 12); // visits alternate 0, 1, 0, …: Σ_k 0.75^{2k}
    }

    [Fact]
    public void GammaOne_PolicyThatNeverTerminatesFromAReachableState_IsRejectedNamingTheState()
    {
        // 0 → 1 ⇄ 2 forever under action 0; action 1 in state 2 reaches the goal 3.
        var p = new double[4, 2, 4];
        p[0, 0, 1] = 1; p[0, 1, 1] = 1;
        p[1, 0, 2] = 1; p[1, 1, 2] = 1;
        p[2, 0, 1] = 1; p[2, 1, 3] = 1;
        var mdp = new FiniteMdp(1.0, [1, 0, 0, 0], p, new double[4, 2], [false, false, false, true]);

        var e = Assert.Throws<ArgumentException>(() => MdpOracle.Evaluate(mdp, PolicyTable.Deterministic([0, 0, 0, 0], 2)));
        Assert.Contains("never terminates", e.Message);
        Assert.Contains("state 0", e.Message);

        // Any positive probability of action 1 in state 2 terminates with probability 1.
        var ok = MdpOracle.Evaluate(mdp, PolicyTable.EpsilonGreedy([0, 0, 0, 0], 2, 0.01));
        Assert.Equal(0.0, ok.J);
        Assert.True(ok.Visitation[1] > 100);
    }

    [Fact]
    public void GammaOne_UnreachableStatesThatNeverTerminate_HaveUndefinedValues_AndTheRestIsExact()
    {
        // State 2 loops forever but μ₀ never reaches it: V(2) is undefined, everything reachable is exact.
        var p = new double[4, 1, 4];
        p[0, 0, 1] = 1; p[1, 0, 3] = 1; p[2, 0, 2] = 1;
        var mdp = new FiniteMdp(1.0, [1, 0, 0, 0], p, new double[,] { { -1 }, { -2 }, { -1 }, { 0 } }, [false, false, false, true]);
        var e = MdpOracle.Evaluate(mdp, PolicyTable.Uniform(4, 1));
        Assert.Equal(-3.0, e.J);
        Assert.Equal([-3.0, -2.0], e.V.Take(2));
        Assert.True(double.IsNaN(e.V[2]));
        Assert.Equal(0.0, e.Visitation[2]);
        Assert.Equal(0.0, e.TabularSoftmaxGradient()[2, 0]);
    }

    [Fact]
    public void Evaluate_RejectsAPolicyOfTheWrongShape()
    {
        var mdp = RandomMdp.Create(new Rng(1), 3, 2, 0.9);
        var e = Assert.Throws<ArgumentException>(() => MdpOracle.Evaluate(mdp, PolicyTable.Uniform(3, 3)));
        Assert.Contains("[3][3]", e.Message);
        Assert.Throws<ArgumentException>(() => MdpOracle.EvaluateTabularSoftmax(mdp, new double[2, 2]));
    }

    [Fact]
    public void MixturePolicy_IsEvaluatedLikeAnyTable_AndItsValueIsBetweenTheEndpointsAtTheFirstOrder()
    {
        // CPI evaluates π_α = (1 − α)π + απ'. Its J is exact like any table; dJ/dα at α = 0 equals
        // Σ_s d^π(s) Σ_a π'(a|s) A^π(s,a) (the performance-difference identity's first-order term).
        var rng = new Rng(11);
        var mdp = RandomMdp.Create(rng, 5, 3, 0.9);
        var pi = TabularSoftmax.Policy(RandomMdp.RandomTable(rng, 5, 3));
        var other = TabularSoftmax.Policy(RandomMdp.RandomTable(rng, 5, 3));
        var e = MdpOracle.Evaluate(mdp, pi);
        double expected = 0;
        for (int s = 0; s < 5; s++)
            for (int a = 0; a < 3; a++) expected += e.Visitation[s] * other[s, a] * e.Advantage[s, a];
        double h = 1e-6;
        double slope = (MdpOracle.Evaluate(mdp, PolicyTable.Mixture(pi, other, h)).J - e.J) / h;
        Assert.Equal(expected, slope, 4);
    }
}
