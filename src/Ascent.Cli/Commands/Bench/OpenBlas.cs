using System.Runtime.InteropServices;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// OpenBLAS loaded at run time as a speed comparator: <c>cblas_sgemm</c> through a function pointer, pinned to
/// one thread. <see cref="TryLoad"/> returns null when <c>libopenblas.so.0</c> (Debian <c>libopenblas0</c>)
/// is not installed, so benchmarks can skip the comparison instead of failing.
/// </summary>
internal sealed unsafe class OpenBlas : IDisposable
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private readonly nint _library;
    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;

    private OpenBlas(nint library)
    {
        _library = library;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(library, "cblas_sgemm");
        if (NativeLibrary.TryGetExport(library, "openblas_set_num_threads", out var setThreads))
            ((delegate* unmanaged<int, void>)setThreads)(1);
        if (NativeLibrary.TryGetExport(library, "openblas_get_config", out var config))
            Config = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)config)()) ?? "";
    }

    /// <summary>The library's build description (version, target core), e.g. <c>OpenBLAS 0.3.21 DYNAMIC_ARCH … Zen</c>.</summary>
    public string Config { get; } = "";

    /// <summary>Loads OpenBLAS single-threaded, or returns null (with the reason) when it is absent.</summary>
    public static OpenBlas? TryLoad(out string? whyNot)
    {
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so" })
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out _))
            {
                NativeLibrary.Free(handle);
                continue;
            }
            whyNot = null;
            return new OpenBlas(handle);
        }
        whyNot = "libopenblas.so.0 not found (install Debian's libopenblas0 to compare against OpenBLAS)";
        return null;
    }

    /// <summary>Row-major <c>C = alpha·op(A)·op(B) + beta·C</c>, the same contract as <see cref="Ascent.Numerics.Kernels.Gemm.Sgemm"/>.</summary>
    public void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            _sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <summary>Unloads the library.</summary>
    public void Dispose() => NativeLibrary.Free(_library);
}
