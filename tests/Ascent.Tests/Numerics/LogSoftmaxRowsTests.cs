using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Tests.Numerics;

/// <summary>The shared log-softmax kernel: exact to float precision, and each row's result independent of the batch around it.</summary>
public class LogSoftmaxRowsTests
{
    [Theory]
    [InlineData(2)] [InlineData(3)] [InlineData(5)] [InlineData(17)]
    public void EachRow_IsBitIdentical_WhateverTheNumberOfRows_AndMatchesDoublePrecision(int cols)
    {
        const int rows = 300;
        var x = new float[rows * cols];
        new Rng(11).Normal(x);
        for (int i = 0; i < x.Length; i += 7) x[i] *= 30f;                          // some rows far from uniform
        var y = new float[x.Length]; var p = new float[x.Length]; var scratch = new float[rows];
        LogSoftmaxRows.Compute(x, rows, cols, y, p, scratch);
        var ySmall = new float[16 * cols]; var pSmall = new float[16 * cols]; var scratchSmall = new float[LogSoftmaxRows.MinimumSpan];
        foreach (int group in new[] { 1, 2, 4, 9, 16 })
            for (int start = 0; start + group <= rows; start += group)
            {
                LogSoftmaxRows.Compute(x.AsSpan(start * cols, group * cols), group, cols, ySmall, pSmall, scratchSmall);
                for (int i = 0; i < group * cols; i++)
                {
                    Assert.Equal(y[start * cols + i], ySmall[i]);
                    Assert.Equal(p[start * cols + i], pSmall[i]);
                }
            }
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int j = 0; j < cols; j++) max = Math.Max(max, x[r * cols + j]);
            for (int j = 0; j < cols; j++) sum += Math.Exp(x[r * cols + j] - max);
            for (int j = 0; j < cols; j++)
            {
                double exact = x[r * cols + j] - max - Math.Log(sum);
                Assert.Equal(exact, y[r * cols + j], 1e-5 * Math.Max(1, Math.Abs(exact)));
                Assert.Equal(Math.Exp(exact), p[r * cols + j], 1e-6);
            }
        }
    }

    [Fact]
    public void ShortScratch_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => LogSoftmaxRows.Compute(new float[4], 2, 2, new float[4], new float[4], new float[8]));
        Assert.Contains("LogSoftmaxRows", ex.Message);
    }
}
