using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Ascent.Io.Models;

/// <summary>
/// The zip container of a model file: exactly the entries <c>metadata.json</c>, <c>tensors.bin</c> and
/// <c>checksums.sha256</c>, the last holding the SHA-256 of the other two in <c>sha256sum</c> format.
/// </summary>
/// <remarks>
/// Ascent stores every entry uncompressed (float data hardly compresses), so a file's entries add up to
/// its size; deflated entries written by other tools are read within the ratio limit below.
/// Reading never trusts a size it has not checked: the file must fit the size limit before it is read,
/// every entry's declared size must fit its own limit and a plausible compression ratio before a buffer
/// is allocated for it, the bytes actually decompressed must equal the declared size, and both
/// checksums must match before the content is parsed.
/// </remarks>
internal static class ModelArchive
{
    public const string MetadataEntry = "metadata.json";
    public const string TensorsEntry = "tensors.bin";
    public const string ChecksumsEntry = "checksums.sha256";

    /// <summary>The largest model file accepted (1 GiB).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Per-entry size limits.</summary>
    public static long MaxEntryBytes(string name) => name switch
    {
        MetadataEntry => 1L << 20,
        ChecksumsEntry => 4096,
        _ => MaxFileBytes,
    };

    /// <summary>An entry may expand to at most this many times its compressed size, plus <see cref="RatioSlackBytes"/>.</summary>
    public const long MaxCompressionRatio = 20;

    /// <summary>Small entries may expand this much regardless of the ratio.</summary>
    public const long RatioSlackBytes = 64 << 10;

    // Fixed entry timestamps make the same model produce the same bytes.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the three entries, uncompressed.</summary>
    public static void Write(Stream destination, byte[] metadata, byte[] tensors)
    {
        var checksums = Encoding.ASCII.GetBytes($"{Sha256Hex(metadata)}  {MetadataEntry}\n{Sha256Hex(tensors)}  {TensorsEntry}\n");
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        AddEntry(zip, MetadataEntry, metadata, CompressionLevel.NoCompression);
        AddEntry(zip, TensorsEntry, tensors, CompressionLevel.NoCompression);
        AddEntry(zip, ChecksumsEntry, checksums, CompressionLevel.NoCompression);
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] content, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var s = entry.Open();
        s.Write(content);
    }

    /// <summary>Reads and verifies the archive in <paramref name="file"/>; returns (metadata, tensors).</summary>
    /// <exception cref="ModelFormatException">The archive is malformed, incomplete, oversized or fails its checksums.</exception>
    public static (byte[] Metadata, byte[] Tensors) Read(byte[] file, string source)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count != 3)
                throw new ModelFormatException(source, $"the archive has {zip.Entries.Count} entries; expected exactly {MetadataEntry}, {TensorsEntry} and {ChecksumsEntry}.");
            foreach (var entry in zip.Entries)
            {
                string name = entry.FullName;
                if (name is not (MetadataEntry or TensorsEntry or ChecksumsEntry))
                    throw new ModelFormatException(source, $"the archive has an unexpected entry '{ModelNames.Printable(name)}'; expected exactly {MetadataEntry}, {TensorsEntry} and {ChecksumsEntry}.");
                if (entries.ContainsKey(name))
                    throw new ModelFormatException(source, $"the archive has the entry '{name}' twice.");
                entries[name] = ReadEntry(entry, file.Length, source);
            }
        }
        catch (ModelFormatException) { throw; }
        catch (Exception ex) when (IsCorruptZip(ex))
        {
            throw new ModelFormatException(source, $"the zip container is damaged ({ex.GetType().Name}: {ex.Message}).", ex);
        }
        VerifyChecksums(entries, source);
        return (entries[MetadataEntry], entries[TensorsEntry]);
    }

    // System.IO.Compression reports damaged archives with these types; none of them can come from our own code here.
    private static bool IsCorruptZip(Exception ex) =>
        ex is InvalidDataException or IOException or NotSupportedException or ArgumentException
            or OverflowException or IndexOutOfRangeException or InvalidOperationException or FormatException;

    private static byte[] ReadEntry(ZipArchiveEntry entry, long fileLength, string source)
    {
        string name = entry.FullName;
        long declared = entry.Length, compressed = entry.CompressedLength;
        long limit = MaxEntryBytes(name);
        if (declared < 0 || compressed < 0 || compressed > fileLength)
            throw new ModelFormatException(source, $"{name}: the declared sizes ({declared} bytes, {compressed} compressed) do not fit a file of {fileLength} bytes.");
        if (declared > limit)
            throw new ModelFormatException(source, $"{name}: the declared size {declared} bytes exceeds the limit of {limit} bytes.");
        if (declared > RatioSlackBytes + MaxCompressionRatio * compressed)
            throw new ModelFormatException(source, $"{name}: {compressed} compressed bytes claim to expand to {declared} bytes, more than the allowed ratio of {MaxCompressionRatio} (a zip bomb or a damaged header).");

        var content = new byte[declared];
        using var stream = entry.Open();
        int read = 0;
        while (read < content.Length)
        {
            int n = stream.Read(content, read, content.Length - read);
            if (n == 0) break;
            read += n;
        }
        if (read != declared)
            throw new ModelFormatException(source, $"{name}: the entry holds {read} bytes but its header declares {declared}.");
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) != 0)
            throw new ModelFormatException(source, $"{name}: the entry holds more bytes than the {declared} its header declares.");
        return content;
    }

    private static void VerifyChecksums(Dictionary<string, byte[]> entries, string source)
    {
        foreach (var required in new[] { MetadataEntry, TensorsEntry, ChecksumsEntry })
            if (!entries.ContainsKey(required))
                throw new ModelFormatException(source, $"the archive has no '{required}' entry.");

        // Exactly two lines "<64 lowercase hex>  <name>\n", metadata first.
        string text = Encoding.ASCII.GetString(entries[ChecksumsEntry]);
        string expectedShape = $"<sha256>  {MetadataEntry}\\n<sha256>  {TensorsEntry}\\n";
        var lines = text.Split('\n');
        if (lines.Length != 3 || lines[2].Length != 0)
            throw new ModelFormatException(source, $"{ChecksumsEntry} is malformed (expected two lines: {expectedShape}).");
        string[] names = [MetadataEntry, TensorsEntry];
        for (int i = 0; i < 2; i++)
        {
            string line = lines[i];
            string suffix = "  " + names[i];
            if (line.Length != 64 + suffix.Length || !line.EndsWith(suffix, StringComparison.Ordinal) || !IsLowerHex(line.AsSpan(0, 64)))
                throw new ModelFormatException(source, $"{ChecksumsEntry} line {i + 1} is malformed (expected: {expectedShape}).");
            string actual = Sha256Hex(entries[names[i]]);
            if (!string.Equals(actual, line[..64], StringComparison.Ordinal))
                throw new ModelFormatException(source, $"{names[i]}: SHA-256 checksum mismatch (recorded {line[..64]}, actual {actual}); the file is corrupt.");
        }
    }

    private static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return true;
    }

    private static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
