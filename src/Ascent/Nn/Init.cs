using Ascent.Numerics;

namespace Ascent.Nn;

/// <summary>Weight initialisation.</summary>
public static class Init
{
    /// <summary>
    /// Fills a rank-2 <c>[in, out]</c> weight with a random orthogonal matrix times <paramref name="gain"/>
    /// (Saxe et al. 2014): its columns are orthonormal when <c>in ≥ out</c>, its rows when <c>in &lt; out</c>.
    /// </summary>
    /// <remarks>
    /// A Gaussian matrix <c>A</c> of the taller shape is factored <c>A = QR</c> and the sign of each column of
    /// <c>Q</c> is fixed so that <c>diag(R) &gt; 0</c>; that makes <c>Q</c> uniformly (Haar) distributed.
    /// Gram–Schmidt produces exactly that <c>Q</c> (its <c>R</c> has a positive diagonal by construction); it runs
    /// in double precision with a second orthogonalisation pass, which keeps <c>QᵀQ = I</c> to ~1e-15.
    /// PPO uses gain √2 for hidden layers, 0.01 for the policy head and 1 for the value head.
    /// </remarks>
    public static void Orthogonal(Tensor weight, float gain, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(rng);
        if (weight.Rank != 2) throw new ArgumentException($"Init.Orthogonal: expects a rank-2 [in, out] weight, got {weight.ShapeString}.", nameof(weight));
        if (!float.IsFinite(gain)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "Init.Orthogonal: gain must be finite.");
        int rows = weight.Dim(0), cols = weight.Dim(1);
        int n = Math.Max(rows, cols), m = Math.Min(rows, cols);
        if (m == 0) return;
        // q holds m column vectors of length n, column-major (q[j * n + i] is entry i of column j).
        var q = new double[n * m];
        rng.Normal(q);
        for (int j = 0; j < m; j++)
        {
            var col = q.AsSpan(j * n, n);
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < j; k++)
                {
                    var prev = q.AsSpan(k * n, n);
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += prev[i] * col[i];
                    for (int i = 0; i < n; i++) col[i] -= dot * prev[i];
                }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += col[i] * col[i];
            norm = Math.Sqrt(norm);
            if (!(norm > 1e-10)) throw new InvalidOperationException("Init.Orthogonal: the random matrix was numerically singular; try another seed.");
            for (int i = 0; i < n; i++) col[i] /= norm;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                weight[r, c] = gain * (float)(rows >= cols ? q[c * n + r] : q[r * n + c]);
    }
}
