using Ascent.Autodiff;
using Ascent.Distributions;
using Ascent.Numerics;
using Ascent.Tests.Autodiff;

namespace Ascent.Tests.Distributions;

/// <summary>The lectures' analytic score functions ∇θ log π(a|s) against autodiff through the distributions.</summary>
public class ScoreFunctionTests
{
    [Fact]
    public void LinearSoftmaxPolicy_ScoreIsFeatureMinusExpectedFeature()
    {
        // π(a|s) ∝ exp(φ(s,a)ᵀθ)  ⇒  ∇θ log π(a|s) = φ(s,a) − Σ_b π(b|s) φ(s,b)
        const int states = 5, actions = 3, k = 4;
        var rng = new Rng(12);
        var phi = GradCheck.Random(rng, 1, 0, states * actions, k);       // row s·A + a is φ(s, a)
        var theta = new Parameter("theta", GradCheck.Random(rng, 0.7f, 0, k, 1));
        int[] taken = [2, 0, 1, 1, 2];
        var tape = new Tape();
        var logits = tape.Reshape(tape.MatMul(tape.Input(phi), tape.Param(theta)), states, actions);
        var logp = new Categorical(logits).LogProb(taken);
        for (int s = 0; s < states; s++)
        {
            theta.ZeroGrad();
            var seed = new Tensor(states); seed[s] = 1f;                    // ∇θ of log π(a_s|s) alone
            tape.Backward(logp, seed);
            var p = CategoricalTests.Softmax(logits.Value.Row(s));
            for (int j = 0; j < k; j++)
            {
                double expected = phi[s * actions + taken[s], j];
                for (int b = 0; b < actions; b++) expected -= p[b] * phi[s * actions + b, j];
                Assert.Equal(expected, theta.Grad[j], 5);
            }
        }
    }

    [Fact]
    public void LinearGaussianPolicy_ScoreIsResidualTimesFeatureOverVariance()
    {
        // a ~ N(φ(s)ᵀθ, σ²)  ⇒  ∇θ log π(a|s) = (a − μ(s)) φ(s) / σ²
        const int states = 6, k = 3;
        const float sigma = 0.6f;
        var rng = new Rng(13);
        var phi = GradCheck.Random(rng, 1, 0, states, k);
        var theta = new Parameter("theta", GradCheck.Random(rng, 1, 0, k, 1));
        var a = GradCheck.Random(rng, 1, 0, states, 1);
        var tape = new Tape();
        var mu = tape.MatMul(tape.Input(phi), tape.Param(theta));
        var logp = new DiagGaussian(mu, tape.Input(Tensor.Vector(MathF.Log(sigma)))).LogProb(a);
        for (int s = 0; s < states; s++)
        {
            theta.ZeroGrad();
            var seed = new Tensor(states); seed[s] = 1f;
            tape.Backward(logp, seed);
            double residual = a[s, 0] - mu.Value[s, 0];
            for (int j = 0; j < k; j++)
                Assert.Equal(residual * phi[s, j] / (sigma * sigma), theta.Grad[j], 4);
        }
    }
}
