using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Ascent.Tests.Io.Onnx;

/// <summary>
/// Runs exported models in ONNX Runtime through Node.js: <c>tests/onnx/run.mjs</c> with onnxruntime-node (and
/// onnx-proto, an independent decoder of the official schema) installed in <c>tests/onnx/node_modules</c>.
/// </summary>
/// <remarks>
/// <c>.ci/run</c> installs the packages before the tests; when they are missing the harness installs them itself with
/// <c>npm ci --ignore-scripts</c> (onnxruntime-node ships its Linux binary in the package, so no install script is
/// needed). Without node and npm on PATH the tests are skipped. <c>.ci/run</c> sets <c>ASCENT_ONNX_RUNTIME=required</c>
/// when it installed them (then any problem is a failure) and <c>ASCENT_ONNX_RUNTIME=unavailable</c> when it could not
/// (then the tests are skipped with that reason, and <c>.ci/run</c> says so in its log).
/// </remarks>
internal static class OnnxRuntimeHarness
{
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    /// <summary>The folder holding run.mjs and package.json (recorded at build time).</summary>
    public static string HarnessDirectory { get; } = typeof(OnnxRuntimeHarness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "OnnxHarnessDirectory")?.Value
        ?? throw new InvalidOperationException("the test assembly does not record OnnxHarnessDirectory (see Ascent.Tests.csproj)");

    /// <summary>Why the ONNX Runtime tests cannot run here, or null when they can.</summary>
    public static string? SkipReason()
    {
        switch (Environment.GetEnvironmentVariable("ASCENT_ONNX_RUNTIME"))
        {
            case "required": return null;
            case "unavailable": return ".ci/run could not install Node.js and onnxruntime-node on this machine (see its log), so the ONNX Runtime agreement tests cannot run.";
        }
        var missing = new[] { "node", "npm" }.Where(tool => FindOnPath(tool) is null).ToArray();
        return missing.Length == 0 ? null
            : $"{string.Join(" and ", missing)} not found on PATH: install Node.js (e.g. apt-get install -y nodejs npm) to run the ONNX Runtime agreement tests.";
    }

    /// <summary>One model to run on a batch of observations.</summary>
    public sealed record Job(string Model, float[] Observations, int Rows, int Columns);

    /// <summary>Runs every job in one node process and returns each job's result document (see run.mjs).</summary>
    public static JsonElement[] Run(string workDirectory, IReadOnlyList<Job> jobs)
    {
        EnsureInstalled();
        var spec = new List<object>();
        var outputs = new string[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            string obs = Path.Combine(workDirectory, $"obs{i}.f32");
            var bytes = new byte[job.Observations.Length * sizeof(float)];
            for (int k = 0; k < job.Observations.Length; k++)
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(k * sizeof(float)), job.Observations[k]);
            File.WriteAllBytes(obs, bytes);
            outputs[i] = Path.Combine(workDirectory, $"result{i}.json");
            spec.Add(new { model = job.Model, observations = obs, rows = job.Rows, columns = job.Columns, output = outputs[i] });
        }
        string jobsPath = Path.Combine(workDirectory, "jobs.json");
        File.WriteAllText(jobsPath, JsonSerializer.Serialize(spec));
        var (exit, output) = Execute(RequireOnPath("node"), HarnessDirectory, TimeSpan.FromMinutes(2), Path.Combine(HarnessDirectory, "run.mjs"), jobsPath);
        if (exit != 0) throw new InvalidOperationException($"node run.mjs failed with exit code {exit}:\n{output}");
        return outputs.Select(path => JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone()).ToArray();
    }

    /// <summary>Decodes a result tensor's base64 little-endian bytes.</summary>
    public static float[] Floats(JsonElement tensor) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.GetProperty("data").GetBytesFromBase64()).ToArray();

    /// <summary>Decodes a result tensor's base64 little-endian int64 bytes.</summary>
    public static long[] Int64s(JsonElement tensor) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(tensor.GetProperty("data").GetBytesFromBase64()).ToArray();

    private static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (_installed) return;
            bool present = new[] { "onnxruntime-node", "onnx-proto" }
                .All(p => File.Exists(Path.Combine(HarnessDirectory, "node_modules", p, "package.json")));
            if (!present)
            {
                var (exit, output) = Execute(RequireOnPath("npm"), HarnessDirectory, TimeSpan.FromMinutes(5), "ci", "--ignore-scripts", "--no-audit", "--no-fund");
                if (exit != 0) throw new InvalidOperationException($"npm ci --ignore-scripts in {HarnessDirectory} failed with exit code {exit}:\n{output}");
            }
            _installed = true;
        }
    }

    private static (int Exit, string Output) Execute(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds} s");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string RequireOnPath(string tool) =>
        FindOnPath(tool) ?? throw new InvalidOperationException($"{tool} is not on PATH; .ci/run installs Node.js and npm for the ONNX Runtime tests.");

    private static string? FindOnPath(string tool)
    {
        string[] names = OperatingSystem.IsWindows() ? [tool + ".exe", tool + ".cmd"] : [tool];
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (string name in names)
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}

/// <summary>A fact that needs Node.js for ONNX Runtime; skipped with the reason when node or npm is missing (outside CI).</summary>
internal sealed class OnnxRuntimeFactAttribute : FactAttribute
{
    public OnnxRuntimeFactAttribute()
    {
        if (OnnxRuntimeHarness.SkipReason() is { } reason) Skip = reason;
    }
}

/// <summary>A theory that needs Node.js for ONNX Runtime; skipped with the reason when node or npm is missing (outside CI).</summary>
internal sealed class OnnxRuntimeTheoryAttribute : TheoryAttribute
{
    public OnnxRuntimeTheoryAttribute()
    {
        if (OnnxRuntimeHarness.SkipReason() is { } reason) Skip = reason;
    }
}
