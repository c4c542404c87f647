using Ascent.Algorithms.PolicyImprovement;
using Ascent.Environments.Lectures;
using Ascent.Mdp;
using Ascent.Numerics;
using Ascent.Tests.Mdp;

namespace Ascent.Tests.Algorithms;

/// <summary>
/// The chain of seed 004 checked exactly on finite MDPs: the performance-difference identity, the first-order
/// agreement of L and η, the Kakade–Langford and TRPO lower bounds, and conservative policy iteration.
/// </summary>
public class PolicyImprovementTests
{
    /// <summary>Random MDPs: (seed, γ, terminal states), discounted and episodic.</summary>
    public static TheoryData<int, double, int> RandomCases => new()
    {
        { 1, 0.5, 0 },
        { 2, 0.9, 0 },
        { 3, 0.99, 0 },
        { 4, 0.9, 2 },
        { 5, 1.0, 2 },
    };

    public static TheoryData<string> LectureModels => new() { ShortCorridor.Id, AliasedGridworld.Id, RockPaperScissors.Id, ThreeStateChain.Id };

    private static FiniteMdp Lecture(string id) => id switch
    {
        ShortCorridor.Id => new ShortCorridor().Model,
        AliasedGridworld.Id => new AliasedGridworld().Model,
        RockPaperScissors.Id => new RockPaperScissors().Model,
        ThreeStateChain.Id => new ThreeStateChain().Model,
        _ => throw new ArgumentException(id),
    };

    private static PolicyTable RandomSoftmax(Rng rng, FiniteMdp mdp, double scale = 1) =>
        TabularSoftmax.Policy(RandomMdp.RandomTable(rng, mdp.StateCount, mdp.ActionCount, scale));

    private static void AssertIdentityHolds(FiniteMdp mdp, PolicyTable pi, PolicyTable newPi)
    {
        var old = MdpOracle.Evaluate(mdp, pi);
        var updated = MdpOracle.Evaluate(mdp, newPi);
        double difference = updated.J - old.J;
        double identity = PerformanceDifference.NewPolicyExpectedAdvantage(updated, old);
        Assert.True(Math.Abs(difference - identity) <= 1e-10 * Math.Max(1, Math.Abs(old.J)),
            $"η(π̃) − η(π) = {difference:R} but Σ_s d_π̃(s) Σ_a π̃(a|s) A^π(s,a) = {identity:R}");
    }

    [Theory, MemberData(nameof(RandomCases))]
    public void PerformanceDifferenceIdentity_HoldsExactly_OnRandomMdps(int seed, double gamma, int terminal)
    {
        var rng = new Rng((ulong)seed);
        var mdp = RandomMdp.Create(rng, states: 7, actions: 3, gamma, terminal);
        for (int trial = 0; trial < 5; trial++)
            AssertIdentityHolds(mdp, RandomSoftmax(rng, mdp, 2), RandomSoftmax(rng, mdp, 2));
        // Also for a deterministic new policy (the greedy one of policy iteration).
        var pi = RandomSoftmax(rng, mdp);
        if (gamma < 1) AssertIdentityHolds(mdp, pi, ConservativePolicyIteration.Greedy(MdpOracle.Evaluate(mdp, pi)));
    }

    [Theory, MemberData(nameof(LectureModels))]
    public void PerformanceDifferenceIdentity_HoldsExactly_OnTheLectureEnvironments(string id)
    {
        var mdp = Lecture(id);
        var rng = new Rng(17);
        for (int trial = 0; trial < 3; trial++)
            AssertIdentityHolds(mdp, RandomSoftmax(rng, mdp), RandomSoftmax(rng, mdp));
    }

    [Theory, MemberData(nameof(RandomCases))]
    public void Surrogate_AgreesWithTheReturnToFirstOrder_TabularSoftmax(int seed, double gamma, int terminal)
    {
        var rng = new Rng((ulong)(50 + seed));
        var mdp = RandomMdp.Create(rng, states: 6, actions: 3, gamma, terminal);
        var theta = RandomMdp.RandomTable(rng, 6, 3);
        var old = MdpOracle.EvaluateTabularSoftmax(mdp, theta);
        double L(double[,] t) => PerformanceDifference.Surrogate(old, TabularSoftmax.Policy(t));

        // Equal value: L_π(π) = η(π).
        Assert.Equal(old.J, L(theta), 12);

        // Equal gradient: ∇θ L_θ₀(π_θ) at θ₀ (central differences of L) = the oracle's exact ∇J.
        var exact = old.TabularSoftmaxGradient();
        const double h = 1e-5;
        for (int s = 0; s < 6; s++)
            for (int a = 0; a < 3; a++)
            {
                double original = theta[s, a];
                theta[s, a] = original + h; double plus = L(theta);
                theta[s, a] = original - h; double minus = L(theta);
                theta[s, a] = original;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - exact[s, a]) <= 1e-7 * (1 + Math.Abs(exact[s, a])),
                    $"∂L/∂θ[{s}][{a}] = {numeric:G10}, exact ∂η/∂θ = {exact[s, a]:G10}");
            }

        // And only to first order: along a direction v the gap η − L shrinks like h², not h.
        var v = RandomMdp.RandomTable(rng, 6, 3);
        double Gap(double step)
        {
            var moved = new double[6, 3];
            for (int s = 0; s < 6; s++) for (int a = 0; a < 3; a++) moved[s, a] = theta[s, a] + step * v[s, a];
            return MdpOracle.EvaluateTabularSoftmax(mdp, moved).J - L(moved);
        }
        double g1 = Math.Abs(Gap(1e-2)), g2 = Math.Abs(Gap(1e-3));
        Assert.True(g1 > 0, "η and L should differ at second order");
        Assert.InRange(g1 / g2, 50, 200); // ≈ 100 = (10)²
    }

    [Fact]
    public void Surrogate_AgreesWithTheReturnToFirstOrder_LinearSoftmaxOnTheAliasedGridworld()
    {
        var mdp = new AliasedGridworld().Model;
        var features = AliasedGridworld.Features;
        var rng = new Rng(3);
        var theta = new double[features.Dimension];
        for (int k = 0; k < theta.Length; k++) theta[k] = rng.Normal();
        var old = MdpOracle.EvaluateLinearSoftmax(mdp, features, theta);
        var exact = old.LinearSoftmaxGradient(features);
        Assert.Equal(old.J, PerformanceDifference.Surrogate(old, old.Policy), 12);
        const double h = 1e-5;
        for (int k = 0; k < theta.Length; k++)
        {
            double original = theta[k];
            theta[k] = original + h; double plus = PerformanceDifference.Surrogate(old, LinearSoftmax.Policy(features, theta));
            theta[k] = original - h; double minus = PerformanceDifference.Surrogate(old, LinearSoftmax.Policy(features, theta));
            theta[k] = original;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - exact[k]) <= 1e-7 * (1 + Math.Abs(exact[k])), $"∂L/∂θ[{k}] = {numeric:G10}, exact ∂η/∂θ = {exact[k]:G10}");
        }
    }

    private static void AssertBoundsHold(PolicyEvaluation old, PolicyTable other, string what)
    {
        double tolerance = 1e-10 * Math.Max(1, Math.Abs(old.J));
        for (int i = 0; i <= 100; i++)
        {
            double alpha = i / 100.0;
            var m = ConservativePolicyIteration.EvaluateMixture(old, other, alpha);
            Assert.True(m.TrueReturn >= m.KakadeLangfordBound - tolerance, $"{what}, α = {alpha}: η = {m.TrueReturn:R} < Kakade–Langford bound {m.KakadeLangfordBound:R}");
            Assert.True(m.TrueReturn >= m.TrpoTotalVariationBound - tolerance, $"{what}, α = {alpha}: η = {m.TrueReturn:R} < TRPO TV bound {m.TrpoTotalVariationBound:R}");
            Assert.True(m.TrueReturn >= m.TrpoKlBound - tolerance, $"{what}, α = {alpha}: η = {m.TrueReturn:R} < TRPO KL bound {m.TrpoKlBound:R}");
            Assert.True(m.TrpoKlBound <= m.TrpoTotalVariationBound + tolerance, $"{what}, α = {alpha}: D_TV² ≤ D_KL, so the KL bound cannot exceed the TV bound");
            Assert.Equal(old.J + alpha * PerformanceDifference.PolicyAdvantage(old, other), m.Surrogate, 10); // L is linear in α
        }
    }

    [Theory]
    [InlineData(11, 0.5)] [InlineData(12, 0.8)] [InlineData(13, 0.9)] [InlineData(14, 0.99)]
    public void TrueReturn_LiesAboveEveryBound_ForEveryMixtureWeight_OnRandomMdps(int seed, double gamma)
    {
        var rng = new Rng((ulong)seed);
        for (int trial = 0; trial < 3; trial++)
        {
            var mdp = RandomMdp.Create(rng, states: 6, actions: 3, gamma, trial == 2 ? 1 : 0);
            var old = MdpOracle.Evaluate(mdp, RandomSoftmax(rng, mdp, 2));
            AssertBoundsHold(old, ConservativePolicyIteration.Greedy(old), $"seed {seed} trial {trial}, greedy π'");
            AssertBoundsHold(old, RandomSoftmax(rng, mdp, 3), $"seed {seed} trial {trial}, random π'");
        }
    }

    [Theory]
    [InlineData(AliasedGridworld.Id)] [InlineData(ThreeStateChain.Id)]
    public void TrueReturn_LiesAboveEveryBound_ForEveryMixtureWeight_OnTheDiscountedLectureEnvironments(string id)
    {
        var mdp = Lecture(id);
        var start = id == ThreeStateChain.Id ? ThreeStateChain.LecturePolicy : PolicyTable.Uniform(mdp.StateCount, mdp.ActionCount);
        var old = MdpOracle.Evaluate(mdp, start);
        AssertBoundsHold(old, ConservativePolicyIteration.Greedy(old), id);
        var lowGamma = MdpOracle.Evaluate(mdp.WithGamma(0.5), start);
        AssertBoundsHold(lowGamma, ConservativePolicyIteration.Greedy(lowGamma), id + " with γ = 0.5");
    }

    [Fact]
    public void TrpoKlBound_HoldsForArbitraryPolicyChanges_NotOnlyMixtures()
    {
        var rng = new Rng(21);
        int checkedPositive = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            var mdp = RandomMdp.Create(rng, states: 5, actions: 3, gamma: trial % 2 == 0 ? 0.6 : 0.9);
            var theta = RandomMdp.RandomTable(rng, 5, 3);
            var step = RandomMdp.RandomTable(rng, 5, 3, scale: Math.Pow(10, -3 + trial % 4)); // from tiny to large changes
            var moved = new double[5, 3];
            for (int s = 0; s < 5; s++) for (int a = 0; a < 3; a++) moved[s, a] = theta[s, a] + step[s, a];
            var old = MdpOracle.EvaluateTabularSoftmax(mdp, theta);
            var candidate = TabularSoftmax.Policy(moved);
            double eta = MdpOracle.Evaluate(mdp, candidate).J;
            double klBound = ImprovementBounds.TrpoKl(old, candidate), tvBound = ImprovementBounds.TrpoTotalVariation(old, candidate);
            Assert.True(eta >= tvBound - 1e-12 && tvBound >= klBound - 1e-12, $"trial {trial}: η = {eta:R}, TV bound {tvBound:R}, KL bound {klBound:R}");
            if (klBound > old.J) checkedPositive++;
        }
        Assert.True(checkedPositive > 0, "some changes should be small and good enough for the bound to certify improvement");
    }

    [Fact]
    public void Bounds_AreVacuousAtGammaOne_AndEqualLWithoutPenalty()
    {
        var mdp = new ShortCorridor().Model;
        var old = MdpOracle.Evaluate(mdp, ShortCorridor.PolicyOfProbability(0.3));
        var greedy = ConservativePolicyIteration.Greedy(old);
        Assert.Equal(double.NegativeInfinity, ImprovementBounds.KakadeLangford(old, greedy, 0.5));
        Assert.Equal(double.NegativeInfinity, ImprovementBounds.TrpoKl(old, PolicyTable.Mixture(old.Policy, greedy, 0.5)));
        Assert.Equal(old.J, ImprovementBounds.KakadeLangford(old, greedy, 0), 12);
        Assert.Equal(old.J, ImprovementBounds.TrpoKl(old, old.Policy), 12);
        Assert.Equal(0, ImprovementBounds.KakadeLangfordPenalty(0, 0.9, 1));
        Assert.Equal(2 * 0.5 * 0.9 * 0.04 / (0.1 * 0.1), ImprovementBounds.KakadeLangfordPenalty(0.5, 0.9, 0.2), 12);
        Assert.Equal(4 * 0.5 * 0.9 / (0.1 * 0.1), ImprovementBounds.TrpoPenaltyCoefficient(0.5, 0.9), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImprovementBounds.KakadeLangford(old, greedy, 1.5));
    }

    [Fact]
    public void KlAndTotalVariation_AreComputedPerState_AndTheMaximumIsTaken()
    {
        var mdp = new ThreeStateChain().Model;
        var p = new PolicyTable(new double[,] { { 0.5, 0.5 }, { 0.9, 0.1 }, { 0.5, 0.5 } });
        var q = new PolicyTable(new double[,] { { 0.25, 0.75 }, { 0.9, 0.1 }, { 1, 0 } }); // state 2 is terminal: ignored
        double kl0 = 0.5 * Math.Log(0.5 / 0.25) + 0.5 * Math.Log(0.5 / 0.75);
        Assert.Equal(kl0, ImprovementBounds.MaxKl(mdp, p, q), 14);
        Assert.Equal(0.25, ImprovementBounds.MaxTotalVariation(mdp, p, q), 14);
        var deterministic = PolicyTable.Deterministic([1, 1, 1], 2);
        Assert.Equal(double.PositiveInfinity, ImprovementBounds.MaxKl(mdp, p, deterministic));
    }

    [Fact]
    public void BoundMaximizingAlpha_MaximizesTheKakadeLangfordBound()
    {
        var rng = new Rng(4);
        var mdp = RandomMdp.Create(rng, states: 6, actions: 3, gamma: 0.5);
        var old = MdpOracle.Evaluate(mdp, RandomSoftmax(rng, mdp));
        var greedy = ConservativePolicyIteration.Greedy(old);
        double alpha = ConservativePolicyIteration.BoundMaximizingAlpha(
            PerformanceDifference.PolicyAdvantage(old, greedy), ImprovementBounds.MaxExpectedAdvantage(old, greedy), mdp.Gamma);
        Assert.InRange(alpha, 1e-3, 0.999);
        double best = ImprovementBounds.KakadeLangford(old, greedy, alpha);
        for (int i = 0; i <= 1000; i++) Assert.True(ImprovementBounds.KakadeLangford(old, greedy, i / 1000.0) <= best + 1e-12);
        Assert.True(best > old.J, "the maximised bound certifies an improvement");

        Assert.Equal(0, ConservativePolicyIteration.BoundMaximizingAlpha(0, 1, 0.9));
        Assert.Equal(0, ConservativePolicyIteration.BoundMaximizingAlpha(1, 1, 1.0));
        Assert.Equal(1, ConservativePolicyIteration.BoundMaximizingAlpha(1, 1, 0.0));
        Assert.Equal(1, ConservativePolicyIteration.BoundMaximizingAlpha(100, 1, 0.5));
    }

    /// <summary>The optimal return, by exact policy iteration (CPI with α = 1).</summary>
    private static double OptimalReturn(FiniteMdp mdp)
    {
        var result = ConservativePolicyIteration.Run(mdp, PolicyTable.Uniform(mdp.StateCount, mdp.ActionCount), new CpiOptions { StepRule = CpiStepRule.Fixed, Alpha = 1 });
        Assert.True(result.Converged);
        Assert.InRange(result.Iterations.Count, 1, 20);
        // Bellman optimality: no action has a positive advantage anywhere.
        for (int s = 0; s < mdp.StateCount; s++)
            for (int a = 0; a < mdp.ActionCount; a++) Assert.True(result.Evaluation.Advantage[s, a] <= 1e-9);
        return result.Evaluation.J;
    }

    public static TheoryData<string> CpiCases => new() { "random-0.5", "random-0.8", ThreeStateChain.Id, AliasedGridworld.Id };

    [Theory, MemberData(nameof(CpiCases))]
    public void Cpi_ImprovesMonotonically_WithTheBoundMaximizingAlpha_AndConvergesToTheOptimum(string name)
    {
        FiniteMdp mdp; PolicyTable start;
        if (name.StartsWith("random", StringComparison.Ordinal))
        {
            var rng = new Rng(31);
            mdp = RandomMdp.Create(rng, states: 6, actions: 3, gamma: double.Parse(name[7..], System.Globalization.CultureInfo.InvariantCulture));
            start = RandomSoftmax(rng, mdp);
        }
        else
        {
            mdp = Lecture(name);
            start = name == ThreeStateChain.Id ? ThreeStateChain.LecturePolicy : PolicyTable.Uniform(mdp.StateCount, mdp.ActionCount);
        }
        double optimum = OptimalReturn(mdp);
        var result = ConservativePolicyIteration.Run(mdp, start, new CpiOptions { Tolerance = 1e-8 });
        Assert.True(result.Converged, $"{name}: not converged after {result.Iterations.Count} steps");
        double gamma = mdp.Gamma;
        foreach (var it in result.Iterations)
        {
            double slack = 1e-12 * Math.Max(1, Math.Abs(it.Return));
            Assert.True(it.NewReturn >= it.Return - slack, $"{name} step {it.Index}: η fell from {it.Return:R} to {it.NewReturn:R}");
            Assert.True(it.NewReturn >= it.LowerBound - slack, $"{name} step {it.Index}: η = {it.NewReturn:R} below the bound {it.LowerBound:R}");
            Assert.True(it.LowerBound >= it.Return - slack, $"{name} step {it.Index}: the bound-maximising α certifies no decrease");
            if (it.Alpha < 1) // guaranteed gain 𝔸²(1 − γ)²/(8εγ)
                Assert.True(it.NewReturn - it.Return >= it.PolicyAdvantage * it.PolicyAdvantage * (1 - gamma) * (1 - gamma) / (8 * it.Epsilon * gamma) - slack);
        }
        Assert.True(optimum - result.Evaluation.J <= 1e-6 * Math.Max(1, Math.Abs(optimum)), $"{name}: CPI reached {result.Evaluation.J:R}, the optimum is {optimum:R}");
    }

    [Fact]
    public void CpiOptions_OutOfRange_AreRejectedNamingTheOption()
    {
        var chain = new ThreeStateChain().Model;
        var start = ThreeStateChain.LecturePolicy;
        Assert.Contains("Alpha", Assert.Throws<ArgumentOutOfRangeException>(() => ConservativePolicyIteration.Run(chain, start, new CpiOptions { StepRule = CpiStepRule.Fixed, Alpha = 0 })).Message);
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => ConservativePolicyIteration.Run(chain, start, new CpiOptions { Alpha = 1.5 })).Message);
        Assert.Contains("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => ConservativePolicyIteration.Run(chain, start, new CpiOptions { MaxIterations = 0 })).Message);
        Assert.Contains("Tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => ConservativePolicyIteration.Run(chain, start, new CpiOptions { Tolerance = double.NaN })).Message);
        var corridor = new ShortCorridor().Model;
        var e = Assert.Throws<ArgumentException>(() => ConservativePolicyIteration.Run(corridor, ShortCorridor.PolicyOfProbability(0.5)));
        Assert.Contains("gamma", e.Message);
        // Policy iteration (a fixed α) is fine at γ = 1.
        var pi = ConservativePolicyIteration.Run(corridor, ShortCorridor.PolicyOfProbability(0.5), new CpiOptions { StepRule = CpiStepRule.Fixed });
        Assert.True(pi.Converged);
        Assert.Equal(-3, pi.Evaluation.J, 9); // with the true state visible, the corridor takes 3 steps
    }

    [Fact]
    public void Cpi_StopsAtTheIterationLimit_AndSaysItDidNotConverge()
    {
        var mdp = new AliasedGridworld().Model;
        var result = ConservativePolicyIteration.Run(mdp, PolicyTable.Uniform(mdp.StateCount, mdp.ActionCount), new CpiOptions { MaxIterations = 5 });
        Assert.False(result.Converged);
        Assert.Equal(5, result.Iterations.Count);
        Assert.Equal(result.Iterations[^1].NewReturn, result.Evaluation.J);
    }
}
