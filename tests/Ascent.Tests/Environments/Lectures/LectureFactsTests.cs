using Ascent.Environments.Lectures;
using Ascent.Mdp;
using Ascent.Numerics;

namespace Ascent.Tests.Environments.Lectures;

/// <summary>The exact facts the lectures state about their environments, computed with the oracle.</summary>
public class LectureFactsTests
{
    // ---- Short corridor (Sutton & Barto Example 13.1) ----

    private static double CorridorValue(double probabilityOfRight) =>
        MdpOracle.Evaluate(new ShortCorridor().Model, ShortCorridor.PolicyOfProbability(probabilityOfRight)).J;

    [Fact]
    public void ShortCorridor_BestProbabilityOfRight_Is2MinusSqrt2_WithValueMinus6Minus4Sqrt2()
    {
        double p = 2 - Math.Sqrt(2);
        Assert.Equal(-(6 + 4 * Math.Sqrt(2)), CorridorValue(p), 10);
        Assert.Equal(-11.656854, CorridorValue(p), 6);
        // p* is a maximum: the derivative vanishes and every other p is worse.
        Assert.Equal(0.0, (CorridorValue(p + 1e-6) - CorridorValue(p - 1e-6)) / 2e-6, 6);
        for (double q = 0.01; q < 1; q += 0.01) Assert.True(CorridorValue(q) <= CorridorValue(p) + 1e-12, $"p = {q}");
        Assert.Equal(ShortCorridor.OptimalStartValue, CorridorValue(ShortCorridor.OptimalProbabilityOfRight), 10);
    }

    [Fact]
    public void ShortCorridor_ValueOfTheStart_IsTheClosedFormOfTheThreeBellmanEquations()
    {
        // v0 = −1 + p·v1 + (1 − p)·v0, v1 = −1 + p·v0 + (1 − p)·v2, v2 = −1 + (1 − p)·v1 ⇒ v0 = −(4 − 2p) / (p(1 − p)).
        for (double p = 0.02; p < 1; p += 0.02) Assert.Equal(-(4 - 2 * p) / (p * (1 - p)), CorridorValue(p), 8);
    }

    [Fact]
    public void ShortCorridor_EpsilonGreedyValues_AreTheBooks()
    {
        Assert.Equal(-44.2105, CorridorValue(0.95), 4);
        Assert.Equal(-82.1053, CorridorValue(0.05), 4);
        // ε-greedy with ε = 0.1 is exactly these two policies.
        var model = new ShortCorridor().Model;
        Assert.Equal(CorridorValue(0.95), MdpOracle.Evaluate(model, new ShortCorridor().Observations.Lift(PolicyTable.EpsilonGreedy([ShortCorridor.Right], 2, 0.1).ToArray())).J, 9);
    }

    [Fact]
    public void ShortCorridor_LinearSoftmaxOverTheBooksFeatures_HasTheExactGradient_AndItVanishesAtPStar()
    {
        var env = new ShortCorridor();
        double J(double[] theta) => MdpOracle.EvaluateLinearSoftmax(env.Model, ShortCorridor.Features, theta).J;
        double[] theta = [-1.47, 1.47]; // the book's companion-code start: p(right) ≈ 0.05
        var gradient = MdpOracle.EvaluateLinearSoftmax(env.Model, ShortCorridor.Features, theta).LinearSoftmaxGradient(ShortCorridor.Features);
        for (int k = 0; k < 2; k++)
        {
            var plus = (double[])theta.Clone(); plus[k] += 1e-5;
            var minus = (double[])theta.Clone(); minus[k] -= 1e-5;
            Assert.Equal((J(plus) - J(minus)) / 2e-5, gradient[k], 6);
        }
        Assert.True(gradient[0] > 0 && gradient[1] < 0); // push towards right

        // The same policy as a tabular softmax over the single observation gives the same gradient.
        var observationGradient = MdpOracle.Evaluate(env.Model, env.Observations.Lift(TabularSoftmax.Policy(new double[,] { { -1.47, 1.47 } }).ToArray()))
            .ObservationSoftmaxGradient(env.Observations);
        Assert.Equal(gradient[0], observationGradient[0, 0], 12);
        Assert.Equal(gradient[1], observationGradient[0, 1], 12);

        // At p* the gradient is zero: h(right) − h(left) = log(p*/(1 − p*)).
        double logit = Math.Log(ShortCorridor.OptimalProbabilityOfRight / (1 - ShortCorridor.OptimalProbabilityOfRight));
        var atOptimum = MdpOracle.EvaluateLinearSoftmax(env.Model, ShortCorridor.Features, [logit, 0]).LinearSoftmaxGradient(ShortCorridor.Features);
        Assert.Equal(0.0, atOptimum[0], 10);
        Assert.Equal(0.0, atOptimum[1], 10);
    }

    // ---- Aliased gridworld ----

    private static double GridValue(double probabilityOfEastInGrey) =>
        MdpOracle.Evaluate(new AliasedGridworld().Model, AliasedGridworld.WallObservations.Lift(new double[,]
        {
            { 0, 1, 0, 0 }, { 0, probabilityOfEastInGrey, 0, 1 - probabilityOfEastInGrey }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 }, { 1, 0, 0, 0 },
        })).J;

    [Fact]
    public void AliasedGridworld_GreyCellsAreAliased_ByTheirWallFeatures()
    {
        var map = AliasedGridworld.WallObservations;
        Assert.Equal(map[1], map[3]);
        Assert.Equal(AliasedGridworld.GreyObservation, map[1]);
        for (int a = 0; a < 4; a++) Assert.Equal(AliasedGridworld.Features[1, a].ToArray(), AliasedGridworld.Features[3, a].ToArray());
        Assert.Equal(4, Enumerable.Range(0, 5).Select(s => map[s]).Distinct().Count()); // cells 0, 2, 4 and the grey pair
    }

    [Fact]
    public void AliasedGridworld_BestDeterministicPolicy_GetsStuckOnOneSide()
    {
        var (actions, evaluation) = AliasedGridworld.BestDeterministicPolicy();
        // From one side of the corridor the deterministic policy never reaches the money: value 0 there.
        // From the other it does: (0 + 0 + 1 + 0.9 + 0.81) / 5 = 0.542 (γ = 0.9, uniform start).
        Assert.Equal(0.542, evaluation.J, 12);
        Assert.Contains(actions[AliasedGridworld.GreyObservation], new[] { AliasedGridworld.East, AliasedGridworld.West });
        Assert.Equal(2, evaluation.V.Take(5).Count(v => v == 0));
    }

    [Fact]
    public void AliasedGridworld_OptimalStochasticPolicy_MovesEastOrWestWithHalf_AndBeatsDeterministicAndEpsilonGreedy()
    {
        var model = new AliasedGridworld().Model;
        double stochastic = MdpOracle.Evaluate(model, AliasedGridworld.OptimalStochasticPolicy).J;
        Assert.Equal(GridValue(0.5), stochastic, 14);
        // By symmetry V(1) = V(3) = ½γ·1 + ½γ·V(0) and V(0) = V(4) = γ·V(1), V(2) = 1: V(1) = 90/119, V(0) = 81/119,
        // so J = (2·81/119 + 2·90/119 + 1) / 5 = 461/595.
        Assert.Equal(461.0 / 595, stochastic, 14);
        Assert.Equal(0.0, (GridValue(0.5 + 1e-6) - GridValue(0.5 - 1e-6)) / 2e-6, 7);
        for (double q = 0; q <= 1; q += 0.05) Assert.True(GridValue(q) <= stochastic + 1e-12, $"p(E) = {q}");

        double deterministic = AliasedGridworld.BestDeterministicPolicy().Evaluation.J;
        Assert.True(stochastic > deterministic + 0.2, $"stochastic {stochastic}, deterministic {deterministic}");
        foreach (double epsilon in new[] { 0.05, 0.1, 0.2 })
            Assert.True(MdpOracle.Evaluate(model, AliasedGridworld.EpsilonGreedyPolicy(epsilon)).J < deterministic);
    }

    [Fact]
    public void AliasedGridworld_PolicyGradientOverWallFeatures_ClimbsToTheOptimalStochasticValue()
    {
        // Exact gradient ascent on the lecture's features φ(s,a) = wall ⊗ action from θ = 0 (uniform).
        var model = new AliasedGridworld().Model;
        double optimum = MdpOracle.Evaluate(model, AliasedGridworld.OptimalStochasticPolicy).J;
        var theta = new double[16];
        double j = double.NegativeInfinity;
        for (int step = 0; step < 300; step++)
        {
            var evaluation = MdpOracle.EvaluateLinearSoftmax(model, AliasedGridworld.Features, theta);
            Assert.True(evaluation.J >= j - 1e-12, "exact gradient ascent with a small step must not decrease J");
            j = evaluation.J;
            var gradient = evaluation.LinearSoftmaxGradient(AliasedGridworld.Features);
            for (int k = 0; k < 16; k++) theta[k] += 5.0 * gradient[k];
        }
        Assert.True(j > optimum - 0.01 && j <= optimum + 1e-12, $"J = {j}, optimum {optimum}");
        var policy = LinearSoftmax.Policy(AliasedGridworld.Features, theta);
        Assert.Equal(policy[1, AliasedGridworld.East], policy[1, AliasedGridworld.West], 3);
        Assert.Equal(policy[1, AliasedGridworld.East], policy[3, AliasedGridworld.East], 14); // aliased: one distribution
    }

    // ---- Rock-paper-scissors against an exploiting opponent ----

    [Fact]
    public void RockPaperScissors_UniformPolicy_GetsExactlyZero_AndIsAStationaryPoint()
    {
        var env = new RockPaperScissors();
        var evaluation = MdpOracle.Evaluate(env.Model, PolicyTable.Uniform(env.Model.StateCount, 3));
        Assert.Equal(0.0, evaluation.J, 12);
        Assert.Equal(10.0, evaluation.Visitation.Sum(), 10); // 10 rounds on average
        foreach (var g in evaluation.ObservationSoftmaxGradient(env.Observations)) Assert.Equal(0.0, g, 12);
    }

    [Fact]
    public void RockPaperScissors_EveryDeterministicPolicy_IsExploited()
    {
        var env = new RockPaperScissors();
        double best = double.NegativeInfinity, worst = double.PositiveInfinity;
        for (int code = 0; code < 81; code++)
        {
            int[] answer = [code % 3, code / 3 % 3, code / 9 % 3, code / 27];
            double j = MdpOracle.Evaluate(env.Model, env.Observations.LiftDeterministic(answer, 3)).J;
            best = Math.Max(best, j); worst = Math.Min(worst, j);
        }
        // Once an opponent move has been answered, the same answer loses: at most 4 rounds escape (the first
        // round and the first answer to each opponent move), so J ≤ −Σ_{t≥5} 0.9^{t−1} = −6.561.
        Assert.True(best <= -6.561 && worst >= -8.1, $"deterministic J in [{worst}, {best}]");

        // The worst: answer each opponent move m with the move m beats. Once known, the opponent plays m again and
        // the observation never changes, so every round after the first known one is lost. The first known round
        // is round 3 (probability 1/3), 4 (2/3 · 2/3) or 5 (2/3 · 1/3), and Σ_{t≥k} 0.9^{t−1} = 0.9^{k−1}/0.1.
        int[] beaten = [RockPaperScissors.Rock, RockPaperScissors.Scissors, RockPaperScissors.Rock, RockPaperScissors.Paper];
        double exact = -(1.0 / 3 * 8.1 + 4.0 / 9 * 7.29 + 2.0 / 9 * 6.561);
        Assert.Equal(exact, MdpOracle.Evaluate(env.Model, env.Observations.LiftDeterministic(beaten, 3)).J, 12);
        Assert.Equal(exact, worst, 12);
    }

    [Fact]
    public void RockPaperScissors_NoObservationPolicyBeatsUniform()
    {
        var env = new RockPaperScissors();
        var rng = new Rng(12);
        for (int trial = 0; trial < 12; trial++)
        {
            var theta = new double[4, 3];
            for (int o = 0; o < 4; o++)
                for (int a = 0; a < 3; a++) theta[o, a] = (1 + trial % 3) * rng.Normal();
            double j = MdpOracle.Evaluate(env.Model, env.Observations.Lift(TabularSoftmax.Policy(theta).ToArray())).J;
            Assert.True(j < 0, $"trial {trial}: J = {j}");
        }
    }

    // ---- The 3-state chain ----

    [Fact]
    public void ThreeStateChain_ValuesOfTheLecturePolicyAndTheOptimalPolicy()
    {
        var env = new ThreeStateChain();
        var lecture = MdpOracle.Evaluate(env.Model, ThreeStateChain.LecturePolicy);
        // V(s2) = 0.8·10 + 0.2·0.9·V(s1), V(s1) = 0.1·0.9·V(s1) + 0.9·0.9·V(s2)
        double v2 = 8 / (1 - 0.18 * 0.81 / 0.91), v1 = 0.81 / 0.91 * v2;
        Assert.Equal(v1, lecture.V[0], 12);
        Assert.Equal(v2, lecture.V[1], 12);
        Assert.Equal(10.0, lecture.Q[1, ThreeStateChain.Right], 12);
        Assert.Equal(0.9 * v1, lecture.Q[1, ThreeStateChain.Left], 12);

        var optimal = MdpOracle.Evaluate(env.Model, PolicyTable.Deterministic([ThreeStateChain.Right, ThreeStateChain.Right, ThreeStateChain.Right], 2));
        Assert.Equal([9.0, 10.0, 0.0], optimal.V);
    }
}
