using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace Ascent.Io.Reports;

/// <summary>The machine a run used: CPU, cores, OS, .NET and SIMD support; written to a run's <c>machine.json</c>.</summary>
public static class MachineInfo
{
    /// <summary>Describes this machine as ordered key/value pairs.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Collect() =>
    [
        new("cpu", CpuModel()),
        new("cores", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("os", RuntimeInformation.OSDescription),
        new("architecture", RuntimeInformation.ProcessArchitecture.ToString()),
        new("dotnet", RuntimeInformation.FrameworkDescription),
        new("simd", SimdSummary()),
        new("ascent", typeof(MachineInfo).Assembly.GetName().Version?.ToString() ?? "unknown"),
    ];

    /// <summary>Writes <see cref="Collect"/> as a JSON object to <paramref name="path"/>.</summary>
    public static void WriteJson(string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        foreach (var (key, value) in Collect()) json.WriteString(key, value);
        json.WriteEndObject();
    }

    /// <summary>Which vector instruction sets the runtime accelerates, e.g. <c>Vector256, AVX2, FMA</c>.</summary>
    public static string SimdSummary()
    {
        var parts = new List<string>();
        if (Vector512.IsHardwareAccelerated) parts.Add("Vector512");
        if (Vector256.IsHardwareAccelerated) parts.Add("Vector256");
        if (Vector128.IsHardwareAccelerated) parts.Add("Vector128");
        if (Avx512F.IsSupported) parts.Add("AVX-512F");
        if (Avx2.IsSupported) parts.Add("AVX2");
        if (Fma.IsSupported) parts.Add("FMA");
        if (Sse42.IsSupported) parts.Add("SSE4.2");
        if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) parts.Add("AdvSIMD");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string CpuModel()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is int colon and > 0)
                        return line[(colon + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
