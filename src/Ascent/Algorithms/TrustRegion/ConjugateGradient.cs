namespace Ascent.Algorithms.TrustRegion;

/// <summary>
/// The conjugate-gradient method for A x = b with A symmetric positive definite and known only through products
/// A·v: how TRPO and the natural policy gradient compute F⁻¹g without forming the Fisher matrix F (seed 004).
/// </summary>
/// <remarks>
/// <para>From x₀ = 0, r₀ = p₀ = b, each iteration takes one product and moves along a direction A-conjugate to all
/// previous ones:</para>
/// <code>
/// α = rᵀr / pᵀAp;   x ← x + αp;   r ← r − αAp;   β = r'ᵀr' / rᵀr;   p ← r + βp
/// </code>
/// <para>In exact arithmetic it solves an n-dimensional system in at most n iterations; TRPO stops after about 10,
/// which already gives a good step because CG first resolves the directions with the largest curvature. It stops
/// early once ‖r‖ ≤ tolerance·‖b‖, and also if pᵀAp ≤ 0 (A is not positive definite along p, e.g. an undamped
/// singular Fisher matrix), returning the iterate reached so far.</para>
/// <para>Vectors are float32; dot products are accumulated in double. The buffers r, p and A·p are allocated once
/// for the size: <see cref="Solve"/> allocates nothing.</para>
/// </remarks>
public sealed class ConjugateGradient
{
    private readonly float[] _residual, _direction, _product;

    /// <summary>Creates a solver for systems of <paramref name="size"/> unknowns (≥ 1).</summary>
    public ConjugateGradient(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, $"ConjugateGradient: size = {size} is outside the allowed range [1, {int.MaxValue}].");
        _residual = new float[size];
        _direction = new float[size];
        _product = new float[size];
    }

    /// <summary>The number of unknowns.</summary>
    public int Size => _residual.Length;

    /// <summary>
    /// Solves A x = <paramref name="b"/> approximately, writing x into <paramref name="x"/> (overwritten; the start is 0).
    /// </summary>
    /// <param name="apply">The product v ↦ A v.</param>
    /// <param name="b">The right-hand side.</param>
    /// <param name="x">Receives the solution.</param>
    /// <param name="maxIterations">At most this many products, ≥ 1.</param>
    /// <param name="tolerance">Stop once ‖b − A x‖ ≤ tolerance·‖b‖, ≥ 0 (0: run all iterations unless the residual vanishes).</param>
    public ConjugateGradientResult Solve(LinearOperator apply, ReadOnlySpan<float> b, Span<float> x, int maxIterations, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(apply);
        if (b.Length != Size || x.Length != Size)
            throw new ArgumentException($"ConjugateGradient.Solve: b has {b.Length} and x {x.Length} values; the solver was created for {Size}.");
        if (maxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, $"ConjugateGradient.Solve: maxIterations = {maxIterations} is outside the allowed range [1, {int.MaxValue}].");
        if (!(tolerance >= 0) || double.IsPositiveInfinity(tolerance))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"ConjugateGradient.Solve: tolerance = {tolerance} is outside the allowed range [0, ∞).");

        Span<float> r = _residual, p = _direction, ap = _product;
        x.Clear();
        b.CopyTo(r);
        b.CopyTo(p);
        double rr = Dot(r, r);
        double bNorm = Math.Sqrt(rr);
        if (!double.IsFinite(bNorm)) throw new ArgumentException("ConjugateGradient.Solve: the right-hand side b contains NaN or ±∞.", nameof(b));
        double stop = tolerance * bNorm;
        int iterations = 0;
        bool converged = bNorm == 0;
        while (!converged && iterations < maxIterations)
        {
            apply(p, ap);
            iterations++;
            double pAp = Dot(p, ap);
            if (!(pAp > 0)) break;                                     // not positive definite along p (or NaN): keep x
            float alpha = (float)(rr / pAp);
            TensorPrimitives.MultiplyAdd(p, alpha, x, x);              // x ← x + αp
            TensorPrimitives.MultiplyAdd(ap, -alpha, r, r);            // r ← r − αAp
            double rrNext = Dot(r, r);
            converged = Math.Sqrt(rrNext) <= stop;
            TensorPrimitives.MultiplyAdd(p, (float)(rrNext / rr), r, p); // p ← r + βp
            rr = rrNext;
        }
        double residual = Math.Sqrt(rr);
        return new ConjugateGradientResult(iterations, residual, bNorm == 0 ? 0 : residual / bNorm, converged);
    }

    /// <summary>xᵀy accumulated in double: SIMD float dot products over blocks of 1024, summed in double.</summary>
    internal static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        const int Block = 1024;
        double sum = 0;
        for (int i = 0; i < x.Length; i += Block)
        {
            int n = Math.Min(Block, x.Length - i);
            sum += TensorPrimitives.Dot(x.Slice(i, n), y.Slice(i, n));
        }
        return sum;
    }
}
