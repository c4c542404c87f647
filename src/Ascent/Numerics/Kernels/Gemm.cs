using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// Single-threaded, allocation-free after a thread's first call at a given size, and safe to call from
/// several threads at once (packing buffers are per thread). Uses AVX-512 or AVX2+FMA kernels when the CPU has
/// them (see <c>docs/performance.md</c>).
/// </remarks>
public static partial class Gemm
{
    /// <summary>Computes <c>C = alpha · op(A) · op(B) + beta · C</c>.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
        => SgemmOn(GemmPath.Auto, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>The fastest path this CPU supports.</summary>
    internal static GemmPath BestPath { get; } =
        Avx512F.IsSupported ? GemmPath.Vector512
        : Avx2.IsSupported && Fma.IsSupported ? GemmPath.Vector256
        : GemmPath.Scalar;

    /// <summary>
    /// <see cref="Sgemm"/>
    /// on a chosen instruction set, so tests and benchmarks can exercise every path on one machine.
    /// </summary>
    internal static unsafe void SgemmOn(GemmPath path, bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (path == GemmPath.Auto) path = BestPath;
        else if (!IsSupported(path)) throw new PlatformNotSupportedException($"Gemm.Sgemm: path {path} is not supported by this CPU (best is {BestPath}).");
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            // Nothing to add: C = beta·C (BLAS semantics: beta = 0 overwrites, even NaN).
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * ldc, n);
                if (beta == 0f) row.Clear();
                else if (beta != 1f) TensorPrimitives.Multiply(row, beta, row);
            }
            return;
        }
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            switch (path)
            {
                case GemmPath.Vector512:
                    GemmDriver<Simd512, Vector512<float>>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                    break;
                case GemmPath.Vector256:
                    GemmDriver<Simd256, Vector256<float>>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                    break;
                default:
                    GemmDriver<SimdScalar, float>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                    break;
            }
        }
    }

    /// <summary>Whether this CPU can run <paramref name="path"/>.</summary>
    internal static bool IsSupported(GemmPath path) => path switch
    {
        GemmPath.Auto or GemmPath.Scalar => true,
        GemmPath.Vector256 => Avx2.IsSupported && Fma.IsSupported,
        GemmPath.Vector512 => Avx512F.IsSupported,
        _ => false,
    };

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
