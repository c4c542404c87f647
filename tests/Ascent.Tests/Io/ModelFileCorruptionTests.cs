using Xunit.Abstractions;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Ascent.Io.Models;
using Ascent.Numerics;

namespace Ascent.Tests.Io;

/// <summary>
/// Damaged and hostile model files: each must give a <see cref="ModelFormatException"/> (or, for damage to
/// zip fields nobody reads, an identical model) — never another exception type, a hang, or an allocation
/// out of proportion to the file.
/// </summary>
public class ModelFileCorruptionTests(ITestOutputHelper output)
{
    /// <summary>A generous bound on what reading n bytes may allocate: a few copies of the file plus fixed buffers.</summary>
    private static long AllocationBound(int fileLength) => 8L * fileLength + (512 << 10);

    /// <summary>Reads <paramref name="file"/> and, if that succeeds, every tensor; returns the fingerprint or the format error.</summary>
    private static (string? Fingerprint, ModelFormatException? Error, long Allocated) TryLoad(byte[] file)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var r = ModelReader.Read(new MemoryStream(file, writable: false), "damaged.zip");
            string fp = SampleModels.Fingerprint(r);
            return (fp, null, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        catch (ModelFormatException ex)
        {
            return (null, ex, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static readonly byte[] Original = SampleModels.Bytes(SampleModels.CartPoleCheckpoint());
    private static readonly string OriginalFingerprint = SampleModels.Fingerprint(ModelReader.Read(new MemoryStream(Original), "original"));

    [Fact]
    public void EveryTruncation_IsAFormatError_WithBoundedAllocation()
    {
        Assert.InRange(Original.Length, 1000, 8000); // keeps this exhaustive test fast
        for (int length = 0; length < Original.Length; length++)
        {
            var (fp, error, allocated) = TryLoad(Original.AsSpan(0, length).ToArray());
            Assert.True(fp is null, $"a file truncated to {length} bytes loaded");
            Assert.NotNull(error);
            Assert.True(allocated <= AllocationBound(length), $"truncated to {length} bytes: allocated {allocated} bytes");
        }
    }

    [Fact]
    public void RandomBitFlips_GiveTheOriginalModelOrAFormatError_WithBoundedAllocation()
    {
        var rng = new Rng(11);
        int loaded = 0, rejected = 0;
        long maxAllocated = 0;
        var kinds = new Dictionary<string, int>();
        for (int trial = 0; trial < 4000; trial++)
        {
            var file = (byte[])Original.Clone();
            int flips = trial % 4 == 3 ? 1 + rng.Integer(8) : 1; // mostly single flips, some bursts
            for (int f = 0; f < flips; f++) file[rng.Integer(file.Length)] ^= (byte)(1 << rng.Integer(8));
            var (fp, error, allocated) = TryLoad(file);
            Assert.True(allocated <= AllocationBound(file.Length), $"trial {trial}: allocated {allocated} bytes");
            maxAllocated = Math.Max(maxAllocated, allocated);
            if (fp is not null)
            {
                Assert.Equal(OriginalFingerprint, fp); // damage to ignorable zip fields only
                loaded++;
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error!.Problem));
                rejected++;
                string kind = error.Problem.Length > 40 ? error.Problem[..40] : error.Problem;
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
        }
        output.WriteLine($"file {Original.Length} bytes: {loaded} loaded unchanged, {rejected} rejected; max allocation {maxAllocated} bytes");
        foreach (var (kind, n) in kinds.OrderByDescending(k => k.Value).Take(15)) output.WriteLine($"{n,5}  {kind}…");
        Assert.True(rejected > 3000, $"only {rejected} of 4000 damaged files were rejected ({loaded} loaded)");
    }

    [Fact]
    public void EveryBitOfTheDataEntries_IsCoveredByTheChecksums()
    {
        // Flip each bit of the stored tensors.bin entry (uncompressed in the zip) and of the checksum lines.
        int start = IndexOf(Original, "ASCTNSR1"u8);
        Assert.True(start > 0);
        for (int i = start; i < Original.Length; i += 7)
        {
            var file = (byte[])Original.Clone();
            file[i] ^= (byte)(1 << (i % 8));
            var (fp, _, _) = TryLoad(file);
            Assert.True(fp is null || fp == OriginalFingerprint, $"flip at byte {i} changed the model without an error");
        }
    }

    [Fact]
    public void ChecksumMismatch_NamesTheEntry()
    {
        int start = IndexOf(Original, "ASCTNSR1"u8);
        var file = (byte[])Original.Clone();
        file[^200] ^= 0x10; // inside the central directory or data: either way an error
        file[start + 40] ^= 0x01; // inside the tensor header
        var (_, error, _) = TryLoad(file);
        Assert.NotNull(error);
        var data = (byte[])Original.Clone();
        data[IndexOf(Original, "ASCTNSR1"u8) + 600] ^= 0x04;
        var (_, dataError, _) = TryLoad(data);
        Assert.Contains("tensors.bin: SHA-256 checksum mismatch", dataError!.Message);
        Assert.Contains("damaged.zip", dataError.Message);
    }

    // ----- hostile but checksum-valid content -----

    private static byte[] Store(string headerJson, int dataBytes, ulong? declaredHeaderLength = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[16 + header.Length + dataBytes];
        "ASCTNSR1"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), declaredHeaderLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 16);
        return bytes;
    }

    private static readonly byte[] ValidMetadata = ExtractEntry(Original, "metadata.json");

    private static byte[] ExtractEntry(byte[] zipBytes, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        using var s = zip.GetEntry(name)!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] Archive(byte[] metadata, byte[] store)
    {
        using var ms = new MemoryStream();
        ModelArchive.Write(ms, metadata, store);
        return ms.ToArray();
    }

    private static ModelFormatException Rejects(byte[] file, string expected)
    {
        var (fp, error, allocated) = TryLoad(file);
        Assert.True(fp is null, $"loaded although '{expected}' was expected");
        Assert.NotNull(error);
        Assert.True(error!.Message.Contains(expected, StringComparison.Ordinal), $"expected '{expected}' in: {error.Message}");
        Assert.True(allocated <= AllocationBound(file.Length), $"allocated {allocated} bytes for a {file.Length}-byte file");
        return error;
    }

    private static string One(string name, string dtype, string shape, string offsets) =>
        $$"""{"tensors":[{"name":"{{name}}","dtype":"{{dtype}}","shape":{{shape}},"offsets":{{offsets}}}]}""";

    [Theory]
    [InlineData("[2147483647, 2147483647]", "[0, 16]", "larger than the whole data section")]
    [InlineData("[65536, 65536, 65536, 65536, 65536, 65536]", "[0, 16]", "larger than the whole data section")]
    [InlineData("[2, 2]", "[0, 4611686018427387904]", "outside the data section")]
    [InlineData("[2, 2]", "[-8, 8]", "not an array of two non-negative integers")]
    [InlineData("[2, 2]", "[8, 24]", "starts at byte 8")]
    [InlineData("[2, 1]", "[0, 16]", "offsets [0, 16] (16 bytes)")]
    [InlineData("[-1, 4]", "[0, 16]", "shape entry 0 is not an integer")]
    [InlineData("[4294967296]", "[0, 16]", "shape entry 0 is not an integer")]
    [InlineData("[1, 1, 1, 1, 1, 1, 1, 1, 1]", "[0, 4]", "rank above the limit of 8")]
    [InlineData("[2, 2.5]", "[0, 16]", "shape entry 1 is not an integer")]
    [InlineData("[2, 2]", "[0]", "not an array of two non-negative integers")]
    [InlineData("[2, 2]", "[0, 16, 32]", "not an array of two non-negative integers")]
    [InlineData("[2, 2]", "[0, 1.6e1]", "not an array of two non-negative integers")]
    public void HostileTensorHeaders_AreRejectedBeforeAllocating(string shape, string offsets, string expected)
    {
        Rejects(Archive(ValidMetadata, Store(One("params/w", "float32", shape, offsets), 16)), expected);
    }

    [Fact]
    public void HostileTensorHeaders_OtherShapes()
    {
        Rejects(Archive(ValidMetadata, Store(One("params/w", "float32", "[4]", "[0, 16]"), 16, declaredHeaderLength: ulong.MaxValue)), "exceeds the limit");
        Rejects(Archive(ValidMetadata, Store(One("params/w", "float32", "[4]", "[0, 16]"), 16, declaredHeaderLength: 5000)), "exceeds the");
        Rejects(Archive(ValidMetadata, Store(One("params/w", "complex64", "[2]", "[0, 16]"), 16)), "unknown dtype 'complex64'");
        Rejects(Archive(ValidMetadata, Store(One("../../etc/passwd", "float32", "[4]", "[0, 16]"), 16)), "invalid name");
        Rejects(Archive(ValidMetadata, Store(One("params/w", "float32", "[2]", "[0, 8]"), 16)), "cover 8 bytes but the data section has 16");
        Rejects(Archive(ValidMetadata, Store("""{"tensors":[{"name":"a","dtype":"uint8","shape":[4],"offsets":[0,4]},{"name":"a","dtype":"uint8","shape":[4],"offsets":[4,8]}]}""", 8)), "listed twice");
        Rejects(Archive(ValidMetadata, Store("""{"tensors":[{"name":"a","dtype":"uint8","shape":[8],"offsets":[0,8]},{"name":"b","dtype":"uint8","shape":[4],"offsets":[4,8]}]}""", 8)), "starts at byte 4, but the previous tensor ends at 8");
        Rejects(Archive(ValidMetadata, Store("""{"tensors":[{"name":"a","dtype":"uint8","shape":[4],"offsets":[0,4],"code":"rm -rf /"}]}""", 4)), "unexpected");
        Rejects(Archive(ValidMetadata, Store("""{"tensors":[{"name":1,"dtype":"uint8","shape":[4],"offsets":[0,4]}]}""", 4)), "mistyped field 'name'");
        Rejects(Archive(ValidMetadata, Store("""{"tensors":[""", 4)), "not valid JSON (Expected depth to be zero");
        Rejects(Archive(ValidMetadata, Store("[]", 0)), "StartArray where the header object belongs");
        Rejects(Archive(ValidMetadata, Store("{\"tensors\":[],\"extra\":1}", 0)), "PropertyName where the end of the header object belongs");
        Rejects(Archive(ValidMetadata, Store("{\"tensors\":[]} {}", 0)), "not valid JSON");
        Rejects(Archive(ValidMetadata, Store(new string('[', 5000) + new string(']', 5000), 0)), "StartArray where the header object belongs");
        Rejects(Archive(ValidMetadata, Store("{\"tensors\":[" + new string('[', 5000), 0)), "tensor #0 is not a JSON object");
        Rejects(Archive(ValidMetadata, new byte[10]), "fewer than the 16-byte prefix");
        var many = string.Join(",", Enumerable.Range(0, TensorStore.MaxTensors + 1).Select(i => $$"""{"name":"t{{i}}","dtype":"uint8","shape":[0],"offsets":[0,0]}"""));
        Rejects(Archive(ValidMetadata, Store("{\"tensors\":[" + many + "]}", 0)), $"more than the limit of {TensorStore.MaxTensors}");
        Rejects(Archive(ValidMetadata, Encoding.ASCII.GetBytes("NOTMAGIC00000000")), "magic");
    }

    [Fact]
    public void HostileMetadata_IsRejected()
    {
        var store = ExtractEntry(Original, "tensors.bin");
        string meta = Encoding.UTF8.GetString(ValidMetadata);
        byte[] With(string from, string to)
        {
            Assert.Contains(from, meta);
            return Archive(Encoding.UTF8.GetBytes(meta.Replace(from, to)), store);
        }
        Rejects(With("\"format_version\": 1", "\"format_version\": 2"), "format version 2 was written by a newer Ascent");
        Rejects(With("\"format\": \"ascent-model\"", "\"format\": \"pickle\""), "not 'ascent-model'");
        Rejects(With("\"type\": \"discrete\"", "\"type\": \"System.Diagnostics.Process\""), "unknown space type");
        Rejects(With("\"n\": 2", "\"n\": -2"), "'n' must be an integer");
        Rejects(With("\"shape\": [\n      4\n    ]", "\"shape\": [2147483647, 2147483647]"), "more than 1048576 elements");
        Rejects(With("\"env_id\": \"CartPole-v1\"", "\"env_id\": 7"), "'env_id' is missing or not a JSON string");
        Rejects(With("\"num_timesteps\": 100000", "\"num_timesteps\": 1e400"), "counter 'num_timesteps'");
        Rejects(Archive(Encoding.UTF8.GetBytes("{\"format\": "), store), "metadata.json: not valid JSON");
    }

    [Fact]
    public void ZipBombs_OversizedDeclarations_AndWrongEntrySets_AreRejected()
    {
        // A deflated entry that expands 900:1: rejected from its header, before decompression.
        var spaces = new byte[900 << 10];
        Array.Fill(spaces, (byte)' ');
        var bomb = BuildZip(("metadata.json", spaces, CompressionLevel.Optimal), ("tensors.bin", new byte[16], CompressionLevel.NoCompression), ("checksums.sha256", new byte[10], CompressionLevel.NoCompression));
        Assert.True(bomb.Length < 100_000);
        Rejects(bomb, "more than the allowed ratio");
        var big = new byte[2 << 20];
        Rejects(BuildZip(("metadata.json", big, CompressionLevel.NoCompression), ("tensors.bin", new byte[16], CompressionLevel.NoCompression), ("checksums.sha256", new byte[10], CompressionLevel.NoCompression)), "exceeds the limit of 1048576 bytes");

        // A central directory that claims a 2 GB entry.
        var file = (byte[])Original.Clone();
        PatchCentralDirectorySize(file, "tensors.bin", 0x7FFF_FFF0);
        Rejects(file, "tensors.bin");

        Rejects(BuildZip(("metadata.json", ValidMetadata, CompressionLevel.Optimal)), "expected exactly");
        Rejects(BuildZip(("metadata.json", ValidMetadata, CompressionLevel.Optimal), ("tensors.bin", new byte[16], CompressionLevel.NoCompression), ("evil.dll", new byte[10], CompressionLevel.NoCompression)), "unexpected entry 'evil.dll'");
        Rejects(BuildZip(("metadata.json", ValidMetadata, CompressionLevel.Optimal), ("metadata.json", ValidMetadata, CompressionLevel.Optimal), ("tensors.bin", new byte[16], CompressionLevel.NoCompression)), "twice");
        Rejects(BuildZip(("metadata.json", ValidMetadata, CompressionLevel.Optimal), ("tensors.bin", new byte[16], CompressionLevel.NoCompression), ("checksums.sha256", "not a checksum\n"u8.ToArray(), CompressionLevel.NoCompression)), "checksums.sha256 is malformed");
        Rejects([], "zip");
        Rejects(new byte[100], "zip");
        Rejects(Encoding.ASCII.GetBytes("PK\u0005\u0006" + new string('\xff', 18)), "zip");
    }

    private static byte[] BuildZip(params (string Name, byte[] Content, CompressionLevel Level)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, level) in entries)
            {
                using var s = zip.CreateEntry(name, level).Open();
                s.Write(content);
            }
        }
        return ms.ToArray();
    }

    /// <summary>Overwrites the uncompressed and compressed sizes of <paramref name="entry"/> in the central directory and local header.</summary>
    private static void PatchCentralDirectorySize(byte[] zip, string entry, uint size)
    {
        var name = Encoding.ASCII.GetBytes(entry);
        for (int i = 0; i + 46 < zip.Length; i++)
        {
            uint sig = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (sig == 0x02014b50 && zip.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 20), size);
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
            if (sig == 0x04034b50 && i + 30 + name.Length <= zip.Length && zip.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 18), size);
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
        }
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
