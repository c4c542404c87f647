using Ascent.Numerics.Kernels;

namespace Ascent.Tests.Numerics;

public class GemmTests
{
    /// <summary>Every instruction-set path this CPU can run (on the AVX-512 dev machine: all three).</summary>
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (var p in SupportedPaths()) data.Add(p.ToString());
        return data;
    }

    private static GemmPath[] SupportedPaths() =>
        new[] { GemmPath.Scalar, GemmPath.Vector256, GemmPath.Vector512 }.Where(Gemm.IsSupported).ToArray();

    private static readonly int[] Awkward = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129];

    /// <summary>One GEMM problem with its own random operands laid out with the given extra stride padding.</summary>
    private sealed class Problem
    {
        public required bool TransA, TransB;
        public required int M, N, K, Lda, Ldb, Ldc;
        public required float Alpha, Beta;
        public required float[] A, B, C0;

        public static Problem Random(Random rng, bool ta, bool tb, int m, int n, int k, float alpha, float beta, int pad, bool nanC)
        {
            int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
            int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
            var a = Fill(rng, Math.Max(0, (aRows - 1) * lda + aCols));
            var b = Fill(rng, Math.Max(0, (bRows - 1) * ldb + bCols));
            var c = Fill(rng, (m - 1) * ldc + n);
            if (nanC) Array.Fill(c, float.NaN);
            return new Problem { TransA = ta, TransB = tb, M = m, N = n, K = k, Lda = Math.Max(1, lda), Ldb = Math.Max(1, ldb), Ldc = ldc, Alpha = alpha, Beta = beta, A = a, B = b, C0 = c };
        }

        private static float[] Fill(Random rng, int length)
        {
            var x = new float[length];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
            return x;
        }

        public float OpA(int i, int p) => TransA ? A[p * Lda + i] : A[i * Lda + p];
        public float OpB(int p, int j) => TransB ? B[j * Ldb + p] : B[p * Ldb + j];

        public string Describe() => $"{(TransA ? 'T' : 'N')}{(TransB ? 'T' : 'N')} m={M} n={N} k={K} lda={Lda} ldb={Ldb} ldc={Ldc} alpha={Alpha} beta={Beta}";

        /// <summary>
        /// Runs the GEMM on <paramref name="path"/> and checks every element of C against a double-precision
        /// reference, within the float32 error bound <c>(k + 2)·eps·(|alpha|·Σ_p |a_ip||b_pj| + |beta·c_ij|)</c>
        /// (times 2 for slack), and that padding between C's rows is untouched.
        /// </summary>
        public void Check(GemmPath path)
        {
            var c = (float[])C0.Clone();
            Gemm.SgemmOn(path, TransA, TransB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
            const double eps = 1.1920929e-7;
            for (int i = 0; i < M; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    double dot = 0, mag = 0;
                    for (int p = 0; p < K; p++)
                    {
                        double t = (double)OpA(i, p) * OpB(p, j);
                        dot += t; mag += Math.Abs(t);
                    }
                    double old = Beta == 0f ? 0 : C0[i * Ldc + j];
                    double expected = Alpha * dot + Beta * old;
                    double tol = 2 * (K + 2) * eps * (Math.Abs(Alpha) * mag + Math.Abs(Beta * old)) + 1e-30;
                    float got = c[i * Ldc + j];
                    if (!(Math.Abs(got - expected) <= tol))
                        Assert.Fail($"{path} {Describe()}: C[{i},{j}] = {got}, expected {expected} ± {tol:G3}");
                }
                for (int j = N; j < Ldc && i < M - 1; j++)
                    if (BitConverter.SingleToInt32Bits(c[i * Ldc + j]) != BitConverter.SingleToInt32Bits(C0[i * Ldc + j]))
                        Assert.Fail($"{path} {Describe()}: padding C[{i},{j}] was overwritten");
            }
        }
    }

    private static IEnumerable<(bool, bool)> Transposes() => [(false, false), (false, true), (true, false), (true, true)];

    [Theory, MemberData(nameof(Paths))]
    public void Sgemm_MatchesDoubleReference_OnAwkwardShapes_AllTransposes(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        var rng = new Random(1234 + (int)path);
        var scalings = new (float Alpha, float Beta, bool NanC)[] { (1f, 0f, true), (1f, 1f, false), (-0.5f, 0.3f, false), (2f, 0f, false) };
        foreach (var (ta, tb) in Transposes())
        {
            for (int trial = 0; trial < 40; trial++)
            {
                int m = Awkward[rng.Next(Awkward.Length)], n = Awkward[rng.Next(Awkward.Length)], k = Awkward[rng.Next(Awkward.Length)];
                var (alpha, beta, nan) = scalings[trial % scalings.Length];
                Problem.Random(rng, ta, tb, m, n, k, alpha, beta, pad: trial % 3 == 0 ? 0 : rng.Next(1, 9), nanC: nan).Check(path);
            }
        }
    }

    [Theory, MemberData(nameof(Paths))]
    public void Sgemm_MatchesDoubleReference_OnNetworkShapes(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        // The layers of small RL networks: forward X·W, backward dY·Wᵀ and Xᵀ·dY with the batch as reduction.
        var rng = new Random(99);
        foreach (int batch in new[] { 4, 64, 130 })
            foreach (var (fanIn, fanOut) in new[] { (4, 64), (64, 64), (64, 2), (64, 1), (2, 256) })
            {
                Problem.Random(rng, false, false, batch, fanOut, fanIn, 1f, 0f, 0, nanC: true).Check(path);
                Problem.Random(rng, false, true, batch, fanIn, fanOut, 1f, 1f, 0, nanC: false).Check(path);
                Problem.Random(rng, true, false, fanIn, fanOut, batch, 1f, 1f, 0, nanC: false).Check(path);
            }
    }

    [Theory, MemberData(nameof(Paths))]
    public void Sgemm_MatchesDoubleReference_ForNarrowOutputs_AtEveryDepth(string pathName)
    {
        // C with 1–5 columns (value and policy heads) takes the dot-product routes: every depth tail, every
        // row remainder of the 8- and 16-row tiles, with padded strides and both beta kinds.
        var path = Enum.Parse<GemmPath>(pathName);
        var rng = new Random(21);
        int trial = 0;
        foreach (var (ta, tb) in Transposes())
            foreach (int n in new[] { 1, 2, 3, 4, 5 })
                foreach (int k in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65 })
                    foreach (int m in new[] { 1, 15, 16, 17, 33 })
                    {
                        trial++;
                        bool nan = trial % 2 == 0;
                        Problem.Random(rng, ta, tb, m, n, k, trial % 3 == 0 ? 0.5f : 1f, nan ? 0f : 1f, pad: trial % 4, nanC: nan).Check(path);
                    }
    }

    [Theory, MemberData(nameof(Paths))]
    public void Sgemm_MatchesDoubleReference_AcrossCacheBlocks(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        // Larger than one K block (256), one M block (96) and, for n, one N panel (512).
        var rng = new Random(7);
        foreach (var (ta, tb) in Transposes())
        {
            Problem.Random(rng, ta, tb, 200, 70, 300, 1f, 0f, 3, nanC: true).Check(path);
            Problem.Random(rng, ta, tb, 13, 530, 260, 0.5f, 1f, 0, nanC: false).Check(path);
        }
        Problem.Random(rng, true, false, 3, 1000, 40, 1f, 0.25f, 1, nanC: false).Check(path);
        Problem.Random(rng, false, false, 600, 3, 700, 1f, 0f, 0, nanC: true).Check(path);
    }

    [Theory, MemberData(nameof(Paths))]
    public void Sgemm_WithZeroK_ScalesC_AndBetaZeroClearsNaN(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        var c = new float[] { 1, 2, float.NaN, 4, 5, 6 };
        Gemm.SgemmOn(path, false, false, 2, 3, 0, 1f, [], 1, [], 3, 0.5f, c, 3);
        Assert.Equal(new[] { 0.5f, 1f, float.NaN, 2f, 2.5f, 3f }, c);
        Gemm.SgemmOn(path, false, false, 2, 3, 0, 1f, [], 1, [], 3, 0f, c, 3);
        Assert.Equal(new float[6], c);
        // alpha = 0 never reads A or B: NaNs there do not reach C.
        var nan = new[] { float.NaN, float.NaN, float.NaN, float.NaN };
        var d = new float[] { 1, 2, 3, 4 };
        Gemm.SgemmOn(path, false, false, 2, 2, 2, 0f, nan, 2, nan, 2, 1f, d, 2);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, d);
    }

    [Fact]
    public void Sgemm_AllPaths_AgreeOnTheSameProblem()
    {
        var rng = new Random(5);
        var p = Problem.Random(rng, false, true, 37, 45, 71, 1f, 0f, 0, nanC: false);
        float[]? first = null;
        foreach (var path in SupportedPaths())
        {
            var c = new float[p.C0.Length];
            Gemm.SgemmOn(path, p.TransA, p.TransB, p.M, p.N, p.K, 1f, p.A, p.Lda, p.B, p.Ldb, 0f, c, p.Ldc);
            if (first is null) { first = c; continue; }
            for (int i = 0; i < c.Length; i++) Assert.True(Math.Abs(c[i] - first[i]) <= 1e-4f * (1 + Math.Abs(first[i])), $"{path} differs at {i}: {c[i]} vs {first[i]}");
        }
    }

    [Fact]
    public void Sgemm_FromSeveralThreadsAtOnce_GivesTheSingleThreadedResults()
    {
        var rng = new Random(11);
        var problems = Enumerable.Range(0, 6).Select(i => Problem.Random(rng, i % 2 == 1, i % 3 == 0, 64 + 9 * i, 64 - 5 * i, 200 + 20 * i, 1f, 0f, 0, nanC: false)).ToArray();
        var expected = problems.Select(p => Run(p)).ToArray();
        var results = new float[problems.Length][];
        Parallel.For(0, problems.Length, new ParallelOptions { MaxDegreeOfParallelism = problems.Length }, i =>
        {
            for (int rep = 0; rep < 20; rep++) results[i] = Run(problems[i]);
        });
        for (int i = 0; i < problems.Length; i++) Assert.Equal(expected[i], results[i]);

        static float[] Run(Problem p)
        {
            var c = new float[p.C0.Length];
            Gemm.Sgemm(p.TransA, p.TransB, p.M, p.N, p.K, 1f, p.A, p.Lda, p.B, p.Ldb, 0f, c, p.Ldc);
            return c;
        }
    }

    [Theory, MemberData(nameof(Paths))]
    public void Sgemm_RepeatedCalls_AllocateNothing(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        var rng = new Random(3);
        var shapes = new List<Problem>();
        foreach (var (ta, tb) in Transposes())
            foreach (var (m, n, k) in new[] { (130, 64, 64), (64, 64, 64), (512, 2, 64), (4, 64, 4), (100, 600, 300) })
                shapes.Add(Problem.Random(rng, ta, tb, m, n, k, 1f, 0.5f, 1, nanC: false));
        var cs = shapes.Select(p => (float[])p.C0.Clone()).ToArray();
        void RunAll()
        {
            for (int i = 0; i < shapes.Count; i++)
            {
                var p = shapes[i];
                Gemm.SgemmOn(path, p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, p.A, p.Lda, p.B, p.Ldb, p.Beta, cs[i], p.Ldc);
            }
        }
        RunAll(); // the first call on this thread sizes its packing buffers
        Assert.Equal(0L, AllocationProbe.Steady(RunAll));
    }

    [Fact]
    public void Sgemm_InvalidArguments_NameTheOffendingValues()
    {
        var buf = new float[100];
        var e1 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, -1, 2, 3, 1f, buf, 3, buf, 2, 0f, buf, 2));
        Assert.Contains("m=-1", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 5, 6, 1f, buf, 5, buf, 5, 0f, buf, 5));
        Assert.Contains("lda=5", e2.Message);
        Assert.Contains("6", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, true, 4, 5, 6, 1f, buf, 6, buf, 5, 0f, buf, 5));
        Assert.Contains("ldb=5", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 5, 6, 1f, buf, 6, buf, 5, 0f, buf, 4));
        Assert.Contains("ldc=4", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 20, 5, 6, 1f, buf, 6, buf, 5, 0f, new float[100], 5));
        Assert.Contains("A holds 100 elements", e5.Message);
        Assert.Contains("20×6", e5.Message);
        var e6 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 5, 6, 1f, buf, 6, buf, 5, 0f, new float[19], 5));
        Assert.Contains("C holds 19 elements", e6.Message);
        var e7 = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(true, false, 4, 5, 30, 1f, new float[120], 4, new float[10], 5, 0f, buf, 5));
        Assert.Contains("B holds 10 elements", e7.Message);
    }
}
