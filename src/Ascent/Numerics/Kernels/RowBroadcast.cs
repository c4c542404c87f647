using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// Writes one row into every row of a row-major matrix, <c>y[r, j] = b[j]</c>: a layer's bias, laid into the output
/// before the GEMM adds <c>X·W</c> to it (β = 1).
/// </summary>
/// <remarks>
/// One <c>Span.CopyTo</c> per row costs about 5 ns of call overhead for 256 bytes of data, so a <c>[128, 64]</c> layer
/// spent 0.67 µs and a <c>[128, 2]</c> head 0.32 µs just laying down its bias. Rows of a multiple of 16 floats are
/// stored as whole vectors; rows of 1, 2, 4 or 8 floats tile a 16-float pattern over the matrix as if it were one long row.
/// The values written are the bias's, exactly.
/// </remarks>
internal static class RowBroadcast
{
    /// <summary>Copies <paramref name="row"/> into each of the first <paramref name="rows"/> rows of <paramref name="destination"/> (rows of <c>row.Length</c>, contiguous).</summary>
    public static void Fill(ReadOnlySpan<float> row, Span<float> destination, int rows)
    {
        int n = row.Length;
        if (rows < 0 || (long)rows * n > destination.Length)
            throw new ArgumentException($"RowBroadcast.Fill: {rows} rows of {n} need {(long)rows * n} values, the destination holds {destination.Length}.");
        if (n == 0 || rows == 0) return;
        ref float src = ref MemoryMarshal.GetReference(row);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        if (Vector512.IsHardwareAccelerated && n % 16 == 0)
        {
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < n; j += 16)
                    Vector512.LoadUnsafe(ref src, (nuint)j).StoreUnsafe(ref dst, (nuint)((nint)r * n + j));
            return;
        }
        if (Vector512.IsHardwareAccelerated && 16 % n == 0)
        {
            int total = rows * n, i = 0;
            var pattern = Pattern(ref src, n);
            for (; i + 16 <= total; i += 16) pattern.StoreUnsafe(ref dst, (nuint)i);
            for (; i < total; i++) Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i % n);
            return;
        }
        for (int r = 0; r < rows; r++) row.CopyTo(destination.Slice(r * n, n));
    }

    /// <summary>16 floats holding 16 / n copies of the n-float row.</summary>
    private static Vector512<float> Pattern(ref float src, int n)
    {
        Span<float> lanes = stackalloc float[16];
        for (int i = 0; i < 16; i++) lanes[i] = Unsafe.Add(ref src, i % n);
        return Vector512.Create<float>(lanes);
    }
}
