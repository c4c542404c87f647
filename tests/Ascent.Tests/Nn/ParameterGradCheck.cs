using Ascent.Autodiff;
using Ascent.Nn;

namespace Ascent.Tests.Nn;

/// <summary>
/// Finite-difference check of parameter gradients through a <see cref="ParameterSet"/>'s flat view:
/// each value is perturbed by ±ε via <see cref="ParameterSet.CopyValuesFrom"/>, the scalar loss re-recorded,
/// and the central difference compared with the accumulated gradient (tolerances as in <c>GradCheck</c>).
/// </summary>
public static class ParameterGradCheck
{
    public static void Check(ParameterSet parameters, Func<Tape, Var> loss, float eps = 1e-2f, float atol = 2e-3f, float rtol = 1e-2f)
    {
        var tape = new Tape { CheckFinite = true };
        parameters.ZeroGrad();
        tape.Reset();
        tape.Backward(loss(tape));
        var analytic = new float[parameters.Size];
        parameters.CopyGradientsTo(analytic);

        var theta = new float[parameters.Size];
        parameters.CopyValuesTo(theta);
        double Eval()
        {
            parameters.CopyValuesFrom(theta);
            tape.Reset();
            return loss(tape).Value[0];
        }
        for (int i = 0; i < theta.Length; i++)
        {
            float orig = theta[i];
            theta[i] = orig + eps; double lp = Eval();
            theta[i] = orig - eps; double lm = Eval();
            theta[i] = orig;
            double numeric = (lp - lm) / (2 * eps);
            double tol = atol + rtol * Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric));
            Assert.True(Math.Abs(analytic[i] - numeric) <= tol,
                $"parameter gradient at flat index {i}: analytic {analytic[i]:G6}, numeric {numeric:G6} (tol {tol:G3})");
        }
        parameters.CopyValuesFrom(theta);
    }
}
