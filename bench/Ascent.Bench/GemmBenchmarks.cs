using Ascent.Numerics.Kernels;
using BenchmarkDotNet.Attributes;

namespace Ascent.Bench;

/// <summary>
/// Single-threaded SGEMM on the shapes of a small RL network (forward NN, backward NT and TN) on each
/// instruction-set path. <c>ascent bench gemm</c> gives the same shapes as GFLOP/s next to OpenBLAS; this class
/// gives BenchmarkDotNet's statistics (and allocation counts, which must be zero).
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private GemmPath _path;
    private bool _transA, _transB;
    private int _m, _n, _k;

    /// <summary>The product: "trans m k n", e.g. "NN 256 64 64" is C[256×64] = A[256×64]·B[64×64].</summary>
    [Params("NN 64 64 64", "NN 256 256 256", "NN 2048 64 64", "NN 2048 256 256", "NT 512 64 64", "TN 64 512 64",
        "NN 512 4 64", "NN 512 64 2", "TN 64 512 2")]
    public string Shape { get; set; } = "NN 64 64 64";

    /// <summary>Kernel instruction set (the case fails with a clear message where the CPU lacks it).</summary>
    [Params("Vector512", "Vector256")]
    public string Path { get; set; } = "Vector512";

    /// <summary>Allocates operands for <see cref="Shape"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split(' ');
        _transA = parts[0][0] == 'T';
        _transB = parts[0][1] == 'T';
        _m = int.Parse(parts[1]);
        _k = int.Parse(parts[2]);
        _n = int.Parse(parts[3]);
        _path = Enum.Parse<GemmPath>(Path);
        if (!Gemm.IsSupported(_path)) throw new NotSupportedException($"GemmBenchmarks: this CPU has no {Path} path (best is {Gemm.BestPath}).");
        var rng = new Random(1);
        _a = Enumerable.Range(0, _m * _k).Select(_ => (float)rng.NextDouble()).ToArray();
        _b = Enumerable.Range(0, _k * _n).Select(_ => (float)rng.NextDouble()).ToArray();
        _c = new float[_m * _n];
    }

    /// <summary><c>C = op(A)·op(B)</c>.</summary>
    [Benchmark]
    public void Sgemm() =>
        Gemm.SgemmOn(_path, _transA, _transB, _m, _n, _k, 1f, _a, _transA ? _m : _k, _b, _transB ? _k : _n, 0f, _c, _n);
}
