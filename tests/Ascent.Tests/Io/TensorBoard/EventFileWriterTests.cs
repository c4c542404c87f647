using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Ascent.Io.TensorBoard;

namespace Ascent.Tests.Io.TensorBoard;

public sealed class EventFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ascent-tb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteSample()
    {
        using var writer = new EventFileWriter(_dir, wallTime: 1_700_000_000.25);
        writer.WriteScalars(100, ["train/value_loss", "rollout/ep_rew_mean"], [0.5, 21.75], wallTime: 1_700_000_001.5);
        writer.WriteScalar(200, "train/approx_kl", 0.0125, wallTime: 1_700_000_002.0);
        writer.WriteScalars(300, ["time/fps", "train/value_loss"], [123456.0, -3.5e-7], wallTime: 1_700_000_003.0);
        return writer.FilePath;
    }

    [Fact]
    public void EventFile_IsNamedAsTensorBoardExpects()
    {
        string path = WriteSample();
        Assert.Equal($"events.out.tfevents.1700000000.{Environment.MachineName}", Path.GetFileName(path));
    }

    [Fact]
    public void EventFile_RecordsHaveValidCrcs_AndDecodeToTheWrittenScalars()
    {
        var events = EventFileReader.ReadEvents(WriteSample());

        Assert.Equal(4, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(1_700_000_000.25, events[0].WallTime);
        Assert.Empty(events[0].Scalars);

        Assert.Equal(100, events[1].Step);
        Assert.Equal(1_700_000_001.5, events[1].WallTime);
        Assert.Equal([("train/value_loss", 0.5f), ("rollout/ep_rew_mean", 21.75f)], events[1].Scalars);
        Assert.Equal(200, events[2].Step);
        Assert.Equal([("train/approx_kl", 0.0125f)], events[2].Scalars);
        Assert.Equal(300, events[3].Step);
        Assert.Equal([("time/fps", 123456f), ("train/value_loss", -3.5e-7f)], events[3].Scalars);
        Assert.All(events.Skip(1), e => Assert.Null(e.FileVersion));
    }

    [Fact]
    public void ASessionStart_IsTheEventTensorBoardPurgesLaterStepsOn()
    {
        string path;
        using (var writer = new EventFileWriter(_dir, wallTime: 1_700_000_000))
        {
            writer.WriteSessionStart(2001, wallTime: 1_700_000_001);
            writer.WriteScalar(2040, "train/value_loss", 0.25, wallTime: 1_700_000_002);
            path = writer.FilePath;
        }
        var events = EventFileReader.ReadEvents(path);
        Assert.Equal(3, events.Count);
        Assert.Equal(2001, events[1].Step);
        Assert.Equal(1, events[1].SessionStatus);                     // SessionLog.START
        Assert.Empty(events[1].Scalars);
        Assert.Null(events[2].SessionStatus);
    }

    [Fact]
    public void SecondWriterInTheSameSecond_GetsItsOwnFile()
    {
        using var a = new EventFileWriter(_dir, wallTime: 1_700_000_000);
        using var b = new EventFileWriter(_dir, wallTime: 1_700_000_000);
        Assert.NotEqual(a.FilePath, b.FilePath);
        Assert.Contains("tfevents", Path.GetFileName(b.FilePath));
    }

    [Fact]
    public void Protoc_DecodesAWrittenRecord()
    {
        var records = EventFileReader.ReadRecords(WriteSample());
        string header = RunProtocDecode(records[0]);
        Assert.Contains("wall_time: 1700000000.25", header);
        Assert.Contains("file_version: \"brain.Event:2\"", header);

        string text = RunProtocDecode(records[1]);
        Assert.Contains("wall_time: 1700000001.5", text);
        Assert.Contains("step: 100", text);
        Assert.Contains("tag: \"train/value_loss\"", text);
        Assert.Contains("simple_value: 0.5", text);
        Assert.Contains("tag: \"rollout/ep_rew_mean\"", text);
        Assert.Contains("simple_value: 21.75", text);
    }

    private static string RunProtocDecode(byte[] record)
    {
        string protoDir = Path.Combine(AppContext.BaseDirectory, "proto");
        var start = new ProcessStartInfo(FindProtoc())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--decode=tensorboard.Event", $"--proto_path={protoDir}", "tensorboard_event.proto" })
            start.ArgumentList.Add(arg);
        using var protoc = Process.Start(start)!;
        protoc.StandardInput.BaseStream.Write(record);
        protoc.StandardInput.Close();
        var stderr = protoc.StandardError.ReadToEndAsync();
        string output = protoc.StandardOutput.ReadToEnd();
        Assert.True(protoc.WaitForExit(30_000), "protoc did not finish in 30 s");
        Assert.True(protoc.ExitCode == 0, $"protoc failed ({protoc.ExitCode}): {stderr.Result}");
        return output;
    }

    /// <summary>protoc inside the Grpc.Tools package in the NuGet package folder the tests were built against.</summary>
    private static string FindProtoc()
    {
        string? root = typeof(EventFileWriterTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        if (string.IsNullOrEmpty(root)) root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(root)) root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string platform = (OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macosx" : "linux")
            + (RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "_arm64" : RuntimeInformation.OSArchitecture == Architecture.X86 ? "_x86" : "_x64");
        string exe = OperatingSystem.IsWindows() ? "protoc.exe" : "protoc";
        string toolsRoot = Path.Combine(root, "grpc.tools");
        Assert.True(Directory.Exists(toolsRoot), $"Grpc.Tools is not in the NuGet package folder {root}");
        string? protoc = Directory.EnumerateDirectories(toolsRoot)
            .Select(version => Path.Combine(version, "tools", platform, exe))
            .Where(File.Exists)
            .OrderByDescending(p => p, StringComparer.Ordinal)
            .FirstOrDefault();
        Assert.True(protoc is not null, $"no {platform}/{exe} under {toolsRoot}");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(protoc) & UnixFileMode.UserExecute) == 0)
            File.SetUnixFileMode(protoc, File.GetUnixFileMode(protoc) | UnixFileMode.UserExecute);
        return protoc;
    }
}
