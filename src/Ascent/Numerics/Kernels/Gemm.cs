namespace Ascent.Numerics.Kernels;

/// <summary>
/// Single-precision general matrix multiply, row-major, in the shape of CBLAS <c>cblas_sgemm</c>:
/// <c>C = alpha · op(A) · op(B) + beta · C</c> with <c>op(X) = X</c> or <c>Xᵀ</c>.
/// </summary>
/// <remarks>
/// <c>op(A)</c> is <c>m × k</c> and <c>op(B)</c> is <c>k × n</c>; <c>lda</c>, <c>ldb</c>,
/// <c>ldc</c> are the row strides of the stored (untransposed) matrices.
/// A network's forward pass uses NN (<c>X·W</c>), its backward pass NT (<c>dY·Wᵀ</c>) and TN (<c>Xᵀ·dY</c>).
/// When <c>beta</c> is 0, C is overwritten (NaNs in C do not propagate), as in BLAS.
/// </remarks>
public static partial class Gemm
{
    /// <summary>Computes <c>C = alpha · op(A) · op(B) + beta · C</c>.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        // Reference implementation: the optimised kernels replace this body behind the same contract.
        for (int i = 0; i < m; i++)
        {
            var crow = c.Slice(i * ldc, n);
            if (beta == 0f) crow.Clear();
            else if (beta != 1f) for (int j = 0; j < n; j++) crow[j] *= beta;
            for (int p = 0; p < k; p++)
            {
                float aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                if (aip == 0f) continue;
                if (!transB)
                {
                    var brow = b.Slice(p * ldb, n);
                    for (int j = 0; j < n; j++) crow[j] += aip * brow[j];
                }
                else
                {
                    for (int j = 0; j < n; j++) crow[j] += aip * b[j * ldb + p];
                }
            }
        }
    }

    internal static void Validate(bool transA, bool transB, int m, int n, int k, int aLen, int lda, int bLen, int ldb, int cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Gemm.Sgemm: dimensions must be non-negative, got m={m}, n={n}, k={k}.");
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        if (lda < Math.Max(1, aCols)) throw new ArgumentException($"Gemm.Sgemm: lda={lda} is smaller than A's row length {aCols}.");
        if (ldb < Math.Max(1, bCols)) throw new ArgumentException($"Gemm.Sgemm: ldb={ldb} is smaller than B's row length {bCols}.");
        if (ldc < Math.Max(1, n)) throw new ArgumentException($"Gemm.Sgemm: ldc={ldc} is smaller than C's row length {n}.");
        if (aRows > 0 && aCols > 0 && (long)(aRows - 1) * lda + aCols > aLen) throw new ArgumentException($"Gemm.Sgemm: A holds {aLen} elements, needs {(long)(aRows - 1) * lda + aCols} for a {aRows}×{aCols} matrix with lda={lda}.");
        if (bRows > 0 && bCols > 0 && (long)(bRows - 1) * ldb + bCols > bLen) throw new ArgumentException($"Gemm.Sgemm: B holds {bLen} elements, needs {(long)(bRows - 1) * ldb + bCols} for a {bRows}×{bCols} matrix with ldb={ldb}.");
        if (m > 0 && n > 0 && (long)(m - 1) * ldc + n > cLen) throw new ArgumentException($"Gemm.Sgemm: C holds {cLen} elements, needs {(long)(m - 1) * ldc + n} for a {m}×{n} matrix with ldc={ldc}.");
    }
}
