using System.Text;
using Ascent.Io.TensorBoard;

namespace Ascent.Tests.Io.TensorBoard;

public class Crc32CTests
{
    [Fact]
    public void Crc32C_MatchesTheStandardCheckValue()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, Crc32C.Compute(data));
        Assert.Equal(0xE3069283u, Crc32C.ComputeWithTable(data));
    }

    [Fact]
    public void Crc32C_MatchesRfc3720TestVectors()
    {
        var zeros = new byte[32];
        var ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var ascending = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var descending = Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray();
        foreach (var crc in new Func<byte[], uint>[] { d => Crc32C.Compute(d), d => Crc32C.ComputeWithTable(d) })
        {
            Assert.Equal(0x8A9136AAu, crc(zeros));
            Assert.Equal(0x62A8AB43u, crc(ones));
            Assert.Equal(0x46DD794Eu, crc(ascending));
            Assert.Equal(0x113FDB5Cu, crc(descending));
        }
    }

    [Fact]
    public void Crc32C_HardwareAndTablePathsAgree_OnEveryLengthAndAlignment()
    {
        var random = new Random(7);
        var buffer = new byte[300];
        random.NextBytes(buffer);
        for (int offset = 0; offset < 9; offset++)
            for (int length = 0; length + offset <= buffer.Length; length += 1 + length / 8)
            {
                var span = buffer.AsSpan(offset, length);
                Assert.Equal(BitwiseCrc32C(span), Crc32C.ComputeWithTable(span));
                Assert.Equal(BitwiseCrc32C(span), Crc32C.Compute(span));
            }
    }

    [Fact]
    public void Mask_IsInvertedByUnmask_AndMatchesTfRecordDefinition()
    {
        var random = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            uint crc = (uint)random.NextInt64(0, 1L << 32);
            uint expected = unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
            Assert.Equal(expected, Crc32C.Mask(crc));
            Assert.Equal(crc, Crc32C.Unmask(Crc32C.Mask(crc)));
        }
    }

    /// <summary>The definition, one bit at a time: the slowest and plainest form, to check the fast ones against.</summary>
    internal static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }
}
