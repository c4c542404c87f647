using System.CommandLine;
using Ascent.Numerics.Kernels;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// <c>ascent bench gemm</c>: single-threaded GFLOP/s of <see cref="Gemm.Sgemm"/> on the shapes small RL networks
/// use, next to OpenBLAS's <c>cblas_sgemm</c> (one thread) on the same shapes in the same process when
/// <c>libopenblas.so.0</c> is installed.
/// </summary>
/// <remarks>
/// Each shape is timed in alternating rounds (ours, OpenBLAS, ours, …) and the best per-call time of each is
/// kept, so load from other processes, which only ever slows a run down, affects both sides alike.
/// Before timing, both results are compared, so a fast wrong kernel cannot produce a figure.
/// </remarks>
internal static class GemmBench
{
    // Short timed batches, many of them: on a loaded machine a 2 ms batch often runs uninterrupted.
    private const int Rounds = 8, RepetitionsPerRound = 8;
    private const double WarmUpSeconds = 0.15;

    /// <summary>One GEMM shape: C[m×n] = op(A)·op(B) with reduction length k.</summary>
    internal readonly record struct Shape(int M, int K, int N, bool TransA, bool TransB, string Role)
    {
        public string Trans => $"{(TransA ? 'T' : 'N')}{(TransB ? 'T' : 'N')}";
        public double Flops => 2.0 * M * N * K;
    }

    /// <summary>
    /// The grid (M ∈ {64, 256, 2048} × K, N ∈ {64, 256}, NN); the backward GEMMs of a 64-64 hidden layer
    /// at batch 64, 512, 2048 ("hidden-dX": dX = dY·Wᵀ, NT; "hidden-dW": dW = Xᵀ·dY, TN, the batch as reduction);
    /// then the thin layers of a 4-64-64-2 MLP at batch 512: the input layer forward (K = 4) and weight gradient
    /// (M = 4), the 2-output head forward (N = 2), its input gradient (K = 2) and weight gradient (N = 2).
    /// </summary>
    internal static IReadOnlyList<Shape> Shapes()
    {
        var shapes = new List<Shape>();
        foreach (int m in new[] { 64, 256, 2048 })
            foreach (int k in new[] { 64, 256 })
                foreach (int n in new[] { 64, 256 })
                    shapes.Add(new Shape(m, k, n, false, false, "grid"));
        foreach (int batch in new[] { 64, 512, 2048 })
        {
            shapes.Add(new Shape(batch, 64, 64, false, true, "hidden-dX"));
            shapes.Add(new Shape(64, batch, 64, true, false, "hidden-dW"));
        }
        shapes.Add(new Shape(512, 4, 64, false, false, "input-fwd"));
        shapes.Add(new Shape(512, 64, 2, false, false, "head-fwd"));
        shapes.Add(new Shape(512, 2, 64, false, true, "head-dX"));
        shapes.Add(new Shape(64, 512, 2, true, false, "head-dW"));
        shapes.Add(new Shape(4, 512, 64, true, false, "input-dW"));
        return shapes;
    }

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per line." };
        var path = new Option<string>("--path") { Description = "Kernel instruction set: auto, vector512, vector256 or scalar.", DefaultValueFactory = _ => "auto" };
        path.AcceptOnlyFromAmong("auto", "vector512", "vector256", "scalar");
        var minTime = new Option<double>("--min-time") { Description = "Seconds per timed batch (default 0.002; range 0.0005 to 10).", DefaultValueFactory = _ => 0.002 };
        minTime.Validators.Add(r =>
        {
            double v = r.GetValueOrDefault<double>();
            if (!(v >= 0.0005 && v <= 10)) r.AddError($"--min-time must be between 0.0005 and 10 seconds, got {v}.");
        });
        var quick = new Option<bool>("--quick") { Description = "Smoke run: three shapes (NN, NT, a 2-column head), one short round each; figures only indicative." };
        var noBlas = new Option<bool>("--no-openblas") { Description = "Skip the OpenBLAS comparison even when the library is present." };
        var command = new Command("gemm", "Single-threaded SGEMM GFLOP/s on RL network shapes, next to OpenBLAS when libopenblas.so.0 is present.")
        {
            json, path, minTime, quick, noBlas,
        };
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(path) switch
            {
                "vector512" => GemmPath.Vector512,
                "vector256" => GemmPath.Vector256,
                "scalar" => GemmPath.Scalar,
                _ => Gemm.BestPath,
            };
            if (!Gemm.IsSupported(chosen))
            {
                parse.InvocationConfiguration.Error.WriteLine($"bench gemm: --path {parse.GetValue(path)} is not supported by this CPU (best is {Gemm.BestPath}).");
                return 2;
            }
            bool isQuick = parse.GetValue(quick);
            var shapes = isQuick ? QuickShapes() : Shapes();
            var output = new BenchOutput(parse.GetValue(json), parse.InvocationConfiguration.Output);
            return Run(output, chosen, parse.GetValue(minTime), shapes, isQuick, useBlas: !parse.GetValue(noBlas));
        });
        return command;
    }

    /// <summary>The <c>--quick</c> smoke set: one grid shape, one backward NT shape, one narrow head.</summary>
    internal static IReadOnlyList<Shape> QuickShapes() =>
        [new Shape(64, 64, 64, false, false, "grid"), new Shape(64, 64, 64, false, true, "hidden-dX"), new Shape(512, 64, 2, false, false, "head-fwd")];

    private static int Run(BenchOutput output, GemmPath path, double minSeconds, IReadOnlyList<Shape> shapes, bool quick, bool useBlas)
    {
        string? whyNot = "--no-openblas given";
        using var blas = useBlas ? OpenBlas.TryLoad(out whyNot) : null;
        int rounds = quick ? 1 : Rounds, repetitions = quick ? 2 : RepetitionsPerRound;
        double warmUp = quick ? 0.02 : WarmUpSeconds;
        output.Note($"GEMM, single-threaded, Ascent path {path}; best of alternating timed rounds.");
        output.Note(blas is null ? $"OpenBLAS comparison skipped: {whyNot}." : $"comparator: {blas.Config} (1 thread)");
        var ratios = new List<double>();
        var rng = new Random(42);
        foreach (var s in shapes)
        {
            int aRows = s.TransA ? s.K : s.M, aCols = s.TransA ? s.M : s.K;
            int bRows = s.TransB ? s.N : s.K, bCols = s.TransB ? s.K : s.N;
            var a = Random(rng, aRows * aCols);
            var b = Random(rng, bRows * bCols);
            var c = new float[s.M * s.N];
            var cBlas = new float[s.M * s.N];
            void Ours() => Gemm.SgemmOn(path, s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, aCols, b, bCols, 0f, c, s.N);
            void Theirs() => blas!.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, aCols, b, bCols, 0f, cBlas, s.N);

            if (blas is not null)
            {
                Ours(); Theirs();
                CheckAgreement(s, c, cBlas);
            }
            // Warm up past the JIT's tiering delay (~100 ms), so no timed call runs unoptimized code.
            var warm = System.Diagnostics.Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < warmUp)
            {
                Ours();
                if (blas is not null) Theirs();
            }
            double ours = double.MaxValue, theirs = double.MaxValue;
            for (int round = 0; round < rounds; round++)
            {
                ours = Math.Min(ours, Timing.BestSecondsPerCall(Ours, minSeconds, repetitions));
                if (blas is not null) theirs = Math.Min(theirs, Timing.BestSecondsPerCall(Theirs, minSeconds, repetitions));
            }
            double gflops = s.Flops / ours / 1e9;
            double? blasGflops = blas is null ? null : s.Flops / theirs / 1e9;
            double? ratio = blasGflops is null ? null : gflops / blasGflops;
            if (ratio is not null) ratios.Add(ratio.Value);
            output.Write(("bench", "gemm"), ("m", s.M), ("k", s.K), ("n", s.N), ("trans", s.Trans), ("role", s.Role),
                ("gflops", Math.Round(gflops, 2)), ("openblas_gflops", blasGflops is null ? null : Math.Round(blasGflops.Value, 2)),
                ("ratio", ratio is null ? null : Math.Round(ratio.Value, 3)));
        }
        if (ratios.Count > 0)
            output.Note($"ratio to OpenBLAS: min {ratios.Min():F2}, geometric mean {Math.Exp(ratios.Average(Math.Log)):F2} over {ratios.Count} shapes");
        return 0;
    }

    private static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>Both libraries must compute the same product (to float32 rounding) before either is timed.</summary>
    private static void CheckAgreement(Shape s, float[] ours, float[] theirs)
    {
        double tol = 4 * (s.K + 2) * 1.1920929e-7;
        for (int i = 0; i < ours.Length; i++)
            if (!(Math.Abs(ours[i] - theirs[i]) <= tol * Math.Max(1, Math.Abs(theirs[i])) * Math.Sqrt(s.K)))
                throw new InvalidOperationException($"bench gemm: {s.Trans} m={s.M} k={s.K} n={s.N}: Ascent and OpenBLAS disagree at element {i}: {ours[i]} vs {theirs[i]}.");
    }
}
