namespace Ascent.Numerics.Kernels;

/// <summary>
/// Log-softmax along the rows of a row-major <c>[R, C]</c> matrix, <c>y = (x − max) − log Σ e^(x − max)</c>, with the
/// probabilities <c>p = softmax(x)</c>: the forward pass of <c>Tape.LogSoftmax</c> and the rollout's log-probabilities.
/// </summary>
/// <remarks>
/// <para><b>Batch-independent.</b> A row's result depends on that row alone, bit for bit, whatever the number of rows:
/// the exponentials and the logarithms of the row sums go through <c>TensorPrimitives</c> on spans of at least
/// <see cref="MinimumSpan"/> values (short inputs are padded in a scratch buffer), so every value takes the widest
/// vector path, never the scalar tail, whose <c>MathF</c> results can differ in the last bit. So the rollout's
/// <c>log π_θold(a|s)</c> for a few environments equals the tape's value for a minibatch of 128, and PPO's ratio starts
/// at exactly 1 without re-evaluating the old policy.</para>
/// <para><b>Vectorised.</b> One exponential pass over the matrix and one logarithm pass over the row sums (instead of a
/// <c>MathF.Log</c> call per row); rows of up to 15 entries are shifted and summed in scalar loops (a few actions).</para>
/// </remarks>
internal static class LogSoftmaxRows
{
    /// <summary>The shortest span handed to <c>TensorPrimitives</c>: four 512-bit vectors, so the widest path always runs.</summary>
    internal const int MinimumSpan = 64;

    /// <summary>Rows shorter than this are reduced with scalar loops.</summary>
    private const int ShortRow = 16;

    /// <summary>Writes the log-softmax of the <paramref name="rows"/> rows of <paramref name="x"/> into <paramref name="y"/> and softmax into <paramref name="p"/>; <paramref name="logSums"/> is scratch of at least <c>max(rows, </c><see cref="MinimumSpan"/><c>)</c>.</summary>
    public static void Compute(ReadOnlySpan<float> x, int rows, int cols, Span<float> y, Span<float> p, Span<float> logSums)
    {
        int n = rows * cols;
        if (rows < 1 || cols < 1 || x.Length < n || y.Length < n || p.Length < n || logSums.Length < Math.Max(rows, MinimumSpan))
            throw new ArgumentException($"LogSoftmaxRows: {rows} rows × {cols} need {n} values and {Math.Max(rows, MinimumSpan)} scratch; got x {x.Length}, y {y.Length}, p {p.Length}, scratch {logSums.Length}.");
        // 1. Shift each row by its maximum (no e^x overflows).
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            float max = Max(xr);
            for (int j = 0; j < cols; j++) yr[j] = xr[j] - max;
        }
        // 2. e^(x − max), then the row sums.
        Exp(y[..n], p[..n]);
        var sums = logSums[..Math.Max(rows, MinimumSpan)];
        for (int r = 0; r < rows; r++) sums[r] = Sum(p.Slice(r * cols, cols));
        sums[rows..].Fill(1f);
        // 3. Normalise p; y = (x − max) − log Σ (subtracting the small log Σ from the shifted logits keeps full precision).
        for (int r = 0; r < rows; r++)
        {
            float inverse = 1f / sums[r];
            var pr = p.Slice(r * cols, cols);
            for (int j = 0; j < cols; j++) pr[j] *= inverse;
        }
        TensorPrimitives.Log(sums, sums);
        for (int r = 0; r < rows; r++)
        {
            float logSum = sums[r];
            var yr = y.Slice(r * cols, cols);
            for (int j = 0; j < cols; j++) yr[j] -= logSum;
        }
    }

    /// <summary><c>e^x</c> element-wise, through a padded scratch when the span is shorter than <see cref="MinimumSpan"/>.</summary>
    private static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length >= MinimumSpan) { TensorPrimitives.Exp(x, y); return; }
        Span<float> padded = stackalloc float[MinimumSpan];
        padded.Clear();
        x.CopyTo(padded);
        TensorPrimitives.Exp(padded, padded);
        padded[..x.Length].CopyTo(y);
    }

    /// <summary>The largest entry of a row (scalar for short rows: TensorPrimitives' per-call overhead dominates for a few actions).</summary>
    internal static float Max(ReadOnlySpan<float> row)
    {
        if (row.Length >= ShortRow) return TensorPrimitives.Max(row);
        float m = row[0];
        for (int j = 1; j < row.Length; j++) m = MathF.Max(m, row[j]);
        return m;
    }

    /// <summary>The sum of a row, in order for short rows.</summary>
    internal static float Sum(ReadOnlySpan<float> row)
    {
        if (row.Length >= ShortRow) return TensorPrimitives.Sum<float>(row);
        float s = 0f;
        for (int j = 0; j < row.Length; j++) s += row[j];
        return s;
    }
}
