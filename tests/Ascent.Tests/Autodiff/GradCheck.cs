using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Tests.Autodiff;

/// <summary>
/// Finite-difference checks of reverse-mode gradients and forward-mode tangents.
/// </summary>
/// <remarks>
/// The function's output is projected onto a fixed random tensor W, giving the scalar L = Σ f(x) ⊙ W, so
/// every output element is checked. Derivatives are central differences (L(x+ε) − L(x−ε)) / 2ε on the
/// float32 forward pass; with ε = 1e-2 the truncation error is O(ε²) ≈ 1e-4 and the rounding error about
/// 1e-7·|L|/ε, so |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|) with atol = 2e-3 and
/// rtol = 1e-2 is a bound a correct float32 op meets and a wrong one does not.
/// Each perturbed evaluation replays the same tape, so the checks also exercise node reuse.
/// </remarks>
public static class GradCheck
{
    public static void Check(Func<Tape, Var[], Var> f, Tensor[] inputs, float eps = 1e-2f, float atol = 2e-3f, float rtol = 1e-2f, int seed = 1)
    {
        var tape = new Tape { CheckFinite = true };
        var rng = new Rng((ulong)seed);

        Var[] Record(Tensor[] xs, bool grad, Tensor[]? tangents = null)
        {
            tape.Reset();
            var vars = new Var[xs.Length];
            for (int i = 0; i < xs.Length; i++) vars[i] = tape.Input(xs[i], requiresGrad: grad, tangent: tangents?[i]);
            return vars;
        }

        var vars0 = Record(inputs, grad: true);
        var y0 = f(tape, vars0);
        var w = new Tensor(y0.Value.Shape.ToArray());
        for (int i = 0; i < w.Size; i++) w[i] = (float)rng.Normal();
        var wv = tape.Input(w);
        var loss = tape.Sum(tape.Mul(y0, wv));
        tape.Backward(loss);
        var analytic = vars0.Select(v => v.Grad.Clone()).ToArray();

        double Eval()
        {
            var vars = Record(inputs, grad: false);
            var y = f(tape, vars);
            var l = tape.Sum(tape.Mul(y, tape.Input(w)));
            return l.Value[0];
        }

        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            for (int i = 0; i < x.Size; i++)
            {
                float orig = x[i];
                x[i] = orig + eps; double lp = Eval();
                x[i] = orig - eps; double lm = Eval();
                x[i] = orig;
                double numeric = (lp - lm) / (2 * eps);
                double a = analytic[k][i];
                double tol = atol + rtol * Math.Max(Math.Abs(a), Math.Abs(numeric));
                Assert.True(Math.Abs(a - numeric) <= tol,
                    $"gradient of input {k} {x.ShapeString} at flat index {i}: analytic {a:G6}, numeric {numeric:G6} (|diff| {Math.Abs(a - numeric):G3} > tol {tol:G3})");
            }
        }

        // Forward mode: the tangent of f along random directions V equals <∇L, V> (both of L = Σ f ⊙ W).
        var dirs = inputs.Select(x => { var d = new Tensor(x.Shape.ToArray()); for (int i = 0; i < d.Size; i++) d[i] = (float)rng.Normal(); return d; }).ToArray();
        var varsT = Record(inputs, grad: false, tangents: dirs);
        var yT = f(tape, varsT);
        tape.ForwardTangents();
        double jvp = 0;
        if (yT.Tangent is { } tan) for (int i = 0; i < tan.Size; i++) jvp += tan[i] * w[i];
        double vjp = 0;
        for (int k = 0; k < inputs.Length; k++) for (int i = 0; i < dirs[k].Size; i++) vjp += analytic[k][i] * dirs[k][i];
        double tolT = atol * 10 + rtol * Math.Max(Math.Abs(jvp), Math.Abs(vjp));
        Assert.True(Math.Abs(jvp - vjp) <= tolT, $"forward-mode tangent ⟨Jv, w⟩ = {jvp:G6} differs from reverse-mode ⟨v, Jᵀw⟩ = {vjp:G6}");
    }

    /// <summary>A tensor of normal draws scaled by <paramref name="scale"/> and shifted by <paramref name="shift"/>.</summary>
    public static Tensor Random(Rng rng, float scale, float shift, params int[] shape)
    {
        var t = new Tensor(shape);
        for (int i = 0; i < t.Size; i++) t[i] = shift + scale * (float)rng.Normal();
        return t;
    }

    /// <summary>A tensor of uniform draws in [low, high).</summary>
    public static Tensor Uniform(Rng rng, float low, float high, params int[] shape)
    {
        var t = new Tensor(shape);
        for (int i = 0; i < t.Size; i++) t[i] = (float)rng.Uniform(low, high);
        return t;
    }
}
