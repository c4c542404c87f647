using System.Runtime.CompilerServices;

namespace Ascent.Numerics.Kernels;

/// <summary>
/// Per-thread scratch memory for GEMM packing, so <see cref="Gemm.Sgemm"/> allocates nothing once a thread has
/// seen its largest shape, and several threads (A3C workers) can multiply at once without sharing buffers.
/// </summary>
/// <remarks>
/// Buffers live on the pinned object heap and are handed out 64-byte aligned (one cache line, one AVX-512
/// vector), so packed panels load without splitting lines. They only grow.
/// </remarks>
internal sealed unsafe class GemmWorkspace
{
    [ThreadStatic] private static GemmWorkspace? _current;

    private float[] _panel = [];
    private float[] _edge = [];

    /// <summary>The calling thread's workspace.</summary>
    public static GemmWorkspace Current => _current ??= new GemmWorkspace();

    /// <summary>Room for a packed B panel of at least <paramref name="floats"/> elements.</summary>
    public float* Panel(int floats) => Aligned(ref _panel, floats);

    /// <summary>A second scratch of at least <paramref name="floats"/> elements (B's short last sliver, or A's last few rows).</summary>
    public float* Edge(int floats) => Aligned(ref _edge, floats);

    private static float* Aligned(ref float[] buffer, int floats)
    {
        const int alignFloats = 16;
        if (buffer.Length < floats + alignFloats)
            buffer = GC.AllocateUninitializedArray<float>(Math.Max(floats + alignFloats, 2 * buffer.Length), pinned: true);
        var p = (float*)Unsafe.AsPointer(ref buffer[0]);
        return (float*)(((nint)p + 63) & ~(nint)63);
    }
}
