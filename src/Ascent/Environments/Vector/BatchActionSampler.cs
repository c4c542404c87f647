using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ascent.Environments.Spaces;
using Ascent.Numerics;

namespace Ascent.Environments.Vector;

/// <summary>
/// Samples one action per env for a whole batch, drawing exactly what <see cref="Space.Sample"/> would draw env after
/// env (same values, generator left in the same state), but faster: raw outputs come in blocks from
/// <see cref="Rng.NextUInt64(Span{ulong})"/> — never more than the draws still needed — and are turned into actions
/// eight at a time where no draw can be rejected.
/// </summary>
[SkipLocalsInit]
internal static class BatchActionSampler
{
    private const int BlockSize = 256;

    /// <summary><see cref="Discrete.Sample(Rng)"/> for every element: <c>start + rng.Integer(n)</c>.</summary>
    public static void Discrete(Rng rng, Discrete space, Span<float> actions)
    {
        // rng.Integer(n) is Lemire's multiply-shift: the high word of x·n, rejecting x when the low word is below
        // (2^64 − n) mod n. For n = 2^b nothing is rejected and the high word is x >> (64 − b).
        ulong n = (ulong)space.N, threshold = BitOperations.IsPow2(n) ? 0 : (0UL - n) % n;
        Span<ulong> raw = stackalloc ulong[BlockSize];
        for (int i = 0; i < actions.Length;)
        {
            var block = raw[..Math.Min(BlockSize, actions.Length - i)];
            rng.NextUInt64(block);
            int k = 0;
            if (threshold == 0 && Vector256.IsHardwareAccelerated)
            {
                int shift = 64 - BitOperations.Log2(n);
                var start = Vector256.Create((float)space.Start);
                for (; k + 8 <= block.Length; k += 8)
                {
                    var high = Vector256.Narrow(Vector256.Create<ulong>(block.Slice(k, 4)) >>> shift, Vector256.Create<ulong>(block.Slice(k + 4, 4)) >>> shift);
                    (Vector256.ConvertToSingle(high.AsInt32()) + start).CopyTo(actions.Slice(i + k, 8));
                }
            }
            i += k;
            for (; k < block.Length; k++)
            {
                UInt128 m = Math.BigMul(block[k], n);
                if ((ulong)m >= threshold) actions[i++] = space.Start + (int)(ulong)(m >> 64);
            }
        }
    }

    /// <summary><see cref="Box.Sample"/> of a bounded box for every row: <c>(float)rng.Uniform(low_j, high_j)</c> per coordinate.</summary>
    public static void BoundedBox(Rng rng, Box space, Span<float> actions)
    {
        ReadOnlySpan<float> low = space.Low, high = space.High;
        Span<ulong> raw = stackalloc ulong[BlockSize];
        for (int i = 0, j = 0; i < actions.Length;)
        {
            var block = raw[..Math.Min(BlockSize, actions.Length - i)];
            rng.NextUInt64(block);
            int k = 0;
            if (low.Length == 1 && Vector256.IsHardwareAccelerated)
            {
                // Uniform(low, high) = low + (high − low)·((x >> 11)·2^-53), then rounded to float: the same operations per lane.
                var lo = Vector256.Create((double)low[0]);
                var range = Vector256.Create((double)high[0] - low[0]);
                var scale = Vector256.Create(1.0 / 9007199254740992.0);
                for (; k + 8 <= block.Length; k += 8)
                {
                    var u0 = Vector256.ConvertToDouble(Vector256.Create<ulong>(block.Slice(k, 4)) >>> 11) * scale;
                    var u1 = Vector256.ConvertToDouble(Vector256.Create<ulong>(block.Slice(k + 4, 4)) >>> 11) * scale;
                    Vector256.Narrow(lo + range * u0, lo + range * u1).CopyTo(actions.Slice(i + k, 8));
                }
            }
            i += k;
            for (; k < block.Length; k++)
            {
                actions[i++] = (float)(low[j] + ((double)high[j] - low[j]) * ((block[k] >> 11) * (1.0 / 9007199254740992.0)));
                j = j + 1 == low.Length ? 0 : j + 1;
            }
        }
    }
}
