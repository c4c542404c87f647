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
    /// <exception cref="ModelFormatException">Anything does not fit; the message names the tensor and the numbers.</exception>
    public static IReadOnlyList<TensorInfo> Decode(byte[] entry, string source, out int dataStart)
    {
        const string where = "tensors.bin";
        ModelFormatException Bad(string problem, Exception? inner = null) => new(source, $"{where}: {problem}", inner);

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
        long dataLength = entry.Length - dataStart;

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(entry.AsMemory(PrefixBytes, (int)headerLength), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw Bad($"the header is not valid JSON ({ex.Message}).", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("the header is not a JSON object.");
            JsonElement list = default;
            bool hasList = false;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name == "tensors" && !hasList) { list = p.Value; hasList = true; }
                else throw Bad($"the header has an unexpected or repeated field '{ModelNames.Printable(p.Name)}'.");
            }
            if (!hasList || list.ValueKind != JsonValueKind.Array) throw Bad("the header has no 'tensors' array.");
            int count = list.GetArrayLength();
            if (count > MaxTensors) throw Bad($"the header lists {count} tensors, more than the limit of {MaxTensors}.");

            var infos = new List<TensorInfo>(count);
            var names = new HashSet<string>(StringComparer.Ordinal);
            long expectedOffset = 0;
            int index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var info = DecodeEntry(item, index, expectedOffset, dataLength, Bad);
                if (!names.Add(info.Name)) throw Bad($"tensor '{info.Name}' is listed twice.");
                infos.Add(info);
                expectedOffset = info.Offset + info.ByteLength;
                index++;
            }
            if (expectedOffset != dataLength)
                throw Bad($"the tensors cover {expectedOffset} bytes but the data section has {dataLength} bytes.");
            return infos;
        }
    }

    private static TensorInfo DecodeEntry(JsonElement item, int index, long expectedOffset, long dataLength, Func<string, Exception?, ModelFormatException> bad)
    {
        string at = $"tensor #{index}";
        if (item.ValueKind != JsonValueKind.Object) throw bad($"{at} is not a JSON object.", null);
        string? name = null, dtypeName = null;
        JsonElement shapeEl = default, offsetsEl = default;
        int seen = 0;
        foreach (var p in item.EnumerateObject())
        {
            switch (p.Name)
            {
                case "name" when name is null && p.Value.ValueKind == JsonValueKind.String: name = p.Value.GetString(); break;
                case "dtype" when dtypeName is null && p.Value.ValueKind == JsonValueKind.String: dtypeName = p.Value.GetString(); break;
                case "shape" when shapeEl.ValueKind == JsonValueKind.Undefined: shapeEl = p.Value; break;
                case "offsets" when offsetsEl.ValueKind == JsonValueKind.Undefined: offsetsEl = p.Value; break;
                default: throw bad($"{at} has an unexpected, repeated or mistyped field '{ModelNames.Printable(p.Name)}'.", null);
            }
            seen++;
        }
        if (name is null || dtypeName is null || seen != 4)
            throw bad($"{at} needs the fields name, dtype, shape and offsets.", null);
        if (!ModelNames.IsValidTensorName(name))
            throw bad($"{at} has an invalid name '{ModelNames.Printable(name)}' (allowed: {ModelNames.TensorNameRule}).", null);
        at = $"tensor '{name}'";
        if (!TensorDTypes.TryParse(dtypeName, out var dtype))
            throw bad($"{at} has the unknown dtype '{ModelNames.Printable(dtypeName)}' (allowed: {TensorDTypes.AllNames}).", null);

        if (shapeEl.ValueKind != JsonValueKind.Array) throw bad($"{at}: 'shape' is not an array.", null);
        int rank = shapeEl.GetArrayLength();
        if (rank > MaxRank) throw bad($"{at} has rank {rank}, more than the limit of {MaxRank}.", null);
        int elementSize = TensorDTypes.ElementSize(dtype);
        long maxElements = dataLength / elementSize;
        var shape = new int[rank];
        long elements = 1;
        bool hasZero = false;
        for (int i = 0; i < rank; i++)
        {
            var d = shapeEl[i];
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw bad($"{at}: shape entry {i} is not an integer in [0, {int.MaxValue}].", null);
            shape[i] = dim;
            if (dim == 0) hasZero = true;
            // Overflow-safe: stop multiplying once the product exceeds what the data section could hold.
            if (!hasZero && elements <= maxElements) elements = Math.Min(elements * dim, maxElements + 1);
        }
        if (hasZero) elements = 0;
        if (elements > maxElements)
            throw bad($"{at} has shape {Ascent.Numerics.Tensor.Format(shape)}, larger than the whole data section ({dataLength} bytes).", null);
        long byteLength = elements * elementSize;

        if (offsetsEl.ValueKind != JsonValueKind.Array || offsetsEl.GetArrayLength() != 2)
            throw bad($"{at}: 'offsets' is not an array of two integers.", null);
        if (!offsetsEl[0].TryGetInt64Strict(out long begin) || !offsetsEl[1].TryGetInt64Strict(out long end))
            throw bad($"{at}: 'offsets' is not an array of two integers.", null);
        if (begin != expectedOffset)
            throw bad($"{at} starts at byte {begin}, but the previous tensor ends at {expectedOffset} (tensors must be stored in order, without gaps or overlap).", null);
        if (end < begin || end > dataLength)
            throw bad($"{at} has offsets [{begin}, {end}] outside the data section of {dataLength} bytes.", null);
        if (end - begin != byteLength)
            throw bad($"{at} has shape {Ascent.Numerics.Tensor.Format(shape)} and dtype {dtypeName} ({byteLength} bytes) but offsets [{begin}, {end}] ({end - begin} bytes).", null);
        return new TensorInfo(name, dtype, shape, begin, byteLength);
    }

    private static bool TryGetInt64Strict(this JsonElement e, out long value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value) && value >= 0;
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
