using BenchmarkDotNet.Running;

// Runs the BenchmarkDotNet classes of this assembly; pick them with the usual switcher arguments,
// e.g. `dotnet run -c Release --project bench/Ascent.Bench -- --filter '*Gemm*'`.
BenchmarkSwitcher.FromAssembly(typeof(Ascent.Bench.GemmBenchmarks).Assembly).Run(args);
return 0;
