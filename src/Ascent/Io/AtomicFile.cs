namespace Ascent.Io;

/// <summary>
/// Replaces a file all at once: readers see either the complete previous content or the complete new
/// content, never a partial write, even if the process dies or the disk fills up mid-write.
/// </summary>
/// <remarks>
/// <para>The content is written to a temporary file in the target's directory (so the final rename stays
/// on one file system), flushed to the storage device (<c>fsync</c>), and then renamed over the target,
/// which POSIX and NTFS perform atomically. On any failure the temporary file is deleted and the previous
/// target, if any, is left untouched.</para>
/// <para>Temporary files are named <c>.&lt;file name&gt;.&lt;random&gt;.tmp</c>; one left behind by a killed
/// process is harmless and can be removed with <see cref="DeleteStaleTemporaryFiles"/>.</para>
/// <para>The directory entry itself is not fsynced: after a power loss the rename may be undone, in which
/// case the previous file is still there, complete.</para>
/// </remarks>
public static class AtomicFile
{
    private const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> atomically with the bytes <paramref name="write"/> puts into the stream.</summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    /// <param name="write">Writes the complete new content; an exception thrown here aborts the write and leaves the old file.</param>
    /// <exception cref="IOException">The file could not be written (disk full, missing directory, …); the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file is not writable; the message names the path.</exception>
    public static void Write(string path, Action<Stream> write) => Write(path, write, wrapStream: null);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, s => s.Write(bytes));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));
    }

    /// <summary>Deletes temporary files that an interrupted <see cref="Write(string, Action{Stream})"/> of <paramref name="fileName"/> left in <paramref name="directory"/>.</summary>
    /// <returns>The number of files deleted.</returns>
    public static int DeleteStaleTemporaryFiles(string directory, string fileName)
    {
        if (!Directory.Exists(directory)) return 0;
        int deleted = 0;
        foreach (var temp in Directory.EnumerateFiles(directory, "." + fileName + ".*" + TempSuffix))
        {
            if (TryDelete(temp)) deleted++;
        }
        return deleted;
    }

    /// <summary>The implementation, with a hook that lets tests wrap the temporary file's stream (to inject failures).</summary>
    internal static void Write(string path, Action<Stream> write, Func<Stream, Stream>? wrapStream)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new IOException($"Cannot write '{fullPath}': it has no parent directory.");
        if (Directory.Exists(fullPath))
            throw new IOException($"Cannot write '{fullPath}': it is a directory, expected a file.");
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write '{fullPath}': the directory '{directory}' does not exist.");

        string tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TempSuffix}");
        bool renamed = false;
        try
        {
            using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                var stream = wrapStream is null ? file : wrapStream(file);
                write(stream);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(tempPath, fullPath, overwrite: true);
            renamed = true;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException($"Cannot write '{fullPath}': access denied ({ex.Message}).", ex);
        }
        catch (IOException ex)
        {
            throw new IOException($"Cannot write '{fullPath}': {ex.Message} The previous file, if any, is unchanged.", ex);
        }
        finally
        {
            if (!renamed) TryDelete(tempPath);
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
