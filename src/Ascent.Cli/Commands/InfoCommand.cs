using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ascent.Cli.Commands;

/// <summary><c>ascent info</c>: the machine, runtime and SIMD features Ascent will use.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the runtime, CPU and SIMD features Ascent uses.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"Ascent {typeof(Ascent.Numerics.Tensor).Assembly.GetName().Version}");
            Console.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})");
            Console.WriteLine($"cores: {Environment.ProcessorCount}");
            Console.WriteLine($"SIMD: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, FMA {Fma.IsSupported}, AVX-512F {Avx512F.IsSupported}");
            return 0;
        });
        return command;
    }
}
