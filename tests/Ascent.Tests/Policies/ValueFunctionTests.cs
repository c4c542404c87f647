using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Policies.Features;
using Ascent.Tests.Nn;

namespace Ascent.Tests.Policies;

public class ValueFunctionTests
{
    [Fact]
    public void LinearValueFunction_AnalyticGradientIsTheFeatures_AndMatchesForward()
    {
        var v = new LinearValueFunction(new RawObservationFeatures(3));
        float[] w = [0.5f, -1f, 2f, 0.25f];
        w.CopyTo(v.Weights.Value.Span);
        float[] obs = [0.1f, 0.2f, -0.3f];
        Assert.Equal(0.05 - 0.2 - 0.6 + 0.25, v.Value(obs), 6);
        v.Parameters.ZeroGrad();
        v.AddGradient(obs, 2f);
        Assert.Equal([0.2f, 0.4f, -0.6f, 2f], v.Weights.Grad.Span.ToArray());

        var tape = new Tape();
        var x = new Tensor([0.1f, 0.2f, -0.3f, 1f, 0f, 2f], 2, 3);
        var values = v.Forward(tape, tape.Input(x));
        Assert.Equal([2], values.Value.Shape.ToArray());
        Assert.Equal(v.Value([1f, 0f, 2f]), values.Value[1], 5);
        var predicted = new float[2];
        v.Predict(x.Span, 2, predicted);
        Assert.Equal(values.Value.Span.ToArray(), predicted);
        ParameterGradCheck.Check(v.Parameters, t => t.Sum(t.Square(v.Forward(t, t.Input(x)))));
    }

    [Fact]
    public void MlpValueFunction_PredictMatchesForward_AndGradientsCheck()
    {
        var v = new MlpValueFunction(3, [8], Activation.Tanh, new Rng(5));
        var x = new Tensor([0.1f, 0.2f, -0.3f, 1f, 0f, 2f], 2, 3);
        var tape = new Tape();
        var values = v.Forward(tape, tape.Input(x));
        var predicted = new float[2];
        v.Predict(x.Span, 2, predicted);
        for (int i = 0; i < 2; i++) Assert.Equal(values.Value[i], predicted[i], 5);
        ParameterGradCheck.Check(v.Parameters, t => t.Sum(t.Square(v.Forward(t, t.Input(x)))));
    }
}
