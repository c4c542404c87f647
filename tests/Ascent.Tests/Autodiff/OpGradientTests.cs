using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Tests.Autodiff;

public class OpGradientTests
{
    private static readonly Rng R = new(2024);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_GradientsMatchFiniteDifferences(bool ta, bool tb)
    {
        var a = ta ? GradCheck.Random(R, 1, 0, 4, 3) : GradCheck.Random(R, 1, 0, 3, 4);
        var b = tb ? GradCheck.Random(R, 1, 0, 5, 4) : GradCheck.Random(R, 1, 0, 4, 5);
        GradCheck.Check((t, v) => t.MatMul(v[0], v[1], ta, tb), [a, b]);
    }

    [Fact]
    public void Linear_GradientsMatchFiniteDifferences() =>
        GradCheck.Check((t, v) => t.Linear(v[0], v[1], v[2]), [GradCheck.Random(R, 1, 0, 6, 3), GradCheck.Random(R, 1, 0, 3, 4), GradCheck.Random(R, 1, 0, 4)]);

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void Linear_NarrowHead_GradientsMatchFiniteDifferences(int outputs) =>
        // 32 inputs and at most 4 outputs: the backward pass takes the direct narrow-head kernels, not the GEMM.
        GradCheck.Check((t, v) => t.Linear(v[0], v[1], v[2]), [GradCheck.Random(R, 1, 0, 5, 32), GradCheck.Random(R, 1, 0, 32, outputs), GradCheck.Random(R, 1, 0, outputs)]);

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(4)]
    public void Linear_NarrowHead_Backward_IsTheExactVectorJacobianProduct(int outputs)
    {
        // dX = G·Wᵀ, dW = Xᵀ·G, db = Σ_rows G, in double precision, against the narrow-head kernels (37 rows: not a multiple of anything).
        const int m = 37, k = 64;
        var x = GradCheck.Random(R, 1, 0, m, k); var w = GradCheck.Random(R, 1, 0, k, outputs); var b = GradCheck.Random(R, 1, 0, outputs);
        var g = GradCheck.Random(R, 1, 0, m, outputs);
        var tape = new Tape();
        var xv = tape.Input(x, requiresGrad: true); var wv = tape.Input(w, requiresGrad: true); var bv = tape.Input(b, requiresGrad: true);
        tape.Backward(tape.Linear(xv, wv, bv), g);
        for (int r = 0; r < m; r++)
            for (int p = 0; p < k; p++)
            {
                double e = 0;
                for (int j = 0; j < outputs; j++) e += (double)g.Span[r * outputs + j] * w.Span[p * outputs + j];
                Assert.Equal(e, xv.Grad.Span[r * k + p], 1e-5);
            }
        for (int p = 0; p < k; p++)
            for (int j = 0; j < outputs; j++)
            {
                double e = 0;
                for (int r = 0; r < m; r++) e += (double)x.Span[r * k + p] * g.Span[r * outputs + j];
                Assert.Equal(e, wv.Grad.Span[p * outputs + j], 1e-4);
            }
        for (int j = 0; j < outputs; j++)
        {
            double e = 0;
            for (int r = 0; r < m; r++) e += g.Span[r * outputs + j];
            Assert.Equal(e, bv.Grad.Span[j], 1e-4);
        }
    }

    [Theory]
    [InlineData("add")] [InlineData("sub")] [InlineData("mul")] [InlineData("div")]
    public void Binary_SameShape_GradientsMatchFiniteDifferences(string op)
    {
        var a = GradCheck.Random(R, 1, 0, 3, 4);
        var b = op == "div" ? GradCheck.Uniform(R, 1f, 2f, 3, 4) : GradCheck.Random(R, 1, 0, 3, 4);
        GradCheck.Check((t, v) => Apply(t, op, v[0], v[1]), [a, b]);
    }

    [Theory]
    [InlineData("add")] [InlineData("sub")] [InlineData("mul")] [InlineData("div")]
    public void Binary_RowAndScalarBroadcast_GradientsMatchFiniteDifferences(string op)
    {
        Tensor Pos(params int[] s) => op == "div" ? GradCheck.Uniform(R, 1f, 2f, s) : GradCheck.Random(R, 1, 0, s);
        GradCheck.Check((t, v) => Apply(t, op, v[0], v[1]), [GradCheck.Random(R, 1, 0, 3, 4), Pos(4)]);
        GradCheck.Check((t, v) => Apply(t, op, v[0], v[1]), [GradCheck.Random(R, 1, 0, 3, 4), Pos(1, 4)]);
        GradCheck.Check((t, v) => Apply(t, op, v[0], v[1]), [Pos(4), Pos(3, 4)]);
        GradCheck.Check((t, v) => Apply(t, op, v[0], v[1]), [GradCheck.Random(R, 1, 0, 3, 4), Pos(1)]);
        GradCheck.Check((t, v) => Apply(t, op, v[0], v[1]), [Pos(1), Pos(5)]);
    }

    private static Var Apply(Tape t, string op, Var a, Var b) => op switch
    {
        "add" => a + b,
        "sub" => a - b,
        "mul" => a * b,
        _ => a / b,
    };

    [Fact]
    public void Binary_ColumnAgainstVector_IsRejectedWithBothShapes()
    {
        var tape = new Tape();
        var a = tape.Input(new Tensor(5, 1));
        var b = tape.Input(new Tensor(5));
        var ex = Assert.Throws<ShapeMismatchException>(() => tape.Sub(a, b));
        Assert.Contains("[5, 1]", ex.Message);
        Assert.Contains("[5]", ex.Message);
        Assert.Contains("Sub", ex.Message);
    }

    [Theory]
    [InlineData("neg")] [InlineData("exp")] [InlineData("log")] [InlineData("tanh")] [InlineData("relu")]
    [InlineData("sigmoid")] [InlineData("square")] [InlineData("sqrt")] [InlineData("addscalar")] [InlineData("mulscalar")] [InlineData("clamp")]
    public void Unary_GradientsMatchFiniteDifferences(string op)
    {
        // Inputs stay away from kinks (relu at 0, clamp at its bounds) and from log/sqrt's singularity.
        Tensor x = op switch
        {
            "log" or "sqrt" => GradCheck.Uniform(R, 0.5f, 2f, 3, 5),
            "relu" => AwayFrom(GradCheck.Random(R, 1, 0, 3, 5), [0f]),
            "clamp" => AwayFrom(GradCheck.Random(R, 1, 0, 3, 5), [-0.5f, 0.7f]),
            _ => GradCheck.Random(R, 1, 0, 3, 5),
        };
        GradCheck.Check((t, v) => op switch
        {
            "neg" => -v[0],
            "exp" => t.Exp(v[0]),
            "log" => t.Log(v[0]),
            "tanh" => t.Tanh(v[0]),
            "relu" => t.Relu(v[0]),
            "sigmoid" => t.Sigmoid(v[0]),
            "square" => t.Square(v[0]),
            "sqrt" => t.Sqrt(v[0]),
            "addscalar" => v[0] + 1.5f,
            "mulscalar" => v[0] * -2.5f,
            _ => t.Clamp(v[0], -0.5f, 0.7f),
        }, [x]);
    }

    /// <summary>Moves entries within 0.05 of a kink away from it so ±ε differences do not straddle it.</summary>
    internal static Tensor AwayFrom(Tensor x, float[] kinks)
    {
        for (int i = 0; i < x.Size; i++)
            foreach (var k in kinks)
                if (MathF.Abs(x[i] - k) < 0.05f) x[i] = k + (x[i] >= k ? 0.1f : -0.1f);
        return x;
    }

    [Fact]
    public void SumMeanReshape_GradientsMatchFiniteDifferences()
    {
        GradCheck.Check((t, v) => t.Sum(v[0]), [GradCheck.Random(R, 1, 0, 3, 4)]);
        GradCheck.Check((t, v) => t.Mean(v[0]), [GradCheck.Random(R, 1, 0, 3, 4)]);
        GradCheck.Check((t, v) => t.Reshape(v[0], 12), [GradCheck.Random(R, 1, 0, 3, 4)]);
    }

    [Fact]
    public void Replay_WithSameShapes_AllocatesNothing()
    {
        var tape = new Tape();
        var w = new Parameter("w", GradCheck.Random(R, 0.3f, 0, 4, 8));
        var b = new Parameter("b", new Tensor(8));
        var w2 = new Parameter("w2", GradCheck.Random(R, 0.3f, 0, 8, 2));
        var x = GradCheck.Random(R, 1, 0, 32, 4);
        void Step()
        {
            tape.Reset();
            var h = tape.Tanh(tape.Linear(tape.Input(x), tape.Param(w), tape.Param(b)));
            var y = tape.MatMul(h, tape.Param(w2));
            var loss = tape.Mean(tape.Square(y));
            tape.Backward(loss);
        }
        Step(); Step();
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 10; i++) Step(); }));
    }

    [Fact]
    public void Backward_AccumulatesIntoParameterGradients()
    {
        var tape = new Tape();
        var p = new Parameter("p", Tensor.Vector(1f, 2f, 3f));
        for (int pass = 1; pass <= 2; pass++)
        {
            tape.Reset();
            tape.Backward(tape.Sum(tape.Square(tape.Param(p))));
            Assert.Equal(new[] { 2f * pass, 4f * pass, 6f * pass }, p.Grad.Data);
        }
        p.ZeroGrad();
        Assert.All(p.Grad.Data, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void CheckFinite_NamesTheOperationThatProducedNaN()
    {
        var tape = new Tape { CheckFinite = true };
        var x = tape.Input(Tensor.Vector(1f, -1f));
        var ex = Assert.Throws<NonFiniteException>(() => tape.Log(x));
        Assert.Contains("Log", ex.Message);
    }

    [Theory]
    [InlineData("softmax")] [InlineData("logsoftmax")] [InlineData("logsumexp")]
    public void SoftmaxFamily_GradientsMatchFiniteDifferences(string op)
    {
        Var F(Tape t, Var x) => op switch { "softmax" => t.Softmax(x), "logsoftmax" => t.LogSoftmax(x), _ => t.LogSumExp(x) };
        GradCheck.Check((t, v) => F(t, v[0]), [GradCheck.Random(R, 2, 0, 4, 5)]);
        GradCheck.Check((t, v) => F(t, v[0]), [GradCheck.Random(R, 2, 0, 3)]);
    }

    [Fact]
    public void SoftmaxFamily_IsStableForHugeLogits()
    {
        var tape = new Tape { CheckFinite = true };
        var x = tape.Input(Tensor.Matrix(new float[,] { { 1000f, 0f, -1000f }, { -5000f, -5000f, -5000f } }));
        var logp = tape.LogSoftmax(x).Value;
        Assert.Equal(0f, logp[0, 0], 6);
        Assert.Equal(-1000f, logp[0, 1]);
        Assert.Equal(-MathF.Log(3f), logp[1, 2], 5);
        var p = tape.Softmax(x).Value;
        Assert.Equal(1f, p[0, 0]);
        Assert.Equal(1f / 3f, p[1, 1], 6);
        var lse = tape.LogSumExp(x).Value;
        Assert.Equal(1000f, lse[0]);
        Assert.Equal(-5000f + MathF.Log(3f), lse[1], 2);
    }

    [Fact]
    public void Gather_GradientsMatchFiniteDifferences()
    {
        int[] index = [2, 0, 3, 3, 1];
        GradCheck.Check((t, v) => t.Gather(v[0], index), [GradCheck.Random(R, 1, 0, 5, 4)]);
        var asFloats = Tensor.Vector(2, 0, 3, 3, 1);
        GradCheck.Check((t, v) => t.Gather(t.LogSoftmax(v[0]), asFloats), [GradCheck.Random(R, 1, 0, 5, 4)]);
    }

    [Fact]
    public void Gather_RejectsBadIndicesNamingThem()
    {
        var tape = new Tape();
        var x = tape.Input(new Tensor(3, 4));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => tape.Gather(x, [0, 4, 1]));
        Assert.Contains("index 4 at row 1", ex.Message);
        Assert.Contains("[0, 4)", ex.Message);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => tape.Gather(x, Tensor.Vector(0, 1.5f, 1)));
        Assert.Contains("1.5", ex2.Message);
        var ex3 = Assert.Throws<ShapeMismatchException>(() => tape.Gather(x, [0, 1]));
        Assert.Contains("[3, 4]", ex3.Message);
        Assert.Contains("[2]", ex3.Message);
    }

    [Fact]
    public void SumMeanAlongAxis_GradientsMatchFiniteDifferences()
    {
        foreach (var axis in new[] { 0, 1, -1 })
        {
            GradCheck.Check((t, v) => t.Sum(v[0], axis), [GradCheck.Random(R, 1, 0, 3, 4)]);
            GradCheck.Check((t, v) => t.Mean(v[0], axis), [GradCheck.Random(R, 1, 0, 3, 4)]);
        }
        var tape = new Tape();
        var x = tape.Input(Tensor.Matrix(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
        Assert.Equal(new[] { 5f, 7f, 9f }, tape.Sum(x, 0).Value.Data);
        Assert.Equal(new[] { 2f, 5f }, tape.Mean(x, 1).Value.Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => tape.Sum(x, 2));
    }

    [Theory]
    [InlineData(false)] [InlineData(true)]
    public void MinimumMaximum_GradientsMatchFiniteDifferences(bool max)
    {
        var a = GradCheck.Random(R, 1, 0, 3, 4);
        var b = GradCheck.Random(R, 1, 0, 3, 4);
        for (int i = 0; i < a.Size; i++) if (MathF.Abs(a[i] - b[i]) < 0.1f) b[i] = a[i] + 0.3f; // no ties within ±ε
        GradCheck.Check((t, v) => max ? t.Maximum(v[0], v[1]) : t.Minimum(v[0], v[1]), [a, b]);
    }

    [Theory]
    [InlineData(false)] [InlineData(true)]
    public void MinimumMaximum_SplitTheGradientEvenlyAtTies(bool max)
    {
        var tape = new Tape();
        var a = tape.Input(Tensor.Vector(1f, 2f, 3f), requiresGrad: true);
        var b = tape.Input(Tensor.Vector(1f, 5f, 0f), requiresGrad: true);
        var y = max ? tape.Maximum(a, b) : tape.Minimum(a, b);
        tape.Backward(tape.Sum(y));
        Assert.Equal(max ? new[] { 0.5f, 0f, 1f } : new[] { 0.5f, 1f, 0f }, a.Grad.Data);
        Assert.Equal(max ? new[] { 0.5f, 1f, 0f } : new[] { 0.5f, 0f, 1f }, b.Grad.Data);
        Assert.Throws<ShapeMismatchException>(() => tape.Minimum(a, tape.Input(new Tensor(1, 3))));
    }

    [Fact]
    public void ConcatSliceRepeatRows_GradientsMatchFiniteDifferences()
    {
        GradCheck.Check((t, v) => t.Concat(v[0], v[1], v[0]), [GradCheck.Random(R, 1, 0, 2, 3), GradCheck.Random(R, 1, 0, 3, 3)]);
        GradCheck.Check((t, v) => t.Concat(v[0], v[1]), [GradCheck.Random(R, 1, 0, 2), GradCheck.Random(R, 1, 0, 3)]);
        GradCheck.Check((t, v) => t.Slice(v[0], 1, 3), [GradCheck.Random(R, 1, 0, 5, 3)]);
        GradCheck.Check((t, v) => t.Slice(v[0], 2, 2), [GradCheck.Random(R, 1, 0, 6)]);
        GradCheck.Check((t, v) => t.RepeatRows(v[0], 4), [GradCheck.Random(R, 1, 0, 3)]);
        GradCheck.Check((t, v) => t.RepeatRows(v[0], 2), [GradCheck.Random(R, 1, 0, 2, 3)]);
    }

    [Fact]
    public void ConcatAndSlice_RejectBadShapesNamingThem()
    {
        var tape = new Tape();
        var a = tape.Input(new Tensor(2, 3));
        var b = tape.Input(new Tensor(2, 4));
        var ex = Assert.Throws<ShapeMismatchException>(() => tape.Concat(a, b));
        Assert.Contains("[2, 3]", ex.Message); Assert.Contains("[2, 4]", ex.Message);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => tape.Slice(a, 1, 2));
        Assert.Contains("[1, 3)", ex2.Message); Assert.Contains("[2, 3]", ex2.Message);
    }

    [Fact]
    public void PowAbs_GradientsMatchFiniteDifferences()
    {
        GradCheck.Check((t, v) => t.Pow(v[0], 3f), [GradCheck.Random(R, 1, 0, 3, 4)]);
        GradCheck.Check((t, v) => t.Pow(v[0], -1.5f), [GradCheck.Uniform(R, 0.5f, 2f, 3, 4)]);
        GradCheck.Check((t, v) => t.Abs(v[0]), [AwayFrom(GradCheck.Random(R, 1, 0, 3, 4), [0f])]);
    }

    [Fact]
    public void Detach_StopsGradientAndTangent()
    {
        var tape = new Tape();
        var x = tape.Input(Tensor.Vector(1f, -2f), requiresGrad: true, tangent: Tensor.Vector(1f, 1f));
        var y = tape.Sum(tape.Mul(x, tape.Detach(x)));   // y = Σ x·stop(x): ∂y/∂x = stop(x) = x, not 2x
        tape.Backward(y);
        Assert.Equal(new[] { 1f, -2f }, x.Grad.Data);
        tape.ForwardTangents();
        Assert.Equal(-1f, y.Tangent![0]);               // ⟨x, t⟩ = 1 − 2
    }

    [Fact]
    public void CheckFinite_NamesTheOperationWhoseBackwardProducedNaN()
    {
        // √x is finite at 0 but its derivative 1/(2√x) is not: the forward pass is clean, the backward pass is not.
        var tape = new Tape { CheckFinite = true };
        var p = new Parameter("p", Tensor.Vector(0f, 1f));
        var loss = tape.Sum(tape.Sqrt(tape.Param(p)));
        var ex = Assert.Throws<NonFiniteException>(() => tape.Backward(loss));
        Assert.StartsWith("Sqrt:", ex.Message);
        Assert.Contains("Param(p)", ex.Message);
        Assert.Contains("flat index 0", ex.Message);
    }
}
