using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// Sums down the columns of a row-major matrix into an accumulator, <c>acc[j] += Σ_r x[r, j]</c>: a bias's gradient
/// (the sum of the output gradient over the batch) and the backward pass of every row broadcast.
/// </summary>
/// <remarks>
/// Each column is summed in row order starting from its accumulator, exactly as adding the rows one after another
/// does, so the result is bit for bit that of the row-by-row loop; but a block of columns stays in registers across
/// all rows, so a <c>[128, 64]</c> gradient costs one pass instead of 128 short calls.
/// </remarks>
internal static class ColumnSums
{
    /// <summary>Adds the <paramref name="rows"/> rows of <paramref name="x"/> (each <c>acc.Length</c> long, contiguous) to <paramref name="acc"/>.</summary>
    public static void Accumulate(ReadOnlySpan<float> x, int rows, Span<float> acc)
    {
        int n = acc.Length;
        if (rows < 0 || (long)rows * n > x.Length)
            throw new ArgumentException($"ColumnSums.Accumulate: {rows} rows of {n} need {(long)rows * n} values, the matrix holds {x.Length}.");
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float ar = ref MemoryMarshal.GetReference(acc);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 64 <= n; j += 64) Block4(ref xr, rows, n, ref ar, j);
            for (; j + 16 <= n; j += 16)
            {
                var s = Vector512.LoadUnsafe(ref ar, (nuint)j);
                for (int r = 0; r < rows; r++) s += Vector512.LoadUnsafe(ref xr, (nuint)((nint)r * n + j));
                s.StoreUnsafe(ref ar, (nuint)j);
            }
        }
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= n; j += 8)
            {
                var s = Vector256.LoadUnsafe(ref ar, (nuint)j);
                for (int r = 0; r < rows; r++) s += Vector256.LoadUnsafe(ref xr, (nuint)((nint)r * n + j));
                s.StoreUnsafe(ref ar, (nuint)j);
            }
        for (; j < n; j++)
        {
            float s = Unsafe.Add(ref ar, j);
            for (int r = 0; r < rows; r++) s += Unsafe.Add(ref xr, (nint)r * n + j);
            Unsafe.Add(ref ar, j) = s;
        }
    }

    /// <summary>Four 16-wide columns blocks at once (independent chains, so the additions overlap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4(ref float xr, int rows, int n, ref float ar, int j)
    {
        var s0 = Vector512.LoadUnsafe(ref ar, (nuint)j);
        var s1 = Vector512.LoadUnsafe(ref ar, (nuint)(j + 16));
        var s2 = Vector512.LoadUnsafe(ref ar, (nuint)(j + 32));
        var s3 = Vector512.LoadUnsafe(ref ar, (nuint)(j + 48));
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref xr, (nint)r * n + j);
            s0 += Vector512.LoadUnsafe(ref row);
            s1 += Vector512.LoadUnsafe(ref row, 16);
            s2 += Vector512.LoadUnsafe(ref row, 32);
            s3 += Vector512.LoadUnsafe(ref row, 48);
        }
        s0.StoreUnsafe(ref ar, (nuint)j);
        s1.StoreUnsafe(ref ar, (nuint)(j + 16));
        s2.StoreUnsafe(ref ar, (nuint)(j + 32));
        s3.StoreUnsafe(ref ar, (nuint)(j + 48));
    }
}
