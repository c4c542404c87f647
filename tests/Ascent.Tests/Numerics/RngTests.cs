using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Ascent.Numerics;

namespace Ascent.Tests.Numerics;

public class RngTests
{
    private static IEnumerable<JsonElement> Seeds()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Path("gymnasium", "rng_pcg64.json")));
        return doc.RootElement.GetProperty("seeds").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static ulong U64(JsonElement e) => e.ValueKind == JsonValueKind.String ? ulong.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetUInt64();

    [Fact]
    public void SeedSequence_Pool_MatchesNumPy()
    {
        foreach (var s in Seeds())
        {
            ulong seed = U64(s.GetProperty("seed"));
            var pool = new uint[4];
            SeedSequence.Pool(seed, ReadOnlySpan<uint>.Empty, pool);
            var expected = s.GetProperty("seed_sequence_pool_uint32").EnumerateArray().Select(x => x.GetUInt32()).ToArray();
            Assert.Equal(expected, pool);
            var state = new ulong[4];
            SeedSequence.GenerateState(seed, ReadOnlySpan<uint>.Empty, state);
            Assert.Equal(s.GetProperty("generate_state_4_uint64").EnumerateArray().Select(U64).ToArray(), state);
        }
    }

    [Fact]
    public void Pcg64_StateStreamAndDoubles_MatchNumPy()
    {
        int checkedSeeds = 0;
        foreach (var s in Seeds())
        {
            var rng = new Rng(U64(s.GetProperty("seed")));
            var st = s.GetProperty("pcg64_state_after_seeding");
            var (state, inc) = rng.Pcg64State;
            Assert.Equal(BigInteger.Parse(st.GetProperty("state").GetString()!, CultureInfo.InvariantCulture), (BigInteger)state);
            Assert.Equal(BigInteger.Parse(st.GetProperty("inc").GetString()!, CultureInfo.InvariantCulture), (BigInteger)inc);
            foreach (var expected in s.GetProperty("first_8_uint64").EnumerateArray().Select(U64))
                Assert.Equal(expected, rng.NextUInt64());
            var rng2 = new Rng(U64(s.GetProperty("seed")));
            foreach (var expected in s.GetProperty("first_8_random_doubles").EnumerateArray().Select(x => x.GetDouble()))
                Assert.Equal(expected, rng2.NextDouble());
            checkedSeeds++;
        }
        Assert.True(checkedSeeds >= 3);
    }

    [Fact]
    public void Uniform_MatchesCartPoleResetDraws()
    {
        foreach (var s in Seeds())
        {
            if (!s.TryGetProperty("uniform(-0.05,0.05,size=4) (CartPole reset)", out var draws)) continue;
            var rng = new Rng(U64(s.GetProperty("seed")));
            foreach (var expected in draws.EnumerateArray().Select(x => x.GetDouble()))
                Assert.Equal(expected, rng.Uniform(-0.05, 0.05));
        }
    }

    [Fact]
    public void Normal_HasUnitMomentsAndIsReproducible()
    {
        var rng = new Rng(7);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) { double x = rng.Normal(); sum += x; sumSq += x * x; }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        Assert.InRange(mean, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 0.02, 1 + 0.02);
        var a = new Rng(11); var b = new Rng(11);
        for (int i = 0; i < 100; i++) Assert.Equal(a.Normal(), b.Normal());
    }

    [Fact]
    public void Integer_IsUniformAndInRange()
    {
        var rng = new Rng(3);
        var counts = new int[7];
        const int n = 70_000;
        for (int i = 0; i < n; i++) counts[rng.Integer(7)]++;
        foreach (var c in counts) Assert.InRange(c, n / 7 - 400, n / 7 + 400);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Integer(0));
    }

    [Fact]
    public void Categorical_FollowsProbabilities()
    {
        var rng = new Rng(5);
        ReadOnlySpan<float> p = [0.1f, 0.0f, 0.6f, 0.3f];
        var counts = new int[4];
        const int n = 100_000;
        for (int i = 0; i < n; i++) counts[rng.Categorical(p)]++;
        Assert.Equal(0, counts[1]);
        Assert.InRange(counts[0] / (double)n, 0.1 - 0.006, 0.1 + 0.006);
        Assert.InRange(counts[2] / (double)n, 0.6 - 0.006, 0.6 + 0.006);
    }

    [Fact]
    public void SpawnedChildren_AreIndependentAndDeterministic()
    {
        var parent = new Rng(42);
        var c0 = parent.Spawn(); var c1 = parent.Spawn();
        Assert.NotEqual(c0.NextUInt64(), c1.NextUInt64());
        Assert.Equal(new Rng(42).Child(0).NextUInt64(), new Rng(42).Child(0).NextUInt64());
    }

    [Fact]
    public void GetStateSetState_RoundTrips()
    {
        var rng = new Rng(9);
        rng.Normal();
        var state = rng.GetState();
        var expected = Enumerable.Range(0, 5).Select(_ => rng.Normal()).ToArray();
        rng.SetState(state);
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => rng.Normal()).ToArray());
    }

    [Fact]
    public void NextUInt64Block_EqualsRepeatedCalls_ValuesAndFinalState()
    {
        foreach (int n in new[] { 0, 1, 2, 3, 4, 5, 8, 17, 31, 32, 33, 40, 47, 48, 49, 55, 56, 57, 63, 64, 65, 256, 1001 })
        {
            var one = new Rng(77);
            var block = new Rng(77);
            one.NextUInt64(); block.NextUInt64(); // not at the seeding state
            var expected = Enumerable.Range(0, n).Select(_ => one.NextUInt64()).ToArray();
            var got = new ulong[n];
            block.NextUInt64(got);
            Assert.Equal(expected, got);
            Assert.Equal(one.GetState(), block.GetState());
            Assert.Equal(one.NextUInt64(), block.NextUInt64());
        }
    }

    [Fact]
    public void UniformBlock_EqualsRepeatedCalls_ValuesAndFinalState()
    {
        foreach (int n in new[] { 0, 1, 2, 4, 7, 8, 9, 31, 32, 33, 100 })
        {
            var one = new Rng(5);
            var block = new Rng(5);
            var expected = Enumerable.Range(0, n).Select(_ => one.Uniform(-0.05, 0.05)).ToArray();
            var got = new double[n];
            block.Uniform(-0.05, 0.05, got);
            Assert.Equal(expected, got);
            Assert.Equal(one.NextUInt64(), block.NextUInt64());
        }
    }
}
