using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;

namespace Ascent.Tests.Nn;

public class OptimizerTests
{
    private static (ParameterSet Set, Parameter P) One(params float[] values)
    {
        var p = new Parameter("theta", Tensor.Vector(values));
        return (new ParameterSet([p]), p);
    }

    private static void SetGrad(Parameter p, params float[] g) => g.CopyTo(p.Grad.Data, 0);

    [Fact]
    public void Sgd_Plain_StepsAgainstTheGradient()
    {
        var (set, p) = One(1f, 2f);
        var opt = new Sgd(set, 0.1f);
        SetGrad(p, 0.5f, -1f);
        opt.Step();
        Assert.Equal(0.95f, p.Value[0], 6);
        Assert.Equal(2.1f, p.Value[1], 6);
    }

    [Theory]
    [InlineData(false)] [InlineData(true)]
    public void Sgd_Momentum_MatchesHandComputedSteps(bool nesterov)
    {
        const float lr = 0.1f, mu = 0.9f, g = 2f;
        var (set, p) = One(0f);
        var opt = new Sgd(set, lr, mu, nesterov);
        SetGrad(p, g); opt.Step();
        SetGrad(p, g); opt.Step();
        // b₁ = g, b₂ = (1+μ)g. Heavy ball: θ₂ = −lr(g + (1+μ)g). Nesterov uses g + μb: −lr((1+μ)g + (1+μ+μ²)g).
        double expected = nesterov ? -lr * ((1 + mu) * g + (1 + mu + mu * mu) * g) : -lr * (g + (1 + mu) * g);
        Assert.Equal(expected, p.Value[0], 5);
    }

    [Fact]
    public void Adam_FirstStepMovesEachEntryByLrTimesSignOfGradient()
    {
        var (set, p) = One(1f, 1f, 1f);
        var opt = new Adam(set, learningRate: 0.01f, epsilon: 1e-8f);
        SetGrad(p, 3f, -0.002f, 40f);
        opt.Step();
        Assert.Equal(0.99f, p.Value[0], 6);
        Assert.Equal(1.01f, p.Value[1], 6);
        Assert.Equal(0.99f, p.Value[2], 6);
    }

    [Fact]
    public void Adam_SecondStepMatchesHandComputation()
    {
        const double lr = 0.05, b1 = 0.8, b2 = 0.95, eps = 1e-5;
        var (set, p) = One(0.5f);
        var opt = new Adam(set, (float)lr, (float)b1, (float)b2, (float)eps);
        double theta = 0.5, m = 0, v = 0;
        double[] grads = [1.5, -0.5];
        for (int t = 1; t <= 2; t++)
        {
            double g = grads[t - 1];
            m = b1 * m + (1 - b1) * g; v = b2 * v + (1 - b2) * g * g;
            theta -= lr * (m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
            SetGrad(p, (float)g); opt.Step();
        }
        Assert.Equal(theta, p.Value[0], 5);
        Assert.Equal(2, opt.Steps);
    }

    [Theory]
    [InlineData(false, 0f)] [InlineData(true, 0f)] [InlineData(false, 0.5f)]
    public void RmsProp_FirstStepMatchesHandComputation(bool centered, float momentum)
    {
        const double lr = 0.01, alpha = 0.99, eps = 1e-5, g = -0.3;
        var (set, p) = One(2f);
        var opt = new RmsProp(set, (float)lr, (float)alpha, (float)eps, momentum, centered);
        SetGrad(p, (float)g);
        opt.Step();
        // s = (1−α)g²; centered subtracts ḡ² = ((1−α)g)², leaving α(1−α)g². The first momentum buffer equals d.
        double s = (1 - alpha) * g * g - (centered ? (1 - alpha) * (1 - alpha) * g * g : 0);
        double expected = 2 - lr * g / (Math.Sqrt(s) + eps);
        Assert.Equal(expected, p.Value[0], 4);
    }

    [Theory]
    [InlineData("sgd")] [InlineData("nesterov")] [InlineData("adam")] [InlineData("rmsprop")] [InlineData("rmsprop-centered")]
    public void Optimizers_ConvergeOnAnIllConditionedQuadratic(string which)
    {
        // f(θ) = ½ Σ aᵢ (θᵢ − cᵢ)², minimum at c; gradients come from the tape.
        var a = Tensor.Vector(1f, 4f, 10f);
        var c = Tensor.Vector(1f, -2f, 0.5f);
        var (set, p) = One(0f, 0f, 0f);
        Optimizer opt = which switch
        {
            "sgd" => new Sgd(set, 0.05f, momentum: 0.9f),
            "nesterov" => new Sgd(set, 0.05f, momentum: 0.9f, nesterov: true),
            "adam" => new Adam(set, 0.05f),
            "rmsprop" => new RmsProp(set, 0.01f),
            _ => new RmsProp(set, 0.01f, centered: true),
        };
        var tape = new Tape();
        var schedule = Schedule.Linear(opt.LearningRate, opt.LearningRate * 0.01f, 1500);
        for (int step = 0; step < 2000; step++)
        {
            opt.LearningRate = schedule.ValueAt(step);
            tape.Reset();
            set.ZeroGrad();
            var d = tape.Sub(tape.Param(p), tape.Input(c));
            tape.Backward(tape.MulScalar(tape.Sum(tape.Mul(tape.Input(a), tape.Square(d))), 0.5f));
            opt.Step();
        }
        for (int i = 0; i < 3; i++) Assert.Equal(c[i], p.Value[i], 2);
    }

    [Fact]
    public void Step_AllocatesNothing()
    {
        var rng = new Rng(1);
        var mlp = new Mlp([4, 32, 2], Activation.Tanh, rng);
        Optimizer[] all = [new Adam(mlp.Parameters), new Sgd(mlp.Parameters, 0.1f, 0.9f, true), new RmsProp(mlp.Parameters, centered: true, momentum: 0.5f)];
        foreach (var o in all) o.Step();
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 10; i++) foreach (var o in all) o.Step(); }));
    }

    [Fact]
    public void State_ExportImport_ContinuesIdentically()
    {
        var rng = new Rng(2);
        var mlpA = new Mlp([3, 5, 2], Activation.Tanh, rng);
        var values = new float[mlpA.Parameters.Size];
        mlpA.Parameters.CopyValuesTo(values);
        var mlpB = new Mlp([3, 5, 2], Activation.Tanh, rng);
        mlpB.Parameters.CopyValuesFrom(values);
        var grads = new float[values.Length];
        var a = new Adam(mlpA.Parameters, 0.01f);
        for (int s = 0; s < 3; s++) { rng.Normal(grads); mlpA.Parameters.CopyGradientsFrom(grads); a.Step(); }
        mlpA.Parameters.CopyValuesTo(values);
        mlpB.Parameters.CopyValuesFrom(values);
        var b = new Adam(mlpB.Parameters, 0.01f);
        b.ImportState(a.ExportState());
        Assert.Equal(3, b.Steps);
        rng.Normal(grads);
        mlpA.Parameters.CopyGradientsFrom(grads); mlpB.Parameters.CopyGradientsFrom(grads);
        a.Step(); b.Step();
        var va = new float[values.Length]; var vb = new float[values.Length];
        mlpA.Parameters.CopyValuesTo(va); mlpB.Parameters.CopyValuesTo(vb);
        Assert.Equal(va, vb);
        var wrong = Assert.Throws<ArgumentException>(() => new Sgd(mlpB.Parameters, 0.1f, 0.9f).ImportState(a.ExportState()));
        Assert.Contains("exported by Adam", wrong.Message);
    }

    [Fact]
    public void GradientClipping_ScalesToMaxNormAndReturnsThePreClipNorm()
    {
        var (set, p) = One(0f, 0f);
        SetGrad(p, 3f, 4f);
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm(set, 10f), 6);
        Assert.Equal(new[] { 3f, 4f }, p.Grad.Data);
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm(set, 0.5f), 6);
        Assert.Equal(0.5, set.GradientNorm(), 5);
        Assert.Equal(0.3f, p.Grad[0], 5);
        SetGrad(p, float.NaN, 1f);
        Assert.Throws<NonFiniteException>(() => GradientClipping.ClipByGlobalNorm(set, 0.5f));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(set, 0f));
        Assert.Contains("maxNorm", ex.Message); Assert.Contains("(0, ∞)", ex.Message);
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)]
    public void ScaledStep_IsBitIdenticalToClippingCopyingAndStepping(int kind)
    {
        // Layers of 4·37 + 37 + 37·3 + 3 values: SIMD blocks and scalar tails; clipped (scale < 1) and unclipped steps.
        var rng = new Rng(5);
        var fused = new Mlp([4, 37, 3], Activation.Tanh, rng);
        var reference = new Mlp([4, 37, 3], Activation.Tanh, rng);
        int size = fused.Parameters.Size;
        var values = new float[size]; fused.Parameters.CopyValuesTo(values); reference.Parameters.CopyValuesFrom(values);
        Optimizer Make(ParameterSet set) => kind switch
        {
            0 => new Adam(set, 0.01f, epsilon: 1e-5f),
            1 => new RmsProp(set, centered: true, momentum: 0.5f),
            _ => new Sgd(set, 0.1f, 0.9f, true),
        };
        Optimizer a = Make(fused.Parameters), b = Make(reference.Parameters);
        var grads = new float[size]; var snapshot = new float[size]; var before = new float[size];
        foreach (float maxNorm in new[] { 0.5f, 1e6f, 0.05f })
        {
            rng.Normal(grads);
            fused.Parameters.CopyGradientsFrom(grads); reference.Parameters.CopyGradientsFrom(grads);
            reference.Parameters.CopyValuesTo(before);
            double norm = GradientClipping.GlobalNorm(fused.Parameters, maxNorm, out float coefficient);
            Assert.Equal(GradientClipping.ClipByGlobalNorm(reference.Parameters, maxNorm), norm);
            b.Step();
            Assert.Equal(-1, a.ScaledStep(coefficient, snapshot));
            Assert.Equal(before, snapshot);
            var va = new float[size]; var vb = new float[size];
            fused.Parameters.CopyValuesTo(va); reference.Parameters.CopyValuesTo(vb);
            Assert.Equal(vb, va);
            fused.Parameters.CopyGradientsTo(va); reference.Parameters.CopyGradientsTo(vb);
            Assert.Equal(vb, va);                                                     // the clipped gradients are left as ClipByGlobalNorm leaves them
        }
        Assert.Equal(b.ExportState().Values, a.ExportState().Values);
        Assert.Equal(0, AllocationProbe.Steady(() => a.ScaledStep(0.5f, snapshot)));
    }

    [Fact]
    public void ScaledStep_ReportsTheFirstParameterMadeNonFinite()
    {
        var first = new Parameter("first", Tensor.Vector(new float[20]));
        var second = new Parameter("second", Tensor.Vector(new float[20]));
        var set = new ParameterSet([first, second]);
        var adam = new Adam(set, 0.1f);
        second.Value[17] = float.MaxValue;                                          // a step of −0.1 stays finite; +∞ below does not
        second.Value[3] = float.PositiveInfinity;
        var snapshot = new float[set.Size];
        Assert.Equal(1, adam.ScaledStep(1f, snapshot));
        Assert.Equal(float.PositiveInfinity, snapshot[20 + 3]);
        second.Value[3] = 0f; first.Value[19] = float.NaN;                           // the scalar tail
        Assert.Equal(0, adam.ScaledStep(1f, snapshot));
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.ScaledStep(1.5f, snapshot));
        Assert.Throws<ArgumentException>(() => adam.ScaledStep(1f, new float[3]));
    }

    [Fact]
    public void Schedules_GiveConstantAndLinearValues()
    {
        Assert.Equal(2.5e-4f, Schedule.Constant(2.5e-4f).ValueAt(1_000_000));
        var lin = Schedule.Linear(3e-4f, 0f, 100);
        Assert.Equal(3e-4f, lin.ValueAt(0));
        Assert.Equal(1.5e-4f, lin.ValueAt(50), 9);
        Assert.Equal(3e-6f, lin.ValueAt(99), 9);   // CleanRL's last update: lr₀/U
        Assert.Equal(0f, lin.ValueAt(100));
        Assert.Equal(0f, lin.ValueAt(500));
        var up = Schedule.Linear(0.1f, 0.3f, 4);
        Assert.Equal(0.2f, up.ValueAt(2), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Linear(1f, 0f, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => lin.ValueAt(-1));
    }

    [Fact]
    public void BadOptions_NameTheOptionAndTheAllowedRange()
    {
        var (set, _) = One(1f);
        var empty = Assert.Throws<ArgumentException>(() => new Adam(new ParameterSet()));
        Assert.Contains("Adam", empty.Message); Assert.Contains("empty", empty.Message);
        var lr = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(set, 0f));
        Assert.Contains("learning rate 0", lr.Message); Assert.Contains("(0, ∞)", lr.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(set, -1e-3f));
        var beta = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(set, beta1: 1f));
        Assert.Contains("beta1 = 1", beta.Message); Assert.Contains("[0, 1)", beta.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(set, beta2: -0.1f));
        var eps = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(set, epsilon: 0f));
        Assert.Contains("epsilon = 0", eps.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(set, alpha: 1.5f));
        Assert.Throws<ArgumentException>(() => new Sgd(set, 0.1f, nesterov: true));
        var opt = new Sgd(set, 0.1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.LearningRate = float.NaN);
        opt.LearningRate = 0f; // the end of a decay to zero is allowed
    }
}
