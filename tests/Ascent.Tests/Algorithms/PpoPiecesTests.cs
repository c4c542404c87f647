using Ascent.Algorithms;
using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Tests.Autodiff;

namespace Ascent.Tests.Algorithms;

/// <summary>The parts of PPO's loss checked against hand-computed values: the clipped surrogate, value clipping, the minibatch plan.</summary>
public class PpoPiecesTests
{
    /// <summary>(advantage, ratio) cases and the expected ∂L^CLIP/∂log π per sample, before the 1/B of the mean.</summary>
    public static TheoryData<float, float, float, string> SurrogateCases => new()
    {
        { 1f, 1.5f, 0f, "A > 0, ratio above 1 + ε: clipped, flat" },
        { -1f, 0.5f, 0f, "A < 0, ratio below 1 − ε: clipped, flat" },
        { 1f, 0.5f, 0.5f, "A > 0, ratio below 1 − ε: the unclipped term is smaller, gradient ρA" },
        { -1f, 1.5f, -1.5f, "A < 0, ratio above 1 + ε: the unclipped term is smaller, gradient ρA" },
        { 2f, 1.1f, 2.2f, "inside the clip range: gradient ρA" },
        { -3f, 0.9f, -2.7f, "inside the clip range, A < 0: gradient ρA" },
        { 1f, 1f, 1f, "ratio exactly 1 (the first step): both terms tie, gradient A" },
    };

    [Theory]
    [MemberData(nameof(SurrogateCases))]
    public void ClippedSurrogate_HasTheHandComputedValueAndGradient(float advantage, float ratio, float perSampleGradient, string why)
    {
        // One sample of interest among four neutral ones (A = 0), so the mean divides by B = 5.
        const int B = 5;
        var tape = new Tape();
        var logProb = new Tensor(B); var old = new Tensor(B); var adv = new Tensor(B);
        old[0] = -0.7f;
        logProb[0] = old[0] + MathF.Log(ratio);
        adv[0] = advantage;
        var lp = tape.Input(logProb, requiresGrad: true);
        var (objective, rho) = ClippedSurrogate.Record(tape, lp, old, adv, 0.2f);
        tape.Backward(objective);

        float r = rho[0];
        float expectedValue = Math.Min(r * advantage, Math.Clamp(r, 0.8f, 1.2f) * advantage) / B;
        Assert.Equal(expectedValue, objective.Value[0], 6);
        Assert.True(Math.Abs(lp.Grad[0] - perSampleGradient / B) <= 1e-6f, $"{why}: gradient {lp.Grad[0] * B} × 1/B, expected {perSampleGradient}");
        for (int k = 1; k < B; k++) Assert.Equal(0f, lp.Grad[k]);
    }

    [Fact]
    public void ClippedSurrogate_MatchesFiniteDifferences_AwayFromTheKinks()
    {
        var logProb = Tensor.Vector(-0.3f, -1.9f, -0.05f, -2.4f, -1.1f, -0.6f);
        var old = Tensor.Vector(-0.35f, -1.6f, -0.4f, -2.3f, -1.4f, -0.5f);     // ratios 1.05, 0.74, 1.42, 0.90, 1.35, 0.90
        var adv = Tensor.Vector(0.8f, -1.3f, 0.4f, 2.0f, -0.7f, -1.1f);
        GradCheck.Check((t, v) => ClippedSurrogate.Record(t, v[0], old, adv, 0.2f).Objective, [logProb], eps: 1e-3f);
    }

    [Fact]
    public void RatioStatistics_AreTheClipFractionAndTheK3Kl()
    {
        float[] ratios = [1f, 1.3f, 0.7f, 1.1f];
        var s = ClippedSurrogate.Statistics(ratios, 0.2f);
        Assert.Equal(0.5, s.ClipFraction);
        double k3 = ratios.Sum(r => (r - 1.0) - Math.Log(r)) / 4;
        Assert.Equal(k3, s.ApproxKl, 12);
        Assert.Equal(0.0, ClippedSurrogate.Statistics([1f, 1f], 0.2f).ApproxKl);
    }

    /// <summary>(value, old value, target, expected loss, expected ∂loss/∂V) with clip range 0.2.</summary>
    public static TheoryData<float, float, float, float, float> ValueCases => new()
    {
        { 0.5f, 0f, 1f, 0.64f, 0f },        // moved 0.5 toward the target: the clipped error (0.2 − 1)² is larger and flat
        { 1.5f, 0f, 1f, 0.64f, 0f },        // overshot past the target: clipped branch, flat
        { 0.1f, 0f, 1f, 0.81f, -1.8f },     // inside the clip range: both branches equal, gradient 2(V − R)
        { 0.5f, 0f, -1f, 2.25f, 3f },       // moved away from the target: the unclipped error is larger, gradient 2(V − R)
        { -0.5f, 0f, 1f, 2.25f, -3f },      // moved away (below): unclipped, 2(V − R)
    };

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void ClippedValueLoss_KeepsTheLargerError_AndStopsTheGradientOnceClipped(float value, float oldValue, float target, float loss, float gradient)
    {
        var tape = new Tape();
        var v = tape.Input(Tensor.Vector(value), requiresGrad: true);
        var l = ClippedValueLoss.Record(tape, v, Tensor.Vector(target), Tensor.Vector(oldValue), 0.2f);
        tape.Backward(l);
        Assert.Equal(loss, l.Value[0], 5);
        Assert.Equal(gradient, v.Grad[0], 5);

        tape.Reset();
        v = tape.Input(Tensor.Vector(value), requiresGrad: true);
        l = ClippedValueLoss.Record(tape, v, Tensor.Vector(target), Tensor.Vector(oldValue), null);   // off: plain squared error
        tape.Backward(l);
        Assert.Equal((value - target) * (value - target), l.Value[0], 5);
        Assert.Equal(2 * (value - target), v.Grad[0], 5);
    }

    [Theory]
    [InlineData(10, 4, 3, 2)]          // does not divide: 4, 4, then 2
    [InlineData(12, 4, 3, 4)]          // divides
    [InlineData(8, 256, 1, 8)]         // larger than the segment: one minibatch of all rows
    public void Minibatches_CoverEveryRowOncePerEpoch(int segment, int batchSize, int count, int last)
    {
        var plan = new ShuffledMinibatches(segment, batchSize, observationSize: 3, actionSize: 1, new Rng(5));
        Assert.Equal(count, plan.Count);
        Assert.Equal(last, plan.LastSize);
        Assert.Equal(segment % batchSize != 0, plan.Note is not null);
        var buffer = new Ascent.Rollouts.RolloutBuffer(segment, 1, 3, 1);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            plan.Shuffle();
            var seen = new List<int>();
            for (int j = 0; j < plan.Count; j++)
            {
                seen.AddRange(plan.Indices(j).ToArray());
                Assert.Equal(plan.Indices(j).Length, plan.Gather(buffer, j).Size);
            }
            Assert.Equal(Enumerable.Range(0, segment), seen.Order());
        }
    }
}
