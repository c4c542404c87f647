namespace Ascent.Tests.Io;

/// <summary>Wraps a stream and fails like a full disk: writes beyond <c>capacity</c> bytes (or any flush, if asked) throw.</summary>
internal sealed class FailingStream(Stream inner, long capacity, bool failOnFlush = false) : Stream
{
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long room = capacity - _written;
        if (buffer.Length > room)
        {
            inner.Write(buffer[..(int)Math.Max(0, room)]);
            _written = capacity;
            throw new IOException("No space left on device");
        }
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void Flush()
    {
        if (failOnFlush) throw new IOException("No space left on device");
        inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
