using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Tests.Autodiff;

namespace Ascent.Tests.Nn;

public class NetworkTests
{
    [Theory]
    [InlineData(6, 3, 1.0f)]
    [InlineData(3, 6, 1.41421356f)]
    [InlineData(64, 64, 0.01f)]
    public void Orthogonal_GivesOrthonormalColumnsOrRowsTimesGain(int inputs, int outputs, float gain)
    {
        var w = new Tensor(inputs, outputs);
        Init.Orthogonal(w, gain, new Rng(7));
        // WᵀW = gain²·I when in ≥ out (orthonormal columns), WWᵀ = gain²·I otherwise.
        bool columns = inputs >= outputs;
        int m = Math.Min(inputs, outputs), n = Math.Max(inputs, outputs);
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
            {
                double dot = 0;
                for (int k = 0; k < n; k++) dot += columns ? w[k, a] * w[k, b] : w[a, k] * w[b, k];
                Assert.Equal(a == b ? gain * gain : 0.0, dot, 1e-5 * Math.Max(1, gain * gain));
            }
    }

    [Fact]
    public void Orthogonal_IsReproducibleFromTheSeed_AndSignCorrected()
    {
        var a = new Tensor(5, 3); var b = new Tensor(5, 3);
        Init.Orthogonal(a, 1f, new Rng(3));
        Init.Orthogonal(b, 1f, new Rng(3));
        Assert.Equal(a.Data, b.Data);
        // Sign correction (diag R > 0) means column j has a positive projection on the Gaussian column it came from:
        // for the first column, Q₀ = A₀/‖A₀‖ points the same way as A₀.
        var g = new double[15];
        new Rng(3).Normal(g);
        for (int i = 0; i < 5; i++) Assert.Equal(Math.Sign(g[i]), Math.Sign(a[i, 0]));
    }

    [Fact]
    public void Linear_HasNamedParametersAndZeroBias()
    {
        var layer = new Linear("pi", 4, 2, new Rng(1), gain: 0.01f);
        Assert.Equal("pi.weight", layer.Weight.Name);
        Assert.Equal([4, 2], layer.Weight.Value.Shape.ToArray());
        Assert.All(layer.Bias.Value.Data, v => Assert.Equal(0f, v));
        Assert.True(layer.Weight.Value.Data.Max(MathF.Abs) <= 0.01f + 1e-7f);
    }

    [Theory]
    [InlineData(Activation.Tanh, Activation.None)]
    [InlineData(Activation.Relu, Activation.Tanh)]
    public void Mlp_ParameterGradientsMatchFiniteDifferences(Activation hidden, Activation output)
    {
        var rng = new Rng(11);
        var mlp = new Mlp([3, 5, 4, 2], hidden, rng, outputGain: 1f, outputActivation: output);
        // Non-zero biases so relu kinks are not all at the same place.
        foreach (var p in mlp.Parameters) if (p.Value.Rank == 1) for (int i = 0; i < p.Size; i++) p.Value[i] = 0.3f * (float)rng.Normal();
        var x = GradCheck.Random(rng, 1, 0, 6, 3);
        var target = GradCheck.Random(rng, 1, 0, 6, 2);
        ParameterGradCheck.Check(mlp.Parameters, t => t.Mean(t.Square(t.Sub(mlp.Forward(t, t.Input(x)), t.Input(target)))));
    }

    [Fact]
    public void Mlp_Predict_MatchesTheTapeForward()
    {
        var rng = new Rng(5);
        var mlp = new Mlp([4, 16, 8, 3], Activation.Tanh, rng, outputActivation: Activation.Relu);
        var x = GradCheck.Random(rng, 1, 0, 7, 4);
        var tape = new Tape();
        var y = mlp.Forward(tape, tape.Input(x)).Value;
        var fast = new float[7 * 3];
        mlp.Predict(x.Span, 7, fast);
        for (int i = 0; i < fast.Length; i++) Assert.Equal(y[i], fast[i], 6);
        var ex = Assert.Throws<ShapeMismatchException>(() => mlp.Predict(x.Span, 6, fast));
        Assert.Contains("[6, 4]", ex.Message);
    }

    [Fact]
    public void Mlp_ForwardBackward_AllocatesNothingOnReplay()
    {
        var rng = new Rng(9);
        var mlp = new Mlp([4, 64, 64, 2], Activation.Tanh, rng, outputGain: 0.01f);
        var x = GradCheck.Random(rng, 1, 0, 128, 4);
        var actions = new int[128];
        for (int i = 0; i < actions.Length; i++) actions[i] = rng.Integer(2);
        var tape = new Tape();
        var output = new float[128 * 2];
        void Step()
        {
            tape.Reset();
            mlp.Parameters.ZeroGrad();
            var logp = tape.LogSoftmax(mlp.Forward(tape, tape.Input(x)));
            var loss = -tape.Mean(tape.Gather(logp, actions));
            tape.Backward(loss);
            mlp.Predict(x.Span, 128, output);
        }
        Step(); Step();
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 10; i++) Step(); }));
    }

    [Fact]
    public void Mlp_RejectsBadSizesNamingThem()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp([4, 0, 2], Activation.Tanh, new Rng(1)));
        Assert.Contains("[4, 0, 2]", ex.Message);
        Assert.Throws<ArgumentException>(() => new Mlp([4], Activation.Tanh, new Rng(1)));
        var tape = new Tape();
        var mlp = new Mlp([4, 8, 2], Activation.Tanh, new Rng(1));
        var bad = Assert.Throws<ShapeMismatchException>(() => mlp.Forward(tape, tape.Input(new Tensor(3, 5))));
        Assert.Contains("[3, 5]", bad.Message); Assert.Contains("[4, 8]", bad.Message);
    }
}
