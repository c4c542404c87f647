using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Tests.Numerics;

/// <summary>The hidden layers' tanh: accurate to a few ulps, bounded, odd, and independent of the element's position.</summary>
public class FastTanhTests
{
    [Fact]
    public void IsWithinThreeTenMillionthsRelative_OverTheWholeRange()
    {
        var x = new float[200_001];
        for (int i = 0; i < x.Length; i++) x[i] = -12f + 24f * i / (x.Length - 1);
        x[100_000] = 0f;
        var y = new float[x.Length];
        FastTanh.Apply(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Tanh(x[i]);
            Assert.True(Math.Abs(y[i] - exact) <= 3e-7 * Math.Abs(exact) + 1e-38, $"tanh({x[i]:R}) = {y[i]:R}, exact {exact:R}");
            Assert.InRange(y[i], -1f, 1f);
        }
        Assert.Equal(0f, y[100_000]);
        float[] tiny = [1e-30f, -3e-8f, 1e-4f];
        var t = new float[3];
        FastTanh.Apply(tiny, t);
        for (int i = 0; i < 3; i++) Assert.Equal(tiny[i], t[i], 1e-6f * Math.Abs(tiny[i]));
    }

    [Fact]
    public void GivesTheSameBits_InTheVectorAndScalarParts()
    {
        var rng = new Ascent.Numerics.Rng(3);
        var x = new float[53];                                  // 3 × 16 + 5: vector body and scalar tail
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.Normal(0, 2);
        var y = new float[x.Length];
        FastTanh.Apply(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(FastTanh.Of(x[i]), y[i]);
            var single = new float[1];
            FastTanh.Apply([x[i]], single);
            Assert.Equal(y[i], single[0]);
            Assert.Equal(-y[i], FastTanh.Of(-x[i]));            // odd
        }
    }

    [Fact]
    public void TheGradient_IsOneMinusTheSquare()
    {
        float[] y = [0.5f, -0.9f, 0f, 1f], g = [2f, 1f, -3f, 5f], gx = [1f, 1f, 1f, 1f];
        FastTanh.Gradient(y, g, gx, accumulate: true);
        Assert.Equal([1f + 2f * 0.75f, 1f + 0.19f, 1f - 3f, 1f], gx, (a, b) => Math.Abs(a - b) < 1e-6f);
        FastTanh.Gradient(y, g, gx, accumulate: false);                                 // the first writer: no zeroing needed
        Assert.Equal([2f * 0.75f, 0.19f, -3f, 0f], gx, (a, b) => Math.Abs(a - b) < 1e-6f);
        var big = new float[37]; var gBig = new float[37]; var accumulated = new float[37]; var written = new float[37];
        new Rng(2).Normal(big); new Rng(3).Normal(gBig);
        FastTanh.Apply(big, big);
        written.AsSpan().Fill(float.NaN);                                               // overwritten, never read
        FastTanh.Gradient(big, gBig, accumulated, accumulate: true);
        FastTanh.Gradient(big, gBig, written, accumulate: false);
        Assert.Equal(accumulated, written);
    }
}
