using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Tests.Numerics;

/// <summary>The bias broadcast: every row equals the given row exactly, and nothing past the last row is touched.</summary>
public class RowBroadcastTests
{
    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(8)] [InlineData(16)] [InlineData(37)] [InlineData(64)] [InlineData(80)]
    public void EveryRow_EqualsTheRow(int width)
    {
        var row = new float[width];
        new Rng((ulong)width).Normal(row);
        foreach (int rows in new[] { 0, 1, 5, 7, 128 })
        {
            var y = new float[rows * width + 3];
            y.AsSpan().Fill(float.NaN);
            RowBroadcast.Fill(row, y, rows);
            for (int r = 0; r < rows; r++) Assert.Equal(row, y.AsSpan(r * width, width).ToArray());
            Assert.All(y[(rows * width)..], v => Assert.True(float.IsNaN(v)));
        }
    }

    [Fact]
    public void AShortDestination_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => RowBroadcast.Fill(new float[4], new float[7], 2));
        Assert.Contains("RowBroadcast", ex.Message);
    }
}
