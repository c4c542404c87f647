using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Numerics;

namespace Ascent.Tests.Nn;

public class ParameterSetTests
{
    private static ParameterSet Make() => new([
        new Parameter("w", Tensor.Matrix(new float[,] { { 1, 2 }, { 3, 4 } })),
        new Parameter("b", Tensor.Vector(5, 6, 7)),
    ]);

    [Fact]
    public void FlatView_RoundTripsValuesInOrder()
    {
        var ps = Make();
        Assert.Equal(2, ps.Count);
        Assert.Equal(7, ps.Size);
        var flat = new float[7];
        ps.CopyValuesTo(flat);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7 }, flat);
        for (int i = 0; i < 7; i++) flat[i] *= -1;
        ps.CopyValuesFrom(flat);
        Assert.Equal(-4f, ps["w"].Value[1, 1]);
        Assert.Equal(-7f, ps["b"].Value[2]);
    }

    [Fact]
    public void Gradients_CopyOutZeroAndNorm()
    {
        var ps = Make();
        ps.CopyGradientsFrom([3, 0, 0, 0, 0, 0, 4]);
        Assert.Equal(5.0, ps.GradientNorm(), 12);
        var g = new float[7];
        ps.CopyGradientsTo(g);
        Assert.Equal(4f, g[6]);
        ps.ZeroGrad();
        Assert.Equal(0.0, ps.GradientNorm());
    }

    [Fact]
    public void SetTangents_DrivesForwardMode()
    {
        var ps = Make();
        ps.SetTangents([1, 0, 0, 1, 0, 0, 0]);
        var tape = new Tape();
        var y = tape.Sum(tape.Param(ps["w"]));   // dy = Σ dW = 2
        tape.ForwardTangents();
        Assert.Equal(2f, y.Tangent![0]);
        ps.ClearTangents();
        tape.ForwardTangents();
        Assert.Equal(0f, y.Tangent![0]);
    }

    [Fact]
    public void BadInput_NamesTheMethodAndTheSizes()
    {
        var ps = Make();
        var ex = Assert.Throws<ArgumentException>(() => ps.CopyValuesFrom(new float[6]));
        Assert.Contains("CopyValuesFrom", ex.Message); Assert.Contains("6", ex.Message); Assert.Contains("7", ex.Message);
        var dup = Assert.Throws<ArgumentException>(() => ps.Add(new Parameter("w", new Tensor(1))));
        Assert.Contains("'w'", dup.Message);
        Assert.Throws<KeyNotFoundException>(() => ps["nope"]);
    }
}
