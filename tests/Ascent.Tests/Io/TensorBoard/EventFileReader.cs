using System.Buffers.Binary;
using System.Text;

namespace Ascent.Tests.Io.TensorBoard;

/// <summary>One decoded TensorBoard event: the fields Ascent writes.</summary>
internal sealed record DecodedEvent(double WallTime, long Step, string? FileVersion, List<(string Tag, float Value)> Scalars)
{
    /// <summary>The status of a <c>session_log</c> event (1 = START), or null.</summary>
    public int? SessionStatus { get; init; }
}

/// <summary>
/// A reader for TFRecord event files written independently of the product code: it checks both masked CRCs of
/// every record with a bit-by-bit CRC-32C and decodes the protobuf wire format by hand.
/// </summary>
internal static class EventFileReader
{
    public static List<byte[]> ReadRecords(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        int at = 0;
        while (at < bytes.Length)
        {
            Assert.True(bytes.Length - at >= 12, $"truncated record header at byte {at}");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8));
            Assert.Equal(Masked(Crc32CTests.BitwiseCrc32C(bytes.AsSpan(at, 8))), lengthCrc);
            at += 12;
            Assert.True((ulong)(bytes.Length - at) >= length + 4, $"truncated record data at byte {at}");
            var data = bytes.AsSpan(at, (int)length).ToArray();
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + (int)length));
            Assert.Equal(Masked(Crc32CTests.BitwiseCrc32C(data)), dataCrc);
            at += (int)length + 4;
            records.Add(data);
        }
        return records;
    }

    public static List<DecodedEvent> ReadEvents(string path) => ReadRecords(path).Select(DecodeEvent).ToList();

    private static uint Masked(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);

    public static DecodedEvent DecodeEvent(byte[] data)
    {
        double wallTime = 0; long step = 0; string? version = null; int? session = null;
        var scalars = new List<(string, float)>();
        var r = new Wire(data);
        while (!r.AtEnd)
        {
            var (field, type) = r.Tag();
            switch (field, type)
            {
                case (1, 1): wallTime = BitConverter.Int64BitsToDouble((long)r.Fixed64()); break;
                case (2, 0): step = (long)r.Varint(); break;
                case (3, 2): version = Encoding.UTF8.GetString(r.Bytes()); break;
                case (5, 2): DecodeSummary(r.Bytes(), scalars); break;
                case (6, 2): session = DecodeSessionLog(r.Bytes()); break;
                default: throw new Xunit.Sdk.XunitException($"unexpected field {field} wire type {type} in Event");
            }
        }
        return new DecodedEvent(wallTime, step, version, scalars) { SessionStatus = session };
    }

    private static int DecodeSessionLog(byte[] data)
    {
        var r = new Wire(data);
        int status = 0;
        while (!r.AtEnd)
        {
            var (field, type) = r.Tag();
            Assert.Equal((1, 0), (field, type));
            status = (int)r.Varint();
        }
        return status;
    }

    private static void DecodeSummary(byte[] data, List<(string, float)> scalars)
    {
        var r = new Wire(data);
        while (!r.AtEnd)
        {
            var (field, type) = r.Tag();
            Assert.Equal((1, 2), (field, type));
            var value = new Wire(r.Bytes());
            string tag = ""; float simple = float.NaN; bool hasValue = false;
            while (!value.AtEnd)
            {
                var (f, t) = value.Tag();
                if ((f, t) == (1, 2)) tag = Encoding.UTF8.GetString(value.Bytes());
                else if ((f, t) == (2, 5)) { simple = BitConverter.Int32BitsToSingle((int)value.Fixed32()); hasValue = true; }
                else throw new Xunit.Sdk.XunitException($"unexpected field {f} wire type {t} in Summary.Value");
            }
            Assert.True(hasValue, $"Summary.Value {tag} has no simple_value");
            scalars.Add((tag, simple));
        }
    }

    private sealed class Wire(byte[] data)
    {
        private int _at;
        public bool AtEnd => _at >= data.Length;
        public (int Field, int Type) Tag() { ulong t = Varint(); return ((int)(t >> 3), (int)(t & 7)); }
        public ulong Varint()
        {
            ulong v = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = data[_at++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
        }
        public ulong Fixed64() { ulong v = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(_at)); _at += 8; return v; }
        public uint Fixed32() { uint v = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(_at)); _at += 4; return v; }
        public byte[] Bytes() { int n = (int)Varint(); var b = data.AsSpan(_at, n).ToArray(); _at += n; return b; }
    }
}
