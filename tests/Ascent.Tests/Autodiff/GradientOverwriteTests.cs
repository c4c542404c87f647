using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Tests.Autodiff;

/// <summary>
/// The tape skips zeroing a gradient buffer whose first writer (its highest-index consumer) overwrites it — a GEMM with
/// β = 0, a tanh's <c>g(1 − y²)</c> — and zeroes every other; these graphs reuse values so that both kinds of first
/// writer, and later accumulating writers, meet the same buffer.
/// </summary>
public class GradientOverwriteTests
{
    private static readonly Rng R = new(77);

    /// <summary>h is consumed by a MatMul, by both operands of another MatMul and by an Add (the Add, highest, writes first).</summary>
    private static Var Graph(Tape t, Var[] v)
    {
        var h = t.Tanh(t.MatMul(v[0], v[1]));                                 // [5, 6]
        var u = t.Tanh(t.MatMul(h, v[2]));                                    // h's consumers: this MatMul (operand 0) …
        var gram = t.MatMul(h, h, transposeB: true);                          // … both operands here …
        var z = t.Add(u, h);                                                  // … and this Add, its first writer
        return t.Add(t.Sum(t.Tanh(z), 1), t.Sum(t.Tanh(gram), 1));
    }

    /// <summary>Here h's first writer is the MatMul (it overwrites), and the tanh output feeds a 2-column head.</summary>
    private static Var Chain(Tape t, Var[] v)
    {
        var h = t.Tanh(t.MatMul(v[0], v[1]));
        var y = t.Add(t.MulScalar(h, 0.5f), t.MatMul(h, v[2]));              // the MatMul is h's last consumer, so its first writer
        return t.MatMul(t.Tanh(t.MatMul(y, v[3])), v[4]);                    // narrow head [16, 2]
    }

    [Fact]
    public void ReusedValues_GetFiniteDifferenceGradients()
    {
        GradCheck.Check(Graph, [GradCheck.Random(R, 1, 0, 5, 4), GradCheck.Random(R, 0.5f, 0, 4, 6), GradCheck.Random(R, 0.5f, 0, 6, 6)]);
        GradCheck.Check(Chain, [GradCheck.Random(R, 1, 0, 16, 3), GradCheck.Random(R, 0.5f, 0, 3, 16), GradCheck.Random(R, 0.3f, 0, 16, 16),
            GradCheck.Random(R, 0.3f, 0, 16, 16), GradCheck.Random(R, 0.5f, 0, 16, 2)]);
    }

    [Theory]
    [InlineData(0)] [InlineData(1)]
    public void ReplayedBackward_IgnoresTheLastPassesGradients(int which)
    {
        // The second backward finds the first one's gradients in every buffer: a buffer neither zeroed nor overwritten would double.
        Func<Tape, Var[], Var> f = which == 0 ? Graph : Chain;
        Tensor[] inputs = which == 0
            ? [GradCheck.Random(R, 1, 0, 5, 4), GradCheck.Random(R, 0.5f, 0, 4, 6), GradCheck.Random(R, 0.5f, 0, 6, 6)]
            : [GradCheck.Random(R, 1, 0, 16, 3), GradCheck.Random(R, 0.5f, 0, 3, 16), GradCheck.Random(R, 0.3f, 0, 16, 16), GradCheck.Random(R, 0.3f, 0, 16, 16), GradCheck.Random(R, 0.5f, 0, 16, 2)];
        var tape = new Tape();
        Tensor[] Gradients()
        {
            tape.Reset();
            var vars = inputs.Select(x => tape.Input(x, requiresGrad: true)).ToArray();
            tape.Backward(tape.Sum(f(tape, vars)));
            return vars.Select(v => v.Grad.Clone()).ToArray();
        }
        var first = Gradients();
        var second = Gradients();
        for (int k = 0; k < inputs.Length; k++) Assert.Equal(first[k].Data, second[k].Data);
    }
}
