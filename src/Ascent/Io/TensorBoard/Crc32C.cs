using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Ascent.Io.TensorBoard;

/// <summary>
/// CRC-32C (Castagnoli polynomial 0x1EDC6F41, bit-reflected 0x82F63B78), the checksum of TFRecord files.
/// </summary>
/// <remarks>
/// Uses the processor's CRC32 instruction (SSE4.2 on x86, the CRC extension on Arm64) when present, and a
/// slicing-by-8 table otherwise. Both give identical results; <see cref="ComputeWithTable"/> exposes the
/// portable path so tests can compare them.
/// </remarks>
public static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78u;
    private const uint MaskDelta = 0xA282EAD8u;

    // Table[k][b] is the CRC of byte b followed by k zero bytes (slicing-by-8).
    private static readonly uint[][] Table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/> (initial value and final xor 0xFFFFFFFF).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported) return ~UpdateSse42X64(~0u, data);
        if (Sse42.IsSupported) return ~UpdateSse42(~0u, data);
        if (ArmCrc32.Arm64.IsSupported) return ~UpdateArm64(~0u, data);
        return ~UpdateTable(~0u, data);
    }

    /// <summary>The CRC-32C of <paramref name="data"/> computed with the portable table, never the CRC instruction.</summary>
    public static uint ComputeWithTable(ReadOnlySpan<byte> data) => ~UpdateTable(~0u, data);

    /// <summary>
    /// TFRecord's masked CRC: the CRC rotated right by 15 bits plus 0xA282EAD8, so that a CRC stored inside the
    /// data it covers does not check itself.
    /// </summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    /// <summary>The inverse of <see cref="Mask"/>.</summary>
    public static uint Unmask(uint masked)
    {
        uint rotated = masked - MaskDelta;
        return (rotated >> 17) | (rotated << 15);
    }

    /// <summary>The masked CRC-32C of <paramref name="data"/>, as stored in TFRecord files.</summary>
    public static uint ComputeMasked(ReadOnlySpan<byte> data) => Mask(Compute(data));

    private static uint UpdateSse42X64(uint crc, ReadOnlySpan<byte> data)
    {
        ulong c = crc;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong w in words) c = Sse42.X64.Crc32(c, BitConverter.IsLittleEndian ? w : BinaryPrimitives.ReverseEndianness(w));
        uint c32 = (uint)c;
        foreach (byte b in data[(words.Length * sizeof(ulong))..]) c32 = Sse42.Crc32(c32, b);
        return c32;
    }

    private static uint UpdateSse42(uint crc, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, uint>(data);
        foreach (uint w in words) crc = Sse42.Crc32(crc, w);
        foreach (byte b in data[(words.Length * sizeof(uint))..]) crc = Sse42.Crc32(crc, b);
        return crc;
    }

    private static uint UpdateArm64(uint crc, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong w in words) crc = ArmCrc32.Arm64.ComputeCrc32C(crc, w);
        foreach (byte b in data[(words.Length * sizeof(ulong))..]) crc = ArmCrc32.ComputeCrc32C(crc, b);
        return crc;
    }

    private static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t0 = Table[0], t1 = Table[1], t2 = Table[2], t3 = Table[3], t4 = Table[4], t5 = Table[5], t6 = Table[6], t7 = Table[7];
        while (data.Length >= 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t7[lo & 0xFF] ^ t6[(lo >> 8) & 0xFF] ^ t5[(lo >> 16) & 0xFF] ^ t4[lo >> 24]
                ^ t3[hi & 0xFF] ^ t2[(hi >> 8) & 0xFF] ^ t1[(hi >> 16) & 0xFF] ^ t0[hi >> 24];
            data = data[8..];
        }
        foreach (byte b in data) crc = t0[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[][] BuildTable()
    {
        var table = new uint[8][];
        for (int k = 0; k < 8; k++) table[k] = new uint[256];
        for (uint b = 0; b < 256; b++)
        {
            uint c = b;
            for (int bit = 0; bit < 8; bit++) c = (c & 1) != 0 ? (c >> 1) ^ ReflectedPolynomial : c >> 1;
            table[0][b] = c;
        }
        for (int k = 1; k < 8; k++)
            for (int b = 0; b < 256; b++)
                table[k][b] = (table[k - 1][b] >> 8) ^ table[0][table[k - 1][b] & 0xFF];
        return table;
    }
}
