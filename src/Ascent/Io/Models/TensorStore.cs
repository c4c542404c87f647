using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Ascent.Io.Models;

/// <summary>
/// The <c>tensors.bin</c> entry of a model file: a fixed prefix, a JSON header listing every tensor's name,
/// dtype, shape and byte range, then the raw little-endian data (see docs/model-format.md).
/// </summary>
/// <remarks>
/// Decoding checks every number of the header against the entry's actual size before anything is
/// allocated from it: the header length, the tensor count, each shape's element count (with overflow
/// checks), and that the byte ranges tile the data section exactly, in order, without gaps or overlap.
/// </remarks>
internal static class TensorStore
{
    /// <summary>The first 8 bytes of the entry.</summary>
    public static ReadOnlySpan<byte> Magic => "ASCTNSR1"u8;

    /// <summary>Magic (8 bytes) + header length (u64).</summary>
    public const int PrefixBytes = 16;

    /// <summary>The largest header accepted (16 MiB).</summary>
    public const int MaxHeaderBytes = 16 << 20;

    /// <summary>The most tensors one file may hold.</summary>
    public const int MaxTensors = 100_000;

    /// <summary>The largest rank accepted.</summary>
    public const int MaxRank = 8;

    /// <summary>A tensor to be written.</summary>
    public sealed record Pending(string Name, TensorDType DType, int[] Shape, byte[] Data);

    /// <summary>Lays out the entry: prefix, header (space-padded so the data starts at a multiple of 8), data.</summary>
    public static byte[] Encode(IReadOnlyList<Pending> tensors)
    {
        var header = new ArrayBufferWriter<byte>();
        long offset = 0;
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            w.WriteStartArray("tensors");
            foreach (var t in tensors)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("dtype", TensorDTypes.Name(t.DType));
                w.WriteStartArray("shape");
                foreach (int d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("offsets");
                w.WriteNumberValue(offset);
                offset += t.Data.Length;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        int headerLength = (header.WrittenCount + 7) / 8 * 8;
        if (headerLength > MaxHeaderBytes) throw new InvalidOperationException($"Model file: the tensor header would take {headerLength} bytes, more than the {MaxHeaderBytes} a reader accepts.");
        long total = PrefixBytes + headerLength + offset;
        if (total > Array.MaxLength) throw new InvalidOperationException($"Model file: the tensors take {total} bytes, more than one file entry can hold ({Array.MaxLength}).");
        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)headerLength);
        header.WrittenSpan.CopyTo(bytes.AsSpan(PrefixBytes));
        bytes.AsSpan(PrefixBytes + header.WrittenCount, headerLength - header.WrittenCount).Fill((byte)' ');
        int at = PrefixBytes + headerLength;
        foreach (var t in tensors)
        {
            t.Data.CopyTo(bytes, at);
            at += t.Data.Length;
        }
        return bytes;
    }

    /// <summary>Validates the entry and returns its tensors (in file order) and where the data section starts.</summary>
    /// <remarks>The header is read with a streaming JSON reader, so memory grows only with what is kept
    /// (names and shapes), and every count is checked before anything is allocated for it.</remarks>
    /// <exception cref="ModelFormatException">Anything does not fit; the message names the tensor and the numbers.</exception>
    public static IReadOnlyList<TensorInfo> Decode(byte[] entry, string source, out int dataStart)
    {
        ModelFormatException Bad(string problem) => new(source, $"tensors.bin: {problem}");

        if (entry.Length < PrefixBytes)
            throw Bad($"the entry has {entry.Length} bytes, fewer than the {PrefixBytes}-byte prefix.");
        if (!entry.AsSpan(0, 8).SequenceEqual(Magic))
            throw Bad("the entry does not start with the magic bytes 'ASCTNSR1'.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(entry.AsSpan(8));
        if (headerLength > MaxHeaderBytes)
            throw Bad($"the header length {headerLength} exceeds the limit of {MaxHeaderBytes} bytes.");
        if (headerLength > (ulong)(entry.Length - PrefixBytes))
            throw Bad($"the header length {headerLength} exceeds the {entry.Length - PrefixBytes} bytes that follow the prefix.");
        dataStart = PrefixBytes + (int)headerLength;
        var header = new HeaderReader(entry.AsSpan(PrefixBytes, (int)headerLength), entry.Length - dataStart, Bad);
        try
        {
            return header.ReadAll();
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(source, $"tensors.bin: the header is not valid JSON ({ex.Message}).", ex);
        }
    }

    /// <summary>Reads <c>{"tensors":[{"name":…,"dtype":…,"shape":[…],"offsets":[begin,end]}, …]}</c> token by token.</summary>
    private ref struct HeaderReader(ReadOnlySpan<byte> json, long dataLength, Func<string, ModelFormatException> bad)
    {
        private Utf8JsonReader _r = new(json, new JsonReaderOptions { MaxDepth = 8 });

        // Messages are built only when something is wrong: the header may list 100,000 tensors.
        private void Next()
        {
            if (!_r.Read()) throw bad("the header ends early.");
        }

        private void Expect(JsonTokenType type, string what)
        {
            Next();
            if (_r.TokenType != type) throw bad($"the header has {_r.TokenType} where {what} belongs.");
        }

        public List<TensorInfo> ReadAll()
        {
            Expect(JsonTokenType.StartObject, "the header object");
            Expect(JsonTokenType.PropertyName, "the field 'tensors'");
            if (!_r.ValueTextEquals("tensors"u8)) throw bad("the header's only field must be 'tensors'.");
            Expect(JsonTokenType.StartArray, "the 'tensors' array");
            var infos = new List<TensorInfo>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            long expectedOffset = 0;
            while (true)
            {
                Next();
                if (_r.TokenType == JsonTokenType.EndArray) break;
                if (infos.Count >= MaxTensors) throw bad($"the header lists more than the limit of {MaxTensors} tensors.");
                if (_r.TokenType != JsonTokenType.StartObject) throw bad($"tensor #{infos.Count} is not a JSON object.");
                var info = ReadTensor(infos.Count, expectedOffset);
                if (!names.Add(info.Name)) throw bad($"tensor '{info.Name}' is listed twice.");
                infos.Add(info);
                expectedOffset = info.Offset + info.ByteLength;
            }
            Expect(JsonTokenType.EndObject, "the end of the header object");
            if (_r.Read()) throw bad("the header has content after its JSON object.");
            if (expectedOffset != dataLength)
                throw bad($"the tensors cover {expectedOffset} bytes but the data section has {dataLength} bytes.");
            return infos;
        }

        private TensorInfo ReadTensor(int index, long expectedOffset)
        {
            string? name = null;
            TensorDType? dtype = null;
            int[]? shape = null;
            long begin = -1, end = -1;
            while (true)
            {
                Next();
                if (_r.TokenType == JsonTokenType.EndObject) break;
                int field = _r.ValueTextEquals("name"u8) ? 0 : _r.ValueTextEquals("dtype"u8) ? 1 : _r.ValueTextEquals("shape"u8) ? 2 : _r.ValueTextEquals("offsets"u8) ? 3 : -1;
                string fieldName = field >= 0 ? FieldNames[field] : _r.ValueSpan.Length <= 32 ? _r.GetString()! : "(a long name)";
                Next();
                switch (field)
                {
                    case 0 when name is null && _r.TokenType == JsonTokenType.String && _r.ValueSpan.Length <= 4 * ModelNames.MaxLength:
                        name = _r.GetString()!;
                        break;
                    case 1 when dtype is null && _r.TokenType == JsonTokenType.String:
                        dtype = ReadDType(index);
                        break;
                    case 2 when shape is null && _r.TokenType == JsonTokenType.StartArray:
                        shape = ReadShape(index);
                        break;
                    case 3 when begin < 0 && _r.TokenType == JsonTokenType.StartArray:
                        (begin, end) = ReadOffsets(index);
                        break;
                    default:
                        throw bad($"tensor #{index} has an unexpected, repeated or mistyped field '{ModelNames.Printable(fieldName)}'.");
                }
            }
            if (name is null || dtype is null || shape is null || begin < 0)
                throw bad($"tensor #{index} needs the fields name, dtype, shape and offsets.");
            if (!ModelNames.IsValidTensorName(name))
                throw bad($"tensor #{index} has an invalid name '{ModelNames.Printable(name)}' (allowed: {ModelNames.TensorNameRule}).");

            // Overflow-safe element count: stop multiplying once it exceeds what the data section could hold.
            int elementSize = TensorDTypes.ElementSize(dtype.Value);
            long maxElements = dataLength / elementSize;
            long elements = 1;
            foreach (int dim in shape) elements = dim == 0 ? 0 : Math.Min(elements * dim, maxElements + 1);
            if (shape.Contains(0)) elements = 0;
            if (elements > maxElements)
                throw bad($"tensor '{name}' has shape {Ascent.Numerics.Tensor.Format(shape)}, larger than the whole data section ({dataLength} bytes).");
            long byteLength = elements * elementSize;
            if (begin != expectedOffset)
                throw bad($"tensor '{name}' starts at byte {begin}, but the previous tensor ends at {expectedOffset} (tensors must be stored in order, without gaps or overlap).");
            if (end < begin || end > dataLength)
                throw bad($"tensor '{name}' has offsets [{begin}, {end}] outside the data section of {dataLength} bytes.");
            if (end - begin != byteLength)
                throw bad($"tensor '{name}' has shape {Ascent.Numerics.Tensor.Format(shape)} and dtype {TensorDTypes.Name(dtype.Value)} ({byteLength} bytes) but offsets [{begin}, {end}] ({end - begin} bytes).");
            return new TensorInfo(name, dtype.Value, shape, begin, byteLength);
        }

        private static readonly string[] FieldNames = ["name", "dtype", "shape", "offsets"];

        private TensorDType ReadDType(int index)
        {
            foreach (var dtype in (ReadOnlySpan<TensorDType>)[TensorDType.Float32, TensorDType.Float64, TensorDType.Int64, TensorDType.UInt8])
                if (_r.ValueTextEquals(TensorDTypes.Name(dtype))) return dtype;
            string shown = _r.ValueSpan.Length <= 32 ? _r.GetString()! : "(a long string)";
            throw bad($"tensor #{index} has the unknown dtype '{ModelNames.Printable(shown)}' (allowed: {TensorDTypes.AllNames}).");
        }

        private int[] ReadShape(int index)
        {
            Span<int> dims = stackalloc int[MaxRank];
            int rank = 0;
            while (true)
            {
                Next();
                if (_r.TokenType == JsonTokenType.EndArray) break;
                if (rank == MaxRank) throw bad($"tensor #{index} has rank above the limit of {MaxRank}.");
                if (_r.TokenType != JsonTokenType.Number || !_r.TryGetInt32(out int dim) || dim < 0)
                    throw bad($"tensor #{index}: shape entry {rank} is not an integer in [0, {int.MaxValue}].");
                dims[rank++] = dim;
            }
            return dims[..rank].ToArray();
        }

        private (long Begin, long End) ReadOffsets(int index)
        {
            Span<long> v = stackalloc long[2];
            for (int i = 0; i < 2; i++)
            {
                Next();
                if (_r.TokenType != JsonTokenType.Number || !_r.TryGetInt64(out v[i]) || v[i] < 0)
                    throw bad($"tensor #{index}: 'offsets' is not an array of two non-negative integers.");
            }
            Next();
            if (_r.TokenType != JsonTokenType.EndArray) throw bad($"tensor #{index}: 'offsets' is not an array of two non-negative integers.");
            return (v[0], v[1]);
        }
    }

    /// <summary>Copies the data of <paramref name="info"/> out of <paramref name="entry"/> into <paramref name="destination"/>.</summary>
    public static void CopyData<T>(byte[] entry, int dataStart, TensorInfo info, Span<T> destination) where T : unmanaged
    {
        var bytes = entry.AsSpan(dataStart + (int)info.Offset, (int)info.ByteLength);
        MemoryMarshal.Cast<byte, T>(bytes).CopyTo(destination);
        if (!BitConverter.IsLittleEndian) ReverseEndianness(destination);
    }

    /// <summary>Appends the little-endian bytes of <paramref name="values"/>.</summary>
    public static byte[] ToBytes<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) ReverseEndianness(MemoryMarshal.Cast<byte, T>(bytes.AsSpan()));
        return bytes;
    }

    private static void ReverseEndianness<T>(Span<T> values) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var bytes = MemoryMarshal.AsBytes(values);
        if (size == 1) return;
        for (int i = 0; i < bytes.Length; i += size) bytes.Slice(i, size).Reverse();
    }
}
