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
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
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
}
