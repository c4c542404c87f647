using System.Runtime.CompilerServices;
using Ascent.Numerics.Kernels;

namespace Ascent.Numerics;

/// <summary>
/// The one seeded random generator of Ascent: NumPy's <c>Generator(PCG64(SeedSequence(seed)))</c>.
/// </summary>
/// <remarks>
/// <para>Algorithm: PCG XSL-RR 128/64 (O'Neill 2014) with multiplier
/// <c>0x2360ED051FC65DA44385DF649FCCF645</c>, seeded through NumPy's <c>SeedSequence</c> hash
/// (pool of four 32-bit words). The raw 64-bit stream, <see cref="NextDouble"/> and
/// <see cref="Uniform(double, double)"/> match NumPy bit for bit, so <c>Reset(seed)</c> of a Gymnasium
/// environment ported to Ascent draws exactly the initial state Gymnasium draws.</para>
/// <para>Derived draws are Ascent's own and documented here: <see cref="Normal()"/> uses the Box–Muller
/// transform on two doubles (the second value is cached); <see cref="Categorical(ReadOnlySpan{float})"/>
/// inverts the cumulative distribution with one double; <see cref="Integer(int)"/> uses Lemire's
/// multiply-shift rejection method. All arithmetic is integer or IEEE-754 double, so one seed gives the
/// same stream on every platform.</para>
/// <para>Independent streams: <see cref="Rng(ulong, ReadOnlySpan{uint})"/> takes a spawn key exactly as
/// <c>SeedSequence(seed, spawn_key=...)</c> does, and <see cref="Spawn"/> derives children.</para>
/// A generator is not thread-safe; give each thread its own (spawned) generator.
/// </remarks>
public sealed class Rng
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    private UInt128 _state;
    private UInt128 _inc;
    private double _spareNormal;
    private bool _hasSpareNormal;
    private readonly ulong _seed;
    private readonly uint[] _spawnKey;
    private uint _childrenSpawned;

    /// <summary>Creates a generator seeded like <c>numpy.random.default_rng(seed)</c>.</summary>
    public Rng(ulong seed) : this(seed, ReadOnlySpan<uint>.Empty) { }

    /// <summary>Creates a generator seeded like <c>default_rng(SeedSequence(seed, spawn_key=spawnKey))</c>.</summary>
    public Rng(ulong seed, ReadOnlySpan<uint> spawnKey)
    {
        _seed = seed;
        _spawnKey = spawnKey.ToArray();
        Span<ulong> words = stackalloc ulong[4];
        SeedSequence.GenerateState(seed, spawnKey, words);
        var initState = new UInt128(words[0], words[1]);
        var initSeq = new UInt128(words[2], words[3]);
        _inc = (initSeq << 1) | UInt128.One;
        _state = UInt128.Zero;
        Step();
        _state += initState;
        Step();
    }

    private Rng(UInt128 state, UInt128 inc, ulong seed, uint[] spawnKey)
    {
        _state = state; _inc = inc; _seed = seed; _spawnKey = spawnKey;
    }

    /// <summary>The seed this generator (or its root ancestor) was created with.</summary>
    public ulong Seed => _seed;

    /// <summary>
    /// The spawn key this generator was created with (empty for <c>new Rng(seed)</c>). With <see cref="Seed"/> and
    /// <see cref="GetState"/> it identifies the generator completely: <c>new Rng(Seed, SpawnKey)</c> followed by
    /// <see cref="SetState"/> restores one whose future draws and children equal this one's.
    /// </summary>
    public ReadOnlySpan<uint> SpawnKey => _spawnKey;

    /// <summary>Returns an independent child generator, like <c>SeedSequence.spawn(1)</c>: same seed, spawn key extended by a counter.</summary>
    public Rng Spawn()
    {
        var key = new uint[_spawnKey.Length + 1];
        _spawnKey.CopyTo(key, 0);
        key[^1] = _childrenSpawned++;
        return new Rng(_seed, key);
    }

    /// <summary>Returns a child generator for the given index without changing this generator's spawn counter.</summary>
    public Rng Child(uint index)
    {
        var key = new uint[_spawnKey.Length + 1];
        _spawnKey.CopyTo(key, 0);
        key[^1] = index;
        return new Rng(_seed, key);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Step() => _state = MultiplyAdd(_state, Multiplier, _inc);

    /// <summary>
    /// <c>s·a + c</c> mod 2^128 from 64-bit halves: one 64×64→128 product and two truncated cross products (UInt128's
    /// operator spends a fourth multiply and a round trip through memory).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 MultiplyAdd(UInt128 s, UInt128 a, UInt128 c)
    {
        ulong sLo = (ulong)s, aLo = (ulong)a;
        UInt128 low = Math.BigMul(sLo, aLo);
        ulong high = unchecked((ulong)(low >> 64) + sLo * (ulong)(a >> 64) + (ulong)(s >> 64) * aLo);
        return unchecked(new UInt128(high, (ulong)low) + c);
    }

    /// <summary>The next raw 64-bit output (PCG XSL-RR 128/64: step, then output of the new state).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        Step();
        return Output(_state);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next <see cref="NextUInt64()"/> outputs, exactly as that many calls
    /// would (same values, same final state), faster: two interleaved streams jump two steps at a time,
    /// <c>s[k+2] = a²·s[k] + (a + 1)·c</c> (mod 2^128), so their 128-bit multiplies overlap; with AVX-512 and at least
    /// 32 outputs, eight streams jump eight steps (<see cref="Pcg64Lanes"/>).
    /// </summary>
    public void NextUInt64(Span<ulong> destination)
    {
        int n = destination.Length;
        if (n == 0) return;
        if (n >= 32 && Pcg64Lanes.IsSupported)
        {
            _state = Pcg64Lanes.Fill(_state, _inc, destination); // eight streams jumping eight steps, AVX-512
            return;
        }
        UInt128 first = MultiplyAdd(_state, Multiplier, _inc);
        if (n == 1)
        {
            _state = first;
            destination[0] = Output(first);
            return;
        }
        UInt128 second = MultiplyAdd(first, Multiplier, _inc);
        UInt128 multiplier2 = unchecked(Multiplier * Multiplier), increment2 = unchecked((Multiplier + UInt128.One) * _inc);
        int k = 0;
        while (true)
        {
            destination[k] = Output(first);
            destination[k + 1] = Output(second);
            k += 2;
            if (k + 2 > n) break;
            first = MultiplyAdd(first, multiplier2, increment2);
            second = MultiplyAdd(second, multiplier2, increment2);
        }
        if (k < n)
        {
            second = MultiplyAdd(second, Multiplier, _inc);
            destination[k] = Output(second);
        }
        _state = second;
    }

    /// <summary>PCG's XSL-RR output of a state: the xor of its halves, rotated by its top 6 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Output(UInt128 state)
    {
        ulong hi = (ulong)(state >> 64);
        ulong lo = (ulong)state;
        return ulong.RotateRight(hi ^ lo, (int)(hi >> 58));
    }

    /// <summary>A double in [0, 1): <c>(next_uint64 &gt;&gt; 11) · 2^-53</c>, as NumPy's <c>random()</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>A float in [0, 1) built from the top 24 bits of one 64-bit output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / 16777216.0f);

    /// <summary><c>low + (high − low) · NextDouble()</c>, as NumPy's <c>uniform(low, high)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Fills <paramref name="destination"/> with consecutive <see cref="Uniform(double, double)"/> draws (the raw outputs drawn in blocks).</summary>
    public void Uniform(double low, double high, Span<double> destination)
    {
        if (destination.Length <= 8)
        {
            for (int i = 0; i < destination.Length; i++) destination[i] = Uniform(low, high);
            return;
        }
        Span<ulong> raw = stackalloc ulong[Math.Min(destination.Length, 64)];
        for (int i = 0; i < destination.Length; i += raw.Length)
        {
            var block = raw[..Math.Min(raw.Length, destination.Length - i)];
            NextUInt64(block);
            for (int k = 0; k < block.Length; k++) destination[i + k] = low + (high - low) * ((block[k] >> 11) * (1.0 / 9007199254740992.0));
        }
    }

    /// <summary>A uniformly distributed integer in [0, n) (Lemire's unbiased multiply-shift method).</summary>
    public int Integer(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Rng.Integer: n must be positive.");
        ulong range = (ulong)n;
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * range;
        ulong low = (ulong)m;
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                x = NextUInt64();
                m = (UInt128)x * range;
                low = (ulong)m;
            }
        }
        return (int)(m >> 64);
    }

    /// <summary>A uniformly distributed integer in [low, high).</summary>
    public int Integer(int low, int high)
    {
        if (high <= low) throw new ArgumentOutOfRangeException(nameof(high), $"Rng.Integer: need low < high, got low={low}, high={high}.");
        return low + Integer(high - low);
    }

    /// <summary>A standard normal draw (Box–Muller on two doubles; the second value of each pair is cached).</summary>
    public double Normal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareNormal = r * Math.Sin(angle);
        _hasSpareNormal = true;
        return r * Math.Cos(angle);
    }

    /// <summary>A normal draw with the given mean and standard deviation.</summary>
    public double Normal(double mean, double std) => mean + std * Normal();

    /// <summary>Fills <paramref name="destination"/> with standard normal draws.</summary>
    public void Normal(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = (float)Normal();
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal draws.</summary>
    public void Normal(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Normal();
    }

    /// <summary>Draws an index from unnormalised non-negative weights by inverting the cumulative sum with one double.</summary>
    public int Categorical(ReadOnlySpan<float> probabilities)
    {
        double total = 0;
        for (int i = 0; i < probabilities.Length; i++) total += probabilities[i];
        if (!(total > 0) || double.IsInfinity(total))
            throw new ArgumentException($"Rng.Categorical: probabilities must be non-negative with a positive finite sum, got sum {total}.", nameof(probabilities));
        double u = NextDouble() * total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] <= 0) continue;
            cumulative += probabilities[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last;
    }

    /// <summary>Draws an index from non-negative weights (double precision).</summary>
    public int Categorical(ReadOnlySpan<double> probabilities)
    {
        double total = 0;
        for (int i = 0; i < probabilities.Length; i++) total += probabilities[i];
        if (!(total > 0) || double.IsInfinity(total))
            throw new ArgumentException($"Rng.Categorical: probabilities must be non-negative with a positive finite sum, got sum {total}.", nameof(probabilities));
        double u = NextDouble() * total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] <= 0) continue;
            cumulative += probabilities[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last;
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates with <see cref="Integer(int)"/>).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = Integer(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>The complete generator state, for checkpoints.</summary>
    public RngState GetState() => new((ulong)(_state >> 64), (ulong)_state, (ulong)(_inc >> 64), (ulong)_inc, _spareNormal, _hasSpareNormal, _childrenSpawned);

    /// <summary>Restores a state captured by <see cref="GetState"/>.</summary>
    public void SetState(RngState state)
    {
        if ((state.IncLow & 1UL) == 0) throw new ArgumentException("Rng.SetState: the increment must be odd; the state is corrupt.", nameof(state));
        _state = new UInt128(state.StateHigh, state.StateLow);
        _inc = new UInt128(state.IncHigh, state.IncLow);
        _spareNormal = state.SpareNormal;
        _hasSpareNormal = state.HasSpareNormal;
        _childrenSpawned = state.ChildrenSpawned;
    }

    /// <summary>The 128-bit state and increment as NumPy reports them in <c>bit_generator.state</c>.</summary>
    public (UInt128 State, UInt128 Increment) Pcg64State => (_state, _inc);
}

/// <summary>A serialisable snapshot of an <see cref="Rng"/>.</summary>
public readonly record struct RngState(ulong StateHigh, ulong StateLow, ulong IncHigh, ulong IncLow, double SpareNormal, bool HasSpareNormal, uint ChildrenSpawned);

/// <summary>NumPy's <c>SeedSequence</c> entropy hash (pool size 4), used to seed <see cref="Rng"/>.</summary>
public static class SeedSequence
{
    private const uint InitA = 0x43b0d7e5, MultA = 0x931e8875, InitB = 0x8b51f9dd, MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
    private const int XShift = 16;
    private const int PoolSize = 4;

    /// <summary>The mixed entropy pool of <c>SeedSequence(seed, spawn_key)</c>.</summary>
    public static void Pool(ulong seed, ReadOnlySpan<uint> spawnKey, Span<uint> pool)
    {
        if (pool.Length != PoolSize) throw new ArgumentException($"SeedSequence.Pool: pool must have {PoolSize} words.", nameof(pool));
        // Entropy: the seed as little-endian 32-bit words (0 -> [0]); padded to the pool size when a spawn key follows.
        Span<uint> entropy = stackalloc uint[PoolSize + 2 + spawnKey.Length];
        int n = 0;
        if (seed == 0) entropy[n++] = 0;
        else
        {
            ulong s = seed;
            while (s != 0) { entropy[n++] = (uint)s; s >>= 32; }
        }
        if (spawnKey.Length > 0)
        {
            while (n < PoolSize) entropy[n++] = 0;
            foreach (var k in spawnKey) entropy[n++] = k;
        }
        entropy = entropy[..n];

        uint hashConst = InitA;
        for (int i = 0; i < PoolSize; i++)
            pool[i] = HashMix(i < entropy.Length ? entropy[i] : 0u, ref hashConst);
        for (int src = 0; src < PoolSize; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                if (src != dst) pool[dst] = Mix(pool[dst], HashMix(pool[src], ref hashConst));
        for (int src = PoolSize; src < entropy.Length; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                pool[dst] = Mix(pool[dst], HashMix(entropy[src], ref hashConst));
    }

    /// <summary><c>SeedSequence(seed, spawn_key).generate_state(n, uint64)</c>.</summary>
    public static void GenerateState(ulong seed, ReadOnlySpan<uint> spawnKey, Span<ulong> destination)
    {
        Span<uint> pool = stackalloc uint[PoolSize];
        Pool(seed, spawnKey, pool);
        uint hashConst = InitB;
        for (int i = 0; i < destination.Length; i++)
        {
            uint lo = Next(pool, 2 * i, ref hashConst);
            uint hi = Next(pool, 2 * i + 1, ref hashConst);
            destination[i] = ((ulong)hi << 32) | lo;
        }
    }

    private static uint Next(ReadOnlySpan<uint> pool, int index, ref uint hashConst)
    {
        unchecked
        {
            uint value = pool[index % PoolSize];
            value ^= hashConst;
            hashConst *= MultB;
            value *= hashConst;
            value ^= value >> XShift;
            return value;
        }
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        unchecked
        {
            value ^= hashConst;
            hashConst *= MultA;
            value *= hashConst;
            value ^= value >> XShift;
            return value;
        }
    }

    private static uint Mix(uint x, uint y)
    {
        unchecked
        {
            uint result = MixMultL * x - MixMultR * y;
            result ^= result >> XShift;
            return result;
        }
    }
}
