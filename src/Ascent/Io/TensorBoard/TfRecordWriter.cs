using System.Buffers.Binary;

namespace Ascent.Io.TensorBoard;

/// <summary>
/// Writes TFRecord framing to a stream: for each record, its length as a little-endian uint64, the masked
/// CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data (both CRCs little-endian uint32).
/// </summary>
public sealed class TfRecordWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[12];
    private readonly byte[] _footer = new byte[4];
    private bool _disposed;

    /// <summary>Writes records to <paramref name="stream"/>; disposing the writer closes the stream unless <paramref name="leaveOpen"/>.</summary>
    public TfRecordWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("TfRecordWriter: the stream is not writable.", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Appends one record holding <paramref name="data"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BinaryPrimitives.WriteUInt64LittleEndian(_header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), Crc32C.ComputeMasked(_header.AsSpan(0, 8)));
        BinaryPrimitives.WriteUInt32LittleEndian(_footer, Crc32C.ComputeMasked(data));
        _stream.Write(_header);
        _stream.Write(data);
        _stream.Write(_footer);
    }

    /// <summary>Flushes buffered records to the underlying storage.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Flush();
    }

    /// <summary>Flushes and, unless the writer was created with <c>leaveOpen</c>, closes the stream.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _stream.Flush();
        if (!_leaveOpen) _stream.Dispose();
        _disposed = true;
    }
}
