using System.CommandLine;
using System.Text.Json;
using Ascent.Cli;

namespace Ascent.Tests.Cli;

public class BenchGemmCommandTests
{
    private static (int ExitCode, string Output, string Error) Invoke(params string[] args) => CliRunner.Run(args);

    private static List<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void BenchGemm_WithoutOpenBlas_PrintsOurFiguresAndNullComparator()
    {
        var (exit, output, _) = Invoke("bench", "gemm", "--quick", "--no-openblas", "--json");
        Assert.Equal(0, exit);
        var lines = JsonLines(output);
        Assert.Equal(3, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal("gemm", line.GetProperty("bench").GetString());
            Assert.True(line.GetProperty("gflops").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Null, line.GetProperty("openblas_gflops").ValueKind);
            Assert.Equal(JsonValueKind.Null, line.GetProperty("ratio").ValueKind);
        }
        Assert.Equal(["NN", "NT", "NN"], lines.Select(l => l.GetProperty("trans").GetString()));
    }

    [Fact]
    public void BenchGemm_ComparesWithOpenBlas_WhenPresent_AndSkipsCleanlyOtherwise()
    {
        var (exit, output, _) = Invoke("bench", "gemm", "--quick", "--json");
        Assert.Equal(0, exit);
        foreach (var line in JsonLines(output))
        {
            var theirs = line.GetProperty("openblas_gflops");
            if (theirs.ValueKind == JsonValueKind.Null) continue; // libopenblas.so.0 not installed here
            Assert.True(theirs.GetDouble() > 0);
            double ratio = line.GetProperty("gflops").GetDouble() / theirs.GetDouble();
            Assert.True(Math.Abs(ratio - line.GetProperty("ratio").GetDouble()) < 0.01, $"ratio {line.GetProperty("ratio")} vs {ratio}");
        }
    }

    [Fact]
    public void BenchGemm_UnknownPath_IsRejected_NamingTheChoices()
    {
        var (exit, _, error) = Invoke("bench", "gemm", "--path", "avx9000");
        Assert.NotEqual(0, exit);
        Assert.Contains("avx9000", error);
        Assert.Contains("vector256", error);
    }
}
