using System.Globalization;
using System.Text.RegularExpressions;

namespace Ascent.Io;

/// <summary>
/// The numbered checkpoints of a run in one directory — <c>&lt;prefix&gt;_&lt;step&gt;&lt;extension&gt;</c>, e.g.
/// <c>checkpoint_000000050000.zip</c> — written atomically, keeping only the most recent ones.
/// </summary>
/// <remarks>
/// <para><see cref="Save"/> writes the new checkpoint with <see cref="AtomicFile"/> first and only then deletes the
/// oldest ones beyond <see cref="Keep"/>, so a failed save (disk full, crash) never costs an existing checkpoint.</para>
/// <para>Only files whose names match the pattern exactly are counted or deleted; anything else in the
/// directory is left alone. Steps are zero-padded to 12 digits so that names also sort by step.</para>
/// </remarks>
public sealed class CheckpointSeries
{
    private readonly Regex _pattern;

    /// <summary>Creates the series; the directory is created if missing.</summary>
    /// <param name="directory">Where the checkpoints live.</param>
    /// <param name="keep">How many of the most recent checkpoints to keep (at least 1).</param>
    /// <param name="prefix">The file-name prefix (letters, digits, '-', '_').</param>
    /// <param name="extension">The file-name extension including the dot.</param>
    public CheckpointSeries(string directory, int keep, string prefix = "checkpoint", string extension = ".zip")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), keep, "CheckpointSeries: keep must be at least 1.");
        if (!Regex.IsMatch(prefix, "^[A-Za-z0-9_-]+$"))
            throw new ArgumentException($"CheckpointSeries: prefix '{prefix}' must consist of letters, digits, '-' and '_'.", nameof(prefix));
        if (!Regex.IsMatch(extension, @"^\.[A-Za-z0-9]+$"))
            throw new ArgumentException($"CheckpointSeries: extension '{extension}' must be a dot followed by letters or digits.", nameof(extension));
        Directory = Path.GetFullPath(directory);
        Keep = keep;
        Prefix = prefix;
        Extension = extension;
        _pattern = new Regex("^" + Regex.Escape(prefix) + "_([0-9]{1,19})" + Regex.Escape(extension) + "$", RegexOptions.CultureInvariant);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create the checkpoint directory '{Directory}': {ex.Message}", ex);
        }
    }

    /// <summary>The directory holding the checkpoints (absolute).</summary>
    public string Directory { get; }

    /// <summary>How many of the most recent checkpoints are kept.</summary>
    public int Keep { get; }

    /// <summary>The file-name prefix.</summary>
    public string Prefix { get; }

    /// <summary>The file-name extension, including the dot.</summary>
    public string Extension { get; }

    /// <summary>Wraps the stream each checkpoint is written to (tests inject a full disk with it).</summary>
    internal Func<Stream, Stream>? WrapStream { get; set; }

    /// <summary>The path of the checkpoint for <paramref name="step"/> (whether or not it exists).</summary>
    public string PathFor(long step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "CheckpointSeries: the step must be non-negative.");
        return Path.Combine(Directory, $"{Prefix}_{step.ToString("D12", CultureInfo.InvariantCulture)}{Extension}");
    }

    /// <summary>The existing checkpoints, newest (highest step) first.</summary>
    public IReadOnlyList<(long Step, string Path)> List()
    {
        var found = new List<(long Step, string Path)>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            var m = _pattern.Match(Path.GetFileName(file));
            if (m.Success && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
                found.Add((step, file));
        }
        found.Sort((a, b) => b.Step.CompareTo(a.Step));
        return found;
    }

    /// <summary>The newest checkpoint, or null when there is none.</summary>
    public string? Latest()
    {
        var all = List();
        return all.Count == 0 ? null : all[0].Path;
    }

    /// <summary>Writes the checkpoint for <paramref name="step"/> atomically, then deletes all but the newest <see cref="Keep"/>.</summary>
    /// <param name="step">The training step the checkpoint belongs to (its number in the file name).</param>
    /// <param name="write">Writes the checkpoint's bytes.</param>
    /// <returns>The path written.</returns>
    public string Save(long step, Action<Stream> write)
    {
        string path = PathFor(step);
        AtomicFile.DeleteStaleTemporaryFiles(Directory, Path.GetFileName(path));
        AtomicFile.Write(path, write, WrapStream);
        Prune();
        return path;
    }

    /// <summary>Deletes all but the newest <see cref="Keep"/> checkpoints.</summary>
    /// <returns>The paths deleted.</returns>
    public IReadOnlyList<string> Prune()
    {
        var deleted = new List<string>();
        var all = List();
        for (int i = Keep; i < all.Count; i++)
        {
            try
            {
                File.Delete(all[i].Path);
                deleted.Add(all[i].Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot delete the old checkpoint '{all[i].Path}': {ex.Message}", ex);
            }
        }
        return deleted;
    }
}
