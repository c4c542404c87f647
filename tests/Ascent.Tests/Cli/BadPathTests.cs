using Ascent.Tests.Io;

namespace Ascent.Tests.Cli;

/// <summary>
/// A path of the wrong kind says exactly what is wrong (<c>is empty</c>, <c>does not exist</c>, <c>is a directory, expected a
/// file</c>, <c>is a file, expected a directory</c>), on one line with exit code 1, whichever command reads it.
/// </summary>
public sealed class BadPathTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AssertOneLine((int ExitCode, string Output, string Error) r, string contains)
    {
        Assert.Equal(1, r.ExitCode);
        string error = r.Error.TrimEnd();
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", error);
        Assert.True(error.Contains(contains, StringComparison.Ordinal), $"\"{contains}\" not in: {error}");
    }

    private string File(string name)
    {
        string path = Path.Combine(_dir.Path, name);
        System.IO.File.WriteAllText(path, "x");
        return path;
    }

    [Fact]
    public void ADirectoryForAFile_SaysSo()
    {
        AssertOneLine(CliRunner.Run("eval", _dir.Path), $"Model file '{_dir.Path}' is a directory, expected a file.");
        AssertOneLine(CliRunner.Run("export", _dir.Path, Path.Combine(_dir.Path, "m.onnx")), "is a directory, expected a file.");
        AssertOneLine(CliRunner.Run("train", "ppo", "CartPole-v1", "--config", _dir.Path), $"Hyperparameter file '{_dir.Path}' is a directory, expected a file.");
        AssertOneLine(CliRunner.Run("env", "check", _dir.Path), $"ascent env check: Golden trajectory file '{_dir.Path}' is a directory, expected a file.");
    }

    [Fact]
    public void AFileForADirectory_SaysSo()
    {
        string file = File("plain.txt");
        AssertOneLine(CliRunner.Run("report", file), $"Run directory '{file}' is a file, expected a directory.");
        AssertOneLine(CliRunner.Run("train", "ppo", "CartPole-v1", "--resume", file), $"--resume: the run directory '{file}' is a file, expected a directory.");
        AssertOneLine(CliRunner.Run("train", "ppo", "CartPole-v1", "--steps", "64", "--runs", file), $"--runs '{file}' is a file, expected a directory.");
    }

    [Fact]
    public void EmptyAndMissingPaths_SaySo()
    {
        AssertOneLine(CliRunner.Run("eval", ""), "Model file '' is empty, expected a path.");
        AssertOneLine(CliRunner.Run("train", "ppo", "CartPole-v1", "--steps", "64", "--runs", ""), "--runs '' is empty, expected a path.");
        string missing = Path.Combine(_dir.Path, "missing.zip");
        AssertOneLine(CliRunner.Run("eval", missing), $"Model file '{missing}' does not exist.");
        AssertOneLine(CliRunner.Run("report", missing), $"Run directory '{missing}' does not exist.");
        AssertOneLine(CliRunner.Run("env", "check", missing), $"Golden trajectory file '{missing}' does not exist.");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "run", "progress.csv"));
        AssertOneLine(CliRunner.Run("report", Path.Combine(_dir.Path, "run")), "progress.csv' is a directory, expected a file.");
    }

    [Fact]
    public void EnvCheck_BadOptionAndBadFile_ExitOne_AndTheOtherFilesAreStillChecked()
    {
        AssertOneLine(CliRunner.Run("env", "check", "--rtol", "-1", "x.json"), "ascent env check: --rtol = -1 is outside the allowed range [0, ∞)");
        string golden = TestData.Path("gymnasium", "edge", "MountainCar-v0.json");
        var r = CliRunner.Run("env", "check", _dir.Path, golden);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("is a directory, expected a file.", r.Error);
        Assert.Contains("MountainCar-v0", r.Output);
        Assert.Contains("OK", r.Output);
    }
}
