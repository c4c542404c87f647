using Ascent.Algorithms.TrustRegion;
using Ascent.Autodiff;
using Ascent.Distributions;
using Ascent.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Ascent.Tests.Algorithms.TrustRegion;

public class ConjugateGradientTests
{
    private static double Norm(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (float x in v) s += (double)x * x;
        return Math.Sqrt(s);
    }

    /// <summary>A random symmetric positive-definite matrix MᵀM/n + shift·I.</summary>
    private static double[,] RandomSpd(Rng rng, int n, double shift)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i, j] = rng.Normal();
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += m[k, i] * m[k, j];
                a[i, j] = s / n + (i == j ? shift : 0);
            }
        return a;
    }

    private static LinearOperator Times(double[,] a) => (v, result) =>
    {
        int n = v.Length;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i, j] * v[j];
            result[i] = (float)s;
        }
    };

    [Fact]
    public void Solve_ConvergesOnASymmetricPositiveDefiniteMatrix_AndStopsEarlyAtTheTolerance()
    {
        var rng = new Rng(1);
        const int n = 20;
        var a = RandomSpd(rng, n, 0.5);
        var b = new float[n];
        rng.Normal(b);
        var x = new float[n];
        var cg = new ConjugateGradient(n);

        var full = cg.Solve(Times(a), b, x, maxIterations: 60, tolerance: 1e-6);
        var ax = new float[n];
        Times(a)(x, ax);
        double residual = Norm(ax.Select((v, i) => v - b[i]).ToArray()) / Norm(b);
        Assert.True(residual <= 1e-5, $"‖Ax − b‖/‖b‖ = {residual:G3}");
        Assert.True(full.Converged);
        Assert.True(full.Iterations <= 2 * n, $"{full.Iterations} iterations");
        var exact = Matrix<double>.Build.DenseOfArray(a).Solve(Vector<double>.Build.Dense(b.Select(v => (double)v).ToArray()));
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(x[i] - exact[i]) <= 1e-4 * exact.AbsoluteMaximum(), $"x[{i}] = {x[i]}, exact {exact[i]}");

        var loose = cg.Solve(Times(a), b, x, maxIterations: 60, tolerance: 1e-1);
        Assert.True(loose.Converged);
        Assert.True(loose.Iterations < full.Iterations);
        Assert.True(loose.RelativeResidual <= 1e-1);

        var capped = cg.Solve(Times(a), b, x, maxIterations: 3, tolerance: 0);
        Assert.Equal(3, capped.Iterations);
        Assert.False(capped.Converged);
    }

    [Fact]
    public void Solve_HandlesAZeroRightHandSide_AndStopsOnANonPositiveDirection()
    {
        var cg = new ConjugateGradient(4);
        var x = new float[] { 9, 9, 9, 9 };
        var zero = cg.Solve((v, r) => v.CopyTo(r), new float[4], x, 10, 1e-8);
        Assert.True(zero.Converged);
        Assert.Equal(0, zero.Iterations);
        Assert.All(x, v => Assert.Equal(0f, v));

        var negative = cg.Solve((v, r) => { for (int i = 0; i < v.Length; i++) r[i] = -v[i]; }, [1, 2, 3, 4], x, 10, 1e-8);
        Assert.False(negative.Converged);
        Assert.Equal(1, negative.Iterations);
        Assert.All(x, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Solve_RejectsBadArguments_AndAllocatesNothing()
    {
        var cg = new ConjugateGradient(3);
        LinearOperator identity = (v, r) => v.CopyTo(r);
        var x = new float[3];
        float[] b = [1, 2, 3];
        Assert.Contains("maxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => cg.Solve(identity, b, x, 0, 1e-6)).Message);
        Assert.Contains("tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => cg.Solve(identity, b, x, 5, -1)).Message);
        Assert.Throws<ArgumentException>(() => cg.Solve(identity, new float[2], x, 5, 1e-6));
        Assert.Throws<ArgumentException>(() => cg.Solve(identity, [float.NaN, 0, 0], x, 5, 1e-6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConjugateGradient(0));

        cg.Solve(identity, b, x, 5, 1e-6);
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 10; i++) cg.Solve(identity, b, x, 5, 0); }));
        Assert.Equal(b, x);
    }

    /// <summary>
    /// On a small MLP policy, CG solves (F + λI) x = g — g the gradient of the importance-sampled surrogate — to 1e-4
    /// relative residual, checked with a fresh Fisher-vector product and against a dense double-precision solve of the
    /// matrix built column by column from F·eᵢ.
    /// </summary>
    [Theory]
    [InlineData(false, 0.1)] [InlineData(false, 0.01)] [InlineData(true, 0.1)] [InlineData(true, 0.01)]
    public void Solve_SolvesTheFisherSystemOfASmallMlpPolicy(bool gaussian, double damping)
    {
        var rng = new Rng(gaussian ? 7UL : 8UL);
        var policy = new MlpTestPolicy(rng, observations: 3, hidden: 8, actions: gaussian ? 2 : 4, gaussian);
        var (observations, actions, advantages, oldLogProbs) = policy.RandomBatch(rng, 32);
        var parameters = policy.Parameters;
        int n = parameters.Size;

        var tape = new Tape();
        var d = policy.Forward(tape, tape.Input(observations));
        var surrogate = tape.Mean(tape.Mul(tape.Exp(tape.Sub(d.LogProb(actions), tape.Input(oldLogProbs))), tape.Input(advantages)));
        parameters.ZeroGrad();
        tape.Backward(surrogate);
        var g = new float[n];
        parameters.CopyGradientsTo(g);

        var fisher = FisherVectorProduct.Create(parameters, t => policy.Forward(t, t.Input(observations)), (float)damping);
        var x = new float[n];
        var result = new ConjugateGradient(n).Solve(fisher.Apply, g, x, maxIterations: 4 * n, tolerance: 1e-6);
        var fx = new float[n];
        fisher.Apply(x, fx);
        double residual = Norm(fx.Select((v, i) => v - g[i]).ToArray()) / Norm(g);
        Assert.True(residual <= 1e-4, $"‖(F + λI)x − g‖/‖g‖ = {residual:G3} after {result.Iterations} iterations (tracked {result.RelativeResidual:G3})");

        // The dense matrix, column i = (F + λI)eᵢ, solved in double.
        var dense = Matrix<double>.Build.Dense(n, n);
        var e = new float[n]; var column = new float[n];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(e); e[i] = 1;
            fisher.Apply(e, column);
            for (int j = 0; j < n; j++) dense[j, i] = column[j];
        }
        var exact = dense.Solve(Vector<double>.Build.Dense(g.Select(v => (double)v).ToArray()));
        double error = Math.Sqrt(Enumerable.Range(0, n).Sum(i => Math.Pow(x[i] - exact[i], 2))) / exact.L2Norm();
        Assert.True(error <= 2e-4, $"‖x − x_dense‖/‖x_dense‖ = {error:G3}");
    }
}
