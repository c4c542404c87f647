using Ascent.Nn;
using Ascent.Nn.Optimizers;

namespace Ascent.Algorithms;

/// <summary>
/// RMSprop with statistics shared by asynchronous workers (Mnih et al. 2016, "shared RMSProp"): every worker applies
/// its own gradient to the shared parameters and the shared squared-gradient average, <c>s ← αs + (1−α)g²</c>,
/// <c>θ ← θ − lr·g/(√s + ε)</c>, with no lock (Hogwild!, Recht et al. 2011).
/// </summary>
/// <remarks>
/// <para><b>Memory model.</b> <c>θ</c> and <c>s</c> are plain float arrays written by several threads at once. Every
/// element is a naturally aligned 4-byte float, which .NET reads and writes atomically (ECMA-335 §I.12.6.6), and the
/// SIMD stores TensorPrimitives issues write whole aligned lanes, so no element is ever torn. What can happen is what
/// Hogwild accepts: two workers' read-modify-write of the same element can interleave and one update can be lost, and a
/// worker can read a mix of older and newer elements. There are no fences: other workers see a write whenever their
/// core's cache does, which on x86-64 and ARM64 is within nanoseconds. The step kernel is exactly
/// <see cref="RmsProp"/>'s (same operations, same order), so one worker reproduces RMSprop bit for bit.</para>
/// </remarks>
public sealed class SharedRmsProp
{
    private readonly float[] _state;
    private readonly int[] _offsets;
    private long _steps;

    /// <summary>Shares statistics over <paramref name="shared"/> (the parameters every worker updates).</summary>
    public SharedRmsProp(ParameterSet shared, float alpha = 0.99f, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(shared);
        if (shared.Size == 0) throw new ArgumentException("SharedRmsProp: the parameter set is empty.", nameof(shared));
        if (!(alpha >= 0f && alpha < 1f)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"SharedRmsProp: alpha = {alpha} is outside the allowed range [0, 1).");
        if (!(epsilon > 0f) || !float.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"SharedRmsProp: epsilon = {epsilon} is outside the allowed range (0, ∞).");
        Parameters = shared;
        Alpha = alpha;
        Epsilon = epsilon;
        _state = new float[shared.Size];
        _offsets = new int[shared.Count];
        for (int i = 0, offset = 0; i < shared.Count; i++) { _offsets[i] = offset; offset += shared[i].Size; }
        LargestParameter = shared.Max(p => p.Size);
    }

    /// <summary>The shared parameters.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>α, the decay of the squared-gradient average.</summary>
    public float Alpha { get; }

    /// <summary>ε, added to the root.</summary>
    public float Epsilon { get; }

    /// <summary>The scratch length <see cref="Apply"/> needs: the size of the largest parameter.</summary>
    public int LargestParameter { get; }

    /// <summary>Steps applied by all workers together.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>The shared squared-gradient averages, laid out like the parameters' flat view (for checkpoints).</summary>
    public Span<float> State => _state;

    /// <summary>
    /// Applies the gradients held by <paramref name="gradients"/> (a worker's local copy of the parameters, same names
    /// order and shapes) to the shared parameters, without locking; <paramref name="scratch"/> is the worker's own buffer
    /// of at least <see cref="LargestParameter"/> floats.
    /// </summary>
    public void Apply(ParameterSet gradients, float learningRate, Span<float> scratch)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count != Parameters.Count || gradients.Size != Parameters.Size)
            throw new ArgumentException($"SharedRmsProp.Apply: the gradients come from {gradients.Count} tensors / {gradients.Size} values, the shared parameters are {Parameters.Count} / {Parameters.Size}.", nameof(gradients));
        if (scratch.Length < LargestParameter)
            throw new ArgumentException($"SharedRmsProp.Apply: scratch holds {scratch.Length} floats, need {LargestParameter}.", nameof(scratch));
        if (!(learningRate >= 0f) || !float.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"SharedRmsProp: learning rate {learningRate} is outside the allowed range [0, ∞).");
        for (int i = 0; i < Parameters.Count; i++)
        {
            var value = Parameters[i].Value.Span;
            RmsProp.Plain(value, gradients[i].Grad.Span, _state.AsSpan(_offsets[i], value.Length), scratch[..value.Length], Alpha, Epsilon, learningRate);
        }
        Interlocked.Increment(ref _steps);
    }

    /// <summary>Restores statistics and the step count saved from <see cref="State"/> and <see cref="Steps"/>.</summary>
    public void Restore(ReadOnlySpan<float> state, long steps)
    {
        if (state.Length != _state.Length) throw new ArgumentException($"SharedRmsProp.Restore: {state.Length} values for {_state.Length} statistics.", nameof(state));
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "SharedRmsProp.Restore: steps must be ≥ 0.");
        state.CopyTo(_state);
        Interlocked.Exchange(ref _steps, steps);
    }
}
