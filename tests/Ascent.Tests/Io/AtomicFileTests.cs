using Ascent.Io;
using Ascent.Io.Models;

namespace Ascent.Tests.Io;

public class AtomicFileTests
{
    private static string[] TempFiles(string dir) => Directory.GetFiles(dir, "*.tmp");

    [Fact]
    public void Write_CreatesAndReplacesTheFile_LeavingNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "a.txt");
        AtomicFile.WriteAllText(path, "first");
        Assert.Equal("first", File.ReadAllText(path));
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Empty(TempFiles(dir.Path));
    }

    [Fact]
    public void ExceptionMidWrite_KeepsThePreviousFile_AndPropagatesUnchanged()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "a.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        var ex = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            throw new InvalidOperationException("training diverged");
        }));
        Assert.Equal("training diverged", ex.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Empty(TempFiles(dir.Path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DiskFull_KeepsThePreviousModel_AndNamesThePath(bool failOnFlush)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "model.zip");
        var model = SampleModels.CartPoleCheckpoint();
        model.Save(path);
        byte[] before = File.ReadAllBytes(path);

        var changed = SampleModels.CartPoleCheckpoint();
        changed.SetCounter("num_timesteps", 200_000);
        var ex = Assert.Throws<IOException>(() => AtomicFile.Write(path, changed.WriteTo, s => new FailingStream(s, capacity: failOnFlush ? long.MaxValue : 1000, failOnFlush)));
        Assert.Contains(path, ex.Message);
        Assert.Contains("No space left on device", ex.Message);
        Assert.Contains("previous file", ex.Message);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(100_000, ModelReader.Open(path).GetCounter("num_timesteps"));
        Assert.Empty(TempFiles(dir.Path));
    }

    [Fact]
    public void MissingDirectory_IsAnErrorNamingThePath()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "no", "such", "model.zip");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText(path, "x"));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void UnwritableDirectory_IsAnErrorNamingThePath()
    {
        using var dir = new TempDirectory();
        var paths = new List<string>();
        // A path whose "directory" is a regular file.
        string file = Path.Combine(dir.Path, "plain-file");
        File.WriteAllText(file, "x");
        paths.Add(Path.Combine(file, "model.zip"));
        if (OperatingSystem.IsLinux()) paths.Add("/sys/ascent-model.zip"); // sysfs refuses new files, even to root
        string readOnly = Path.Combine(dir.Path, "read-only");
        Directory.CreateDirectory(readOnly);
        if (!OperatingSystem.IsWindows() && !Environment.IsPrivilegedProcess)
        {
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            paths.Add(Path.Combine(readOnly, "model.zip"));
        }
        foreach (var path in paths)
        {
            var ex = Assert.ThrowsAny<Exception>(() => SampleModels.CartPoleCheckpoint().Save(path));
            Assert.True(ex is IOException or UnauthorizedAccessException, $"{path}: {ex.GetType()}");
            Assert.Contains(path, ex.Message);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public void WritingOverADirectory_IsAnError()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(dir.Path, "x"));
        Assert.Contains("is a directory, expected a file", ex.Message);
    }

    [Fact]
    public void DeleteStaleTemporaryFiles_RemovesOnlyThatFilesLeftovers()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, ".model.zip.0123abcd.tmp"), "partial");
        File.WriteAllText(Path.Combine(dir.Path, ".other.zip.0123abcd.tmp"), "partial");
        File.WriteAllText(Path.Combine(dir.Path, "model.zip"), "keep");
        Assert.Equal(1, AtomicFile.DeleteStaleTemporaryFiles(dir.Path, "model.zip"));
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);
    }
}
