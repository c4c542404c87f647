using System.CommandLine;
using Ascent.Cli;

namespace Ascent.Tests.Cli;

/// <summary>Runs the <c>ascent</c> command tree in-process with captured output.</summary>
internal static class CliRunner
{
    /// <summary>Parses and invokes <paramref name="args"/>; returns the exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = Program.Invoke(Program.BuildRoot().Parse(args), new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The <c>tensors.bin</c> entry of a model file: equal bytes mean equal parameters, optimizer state, generators and environments.</summary>
    public static byte[] ModelTensors(string modelPath)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(modelPath);
        using var stream = zip.GetEntry("tensors.bin")!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Copies the run directory <paramref name="from"/> with all its files to <paramref name="to"/> (a run to interrupt by hand).</summary>
    public static void CopyRunDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The last line of <paramref name="output"/> parsed as JSON (what --json prints).</summary>
    public static System.Text.Json.JsonElement LastJsonLine(string output) =>
        System.Text.Json.JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
}
