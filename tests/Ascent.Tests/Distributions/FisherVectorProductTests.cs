using Ascent.Autodiff;
using Ascent.Distributions;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Tests.Autodiff;

namespace Ascent.Tests.Distributions;

/// <summary>
/// F v from forward mode (J v), the closed-form metric and one backward pass, against a finite-difference
/// Hessian-vector product of the mean KL(π_old ‖ π_θ) at θ = θ_old: (∇K(θ+εv) − ∇K(θ−εv)) / 2ε with reverse-mode ∇K.
/// </summary>
/// <remarks>
/// Tolerance: the central difference has truncation error O(ε²‖v‖²) relative (measured: it falls 10× per √10 in ε,
/// about 2e-5‖F v‖ at ε = 1e-3 with ‖v‖ ≈ 7), and float32 rounding of the KL gradients (each ≈ ε·‖F v‖, computed from
/// differences of O(1) quantities) adds about 1e-7/ε ≈ 1e-4 of an O(1) entry, i.e. also ~2e-5‖F v‖ at ε = 1e-3.
/// We require ‖F v − HVP_fd‖ ≤ 1e-3‖F v‖ and each entry within 2e-4‖F v‖ + 1e-3|F v|ᵢ, a 10× margin; a wrong metric,
/// a missing 1/B or a dropped block is off by tens of percent.
/// </remarks>
public class FisherVectorProductTests
{
    private const int Batch = 8;

    /// <summary>Records the policy at the current θ and the KL from a frozen copy of its outputs.</summary>
    private interface IDistributionPair
    {
        Var MeanKlFrom(Tensor[] old, Tape tape);
        Tensor[] Outputs();
    }

    private readonly record struct CategoricalPair(Categorical D) : IDistributionPair
    {
        public Var MeanKlFrom(Tensor[] old, Tape tape) => tape.Mean(new Categorical(tape.Input(old[0])).Kl(D));
        public Tensor[] Outputs() => [D.Logits.Value.Clone()];
    }

    private readonly record struct GaussianPair(DiagGaussian D) : IDistributionPair
    {
        public Var MeanKlFrom(Tensor[] old, Tape tape) => tape.Mean(new DiagGaussian(tape.Input(old[0]), tape.Input(old[1])).Kl(D));
        public Tensor[] Outputs() => [D.Mean.Value.Clone(), D.LogStd.Value.Clone()];
    }

    private static (ParameterSet, Func<Tape, Categorical>) CategoricalPolicy(Rng rng)
    {
        var net = new Mlp([3, 6, 4], Activation.Tanh, rng, outputGain: 1f);
        var obs = GradCheck.Random(rng, 1, 0, Batch, 3);
        return (net.Parameters, t => new Categorical(net.Forward(t, t.Input(obs))));
    }

    private static (ParameterSet, Func<Tape, DiagGaussian>) GaussianPolicy(Rng rng, bool stateDependentStd)
    {
        var net = new Mlp([3, 6, 2], Activation.Tanh, rng, outputGain: 1f);
        var obs = GradCheck.Random(rng, 1, 0, Batch, 3);
        var parameters = new ParameterSet(net.Parameters);
        if (stateDependentStd)
        {
            var head = new Linear("log_std", 3, 2, rng, gain: 0.5f);
            parameters.AddRange([head.Weight, head.Bias]);
            return (parameters, t => { var x = t.Input(obs); return new DiagGaussian(net.Forward(t, x), head.Forward(t, x)); });
        }
        var logStd = new Parameter("log_std", Tensor.Vector(-0.4f, 0.3f));
        parameters.Add(logStd);
        return (parameters, t => new DiagGaussian(net.Forward(t, t.Input(obs)), t.Param(logStd)));
    }

    [Theory]
    [InlineData("categorical")] [InlineData("gaussian")] [InlineData("gaussian-state-std")]
    public void FisherVectorProduct_MatchesFiniteDifferenceHessianOfMeanKl(string kind)
    {
        var rng = new Rng(77);
        ParameterSet parameters; Func<Tape, IDistributionPair> record; float[] fv;
        var v = new float[0];
        if (kind == "categorical")
        {
            var (ps, policy) = CategoricalPolicy(rng);
            parameters = ps; record = t => new CategoricalPair(policy(t));
            v = RandomVector(rng, ps.Size);
            fv = new float[ps.Size];
            FisherVectorProduct.Create(ps, policy).Apply(v, fv);
        }
        else
        {
            var (ps, policy) = GaussianPolicy(rng, kind == "gaussian-state-std");
            parameters = ps; record = t => new GaussianPair(policy(t));
            v = RandomVector(rng, ps.Size);
            fv = new float[ps.Size];
            FisherVectorProduct.Create(ps, policy).Apply(v, fv);
        }
        var hvp = FiniteDifferenceHvp(parameters, record, v, eps: 1e-3f);
        double diff = 0, norm = Math.Sqrt(fv.Sum(x => (double)x * x));
        Assert.True(norm > 0.1, "the test vector should not be in F's null space");
        for (int i = 0; i < fv.Length; i++)
        {
            diff += Math.Pow(fv[i] - hvp[i], 2);
            Assert.True(Math.Abs(fv[i] - hvp[i]) <= 2e-4 * norm + 1e-3 * Math.Abs(fv[i]), $"entry {i}: Fv {fv[i]:G6}, finite-difference HVP {hvp[i]:G6} (‖Fv‖ = {norm:G3})");
        }
        Assert.True(Math.Sqrt(diff) <= 1e-3 * norm, $"‖Fv − HVP‖ = {Math.Sqrt(diff):G3}, ‖Fv‖ = {norm:G3}");
    }

    private static float[] RandomVector(Rng rng, int n)
    {
        var v = new float[n];
        rng.Normal(v);
        return v;
    }

    private static double[] FiniteDifferenceHvp(ParameterSet parameters, Func<Tape, IDistributionPair> record, float[] v, float eps)
    {
        var tape = new Tape();
        var old = record(tape).Outputs();                 // π_old = π at θ_old, frozen
        var theta = new float[parameters.Size];
        parameters.CopyValuesTo(theta);
        float[] GradientAt(float sign)
        {
            var shifted = theta.Select((x, i) => x + sign * eps * v[i]).ToArray();
            parameters.CopyValuesFrom(shifted);
            parameters.ZeroGrad();
            tape.Reset();
            tape.Backward(record(tape).MeanKlFrom(old, tape));
            var g = new float[parameters.Size];
            parameters.CopyGradientsTo(g);
            return g;
        }
        var plus = GradientAt(+1); var minus = GradientAt(-1);
        parameters.CopyValuesFrom(theta);
        return plus.Select((p, i) => (p - (double)minus[i]) / (2 * eps)).ToArray();
    }

    [Fact]
    public void FisherMatrix_IsSymmetricPositiveSemiDefinite_AndDampingAddsLambdaV()
    {
        var rng = new Rng(5);
        var (cps, categorical) = CategoricalPolicy(rng);
        var (gps, gaussian) = GaussianPolicy(rng, stateDependentStd: true);
        Check(cps, FisherVectorProduct.Create(cps, categorical).Apply, rng);
        Check(gps, FisherVectorProduct.Create(gps, gaussian).Apply, rng);

        var damped = FisherVectorProduct.Create(cps, categorical, damping: 0.1f);
        var undamped = FisherVectorProduct.Create(cps, categorical);
        var v = RandomVector(rng, cps.Size);
        var a = new float[v.Length]; var b = new float[v.Length];
        damped.Apply(v, a); undamped.Apply(v, b);
        for (int i = 0; i < v.Length; i++) Assert.Equal(b[i] + 0.1f * v[i], a[i], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => damped.Damping = -1f);
    }

    private delegate void Product(ReadOnlySpan<float> v, Span<float> result);

    private static void Check(ParameterSet ps, Product apply, Rng rng)
    {
        var fu = new float[ps.Size]; var fv = new float[ps.Size];
        for (int trial = 0; trial < 10; trial++)
        {
            var u = RandomVector(rng, ps.Size); var v = RandomVector(rng, ps.Size);
            apply(u, fu); apply(v, fv);
            double vFu = Dot(v, fu), uFv = Dot(u, fv), vFv = Dot(v, fv);
            Assert.True(Math.Abs(vFu - uFv) <= 1e-4 * (Math.Abs(vFu) + Math.Abs(uFv)) + 1e-6, $"vᵀFu = {vFu:G6} but uᵀFv = {uFv:G6}");
            Assert.True(vFv >= -1e-6 * Dot(v, v), $"vᵀFv = {vFv:G6} < 0");
        }
    }

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * (double)b[i];
        return s;
    }

    [Fact]
    public void Apply_KeepsGradients_ClearsTangents_AndAllocatesNothingOnRepeat()
    {
        var rng = new Rng(8);
        var (ps, policy) = GaussianPolicy(rng, stateDependentStd: false);
        var fvp = FisherVectorProduct.Create(ps, policy, damping: 0.01f);
        var grads = RandomVector(rng, ps.Size);
        ps.CopyGradientsFrom(grads);
        var v = RandomVector(rng, ps.Size); var result = new float[ps.Size];
        fvp.Apply(v, result); fvp.Apply(v, result);
        var after = new float[ps.Size];
        ps.CopyGradientsTo(after);
        Assert.Equal(grads, after);
        Assert.All(ps, p => Assert.All(p.Tangent!.Data, t => Assert.Equal(0f, t)));
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 5; i++) fvp.Apply(v, result); }));
        Assert.Throws<ArgumentException>(() => fvp.Apply(new float[3], result));
    }

    [Theory]
    [InlineData(false)] [InlineData(true)]
    public void HeldRecording_GivesTheSameProductsBitForBit_AndIsDroppedByRelease(bool categorical)
    {
        var rng = new Rng(9);
        ParameterSet ps;
        Func<Tape, IDistribution> record;
        if (categorical) { var (p, c) = CategoricalPolicy(rng); (ps, record) = (p, t => c(t)); }
        else { var (p, g) = GaussianPolicy(rng, stateDependentStd: true); (ps, record) = (p, t => g(t)); }
        var fresh = FisherVectorProduct.Create(ps, record, damping: 0.1f);
        var held = FisherVectorProduct.Create(ps, record, damping: 0.1f);
        held.HoldAtCurrentParameters();
        Assert.True(held.IsHeld);
        for (int trial = 0; trial < 4; trial++)                                        // several directions on one recording
        {
            var v = RandomVector(rng, ps.Size);
            float[] a = new float[ps.Size], b = new float[ps.Size];
            fresh.Apply(v, a);
            held.Apply(v, b);
            Assert.Equal(a, b);
        }
        // Moving θ: the held recording still describes the old θ; after Release the product is at the new θ again.
        var theta = new float[ps.Size];
        ps.CopyValuesTo(theta);
        for (int i = 0; i < theta.Length; i++) theta[i] += 0.3f;
        ps.CopyValuesFrom(theta);
        var u = RandomVector(rng, ps.Size);
        float[] atNew = new float[ps.Size], stale = new float[ps.Size], released = new float[ps.Size];
        fresh.Apply(u, atNew);
        held.Apply(u, stale);
        Assert.NotEqual(atNew, stale);
        held.Release();
        held.Apply(u, released);
        Assert.Equal(atNew, released);
    }
}
