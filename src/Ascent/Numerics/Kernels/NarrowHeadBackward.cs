using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// The backward pass of a narrow layer <c>Y = X·W</c> (<c>X</c> <c>[m, k]</c>, <c>W</c> <c>[k, n]</c>, n ≤ 4: a policy's
/// logits or a value head), written directly instead of as two GEMM calls: <c>dW += Xᵀ·dY</c> and <c>dX += dY·Wᵀ</c>.
/// </summary>
/// <remarks>
/// With n ≤ 4 each GEMM has a dimension of one to four, where the general blocked GEMM spends more on dispatch, packing
/// and partial tiles than on arithmetic (about 1/20 of a hidden layer's work took about 1/5 of its time). Here k runs
/// along 16-lane vectors and the n columns are broadcasts: <c>dW</c> keeps <c>n</c> accumulators per 16 rows of W across
/// the batch, <c>dX</c> adds <c>n</c> fused multiply-adds per 16 entries of each row. Each entry is accumulated over the
/// batch (dW) or over the n columns (dX) in index order.
/// </remarks>
[SkipLocalsInit]
internal static class NarrowHeadBackward
{
    /// <summary>Widest output handled here.</summary>
    public const int MaxColumns = 4;

    /// <summary>Whether this kernel handles a layer of <paramref name="k"/> inputs and <paramref name="n"/> outputs on this CPU.</summary>
    public static bool Handles(int k, int n) => Vector512.IsHardwareAccelerated && n >= 1 && n <= MaxColumns && k % 16 == 0 && k > 0 && k <= 1024;

    /// <summary><c>gw[p, j] += Σ_r x[r, p] · g[r, j]</c> for <c>x</c> <c>[m, k]</c>, <c>g</c> <c>[m, n]</c>, <c>gw</c> <c>[k, n]</c>.</summary>
    public static void WeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> gw, int m, int k, int n)
    {
        Check(x.Length >= m * k && g.Length >= m * n && gw.Length >= k * n, m, k, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(g);
        Span<float> column = stackalloc float[16];
        for (int p = 0; p < k; p += 16)
        {
            var a0 = Vector512<float>.Zero; var a1 = a0; var a2 = a0; var a3 = a0;
            for (int r = 0; r < m; r++)
            {
                var xv = Vector512.LoadUnsafe(ref xr, (nuint)(r * k + p));
                ref float gRow = ref Unsafe.Add(ref gr, r * n);
                a0 = Vector512.FusedMultiplyAdd(xv, Vector512.Create(gRow), a0);
                if (n > 1) a1 = Vector512.FusedMultiplyAdd(xv, Vector512.Create(Unsafe.Add(ref gRow, 1)), a1);
                if (n > 2) a2 = Vector512.FusedMultiplyAdd(xv, Vector512.Create(Unsafe.Add(ref gRow, 2)), a2);
                if (n > 3) a3 = Vector512.FusedMultiplyAdd(xv, Vector512.Create(Unsafe.Add(ref gRow, 3)), a3);
            }
            AddColumn(a0, gw, p, 0, n, column);
            if (n > 1) AddColumn(a1, gw, p, 1, n, column);
            if (n > 2) AddColumn(a2, gw, p, 2, n, column);
            if (n > 3) AddColumn(a3, gw, p, 3, n, column);
        }
    }

    /// <summary><c>gx[r, p] += Σ_j g[r, j] · w[p, j]</c> for <c>g</c> <c>[m, n]</c>, <c>w</c> <c>[k, n]</c>, <c>gx</c> <c>[m, k]</c> (<c>=</c> without <paramref name="accumulate"/>).</summary>
    public static void InputGradient(ReadOnlySpan<float> g, ReadOnlySpan<float> w, Span<float> gx, int m, int k, int n, bool accumulate = true)
    {
        Check(g.Length >= m * n && w.Length >= k * n && gx.Length >= m * k, m, k, n);
        // Wᵀ, so each of its n rows is read as contiguous vectors.
        Span<float> wt = stackalloc float[k * n];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++) wt[j * k + p] = w[p * n + j];
        ref float tr = ref MemoryMarshal.GetReference(wt);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float xr = ref MemoryMarshal.GetReference(gx);
        for (int r = 0; r < m; r++)
        {
            ref float gRow = ref Unsafe.Add(ref gr, r * n);
            var g0 = Vector512.Create(gRow);
            var g1 = n > 1 ? Vector512.Create(Unsafe.Add(ref gRow, 1)) : default;
            var g2 = n > 2 ? Vector512.Create(Unsafe.Add(ref gRow, 2)) : default;
            var g3 = n > 3 ? Vector512.Create(Unsafe.Add(ref gRow, 3)) : default;
            for (int p = 0; p < k; p += 16)
            {
                var s = Vector512.LoadUnsafe(ref tr, (nuint)p) * g0;
                if (n > 1) s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tr, (nuint)(k + p)), g1, s);
                if (n > 2) s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tr, (nuint)(2 * k + p)), g2, s);
                if (n > 3) s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tr, (nuint)(3 * k + p)), g3, s);
                nuint at = (nuint)(r * k + p);
                (accumulate ? Vector512.LoadUnsafe(ref xr, at) + s : s).StoreUnsafe(ref xr, at);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumn(Vector512<float> sums, Span<float> gw, int p, int j, int n, Span<float> column)
    {
        sums.CopyTo(column);
        for (int i = 0; i < 16; i++) gw[(p + i) * n + j] += column[i];
    }

    private static void Check(bool ok, int m, int k, int n)
    {
        if (!ok || !Handles(k, n) || m < 0)
            throw new ArgumentException($"NarrowHeadBackward: buffers too small or shape unsupported for m={m}, k={k}, n={n}.");
    }
}
