namespace Ascent.Io;

/// <summary>
/// Checks a path the user gave before it is read, and says exactly what is wrong with it: <c>is empty</c>,
/// <c>does not exist</c>, <c>is a directory, expected a file</c> or <c>is a file, expected a directory</c>. Every
/// reader of a user-named file or directory (model files, hyperparameter files, run directories, golden trajectories)
/// goes through it, so the messages read the same everywhere.
/// </summary>
public static class UserPath
{
    /// <summary>
    /// Throws unless <paramref name="path"/> names an existing file; <paramref name="what"/> says what it is for
    /// (<c>"Model file"</c>, <c>"--config"</c>), and starts the message.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or blank.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    public static void RequireFile(string? path, string what)
    {
        RequireNotEmpty(path, what);
        if (File.Exists(path)) return;
        if (Directory.Exists(path)) throw new IOException($"{what} '{path}' is a directory, expected a file.");
        throw new FileNotFoundException($"{what} '{path}' does not exist.", path);
    }

    /// <summary>Throws unless <paramref name="path"/> names an existing directory (see <see cref="RequireFile"/>).</summary>
    /// <exception cref="ArgumentException">The path is empty or blank.</exception>
    /// <exception cref="DirectoryNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="IOException">The path is a file.</exception>
    public static void RequireDirectory(string? path, string what)
    {
        RequireNotEmpty(path, what);
        if (Directory.Exists(path)) return;
        if (File.Exists(path)) throw new IOException($"{what} '{path}' is a file, expected a directory.");
        throw new DirectoryNotFoundException($"{what} '{path}' does not exist.");
    }

    /// <summary>
    /// Throws if <paramref name="path"/> is empty or names an existing file, for a directory that is created when missing
    /// (<c>--runs</c>, an output folder).
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or blank.</exception>
    /// <exception cref="IOException">The path is a file.</exception>
    public static void RequireDirectoryOrAbsent(string? path, string what)
    {
        RequireNotEmpty(path, what);
        if (File.Exists(path)) throw new IOException($"{what} '{path}' is a file, expected a directory.");
    }

    private static void RequireNotEmpty(string? path, string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException($"{what} '{path}' is empty, expected a path.");
    }
}
