using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ascent.Nn.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) as PyTorch implements it:
/// <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>,
/// <c>θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)</c>.
/// </summary>
/// <remarks>
/// On the first step <c>m̂ = g</c> and <c>v̂ = g²</c>, so every entry moves by <c>lr·g/(|g| + ε) ≈ lr·sign(g)</c>.
/// PPO implementations use ε = 1e-5 instead of the default 1e-8.
/// </remarks>
public sealed class Adam : Optimizer
{
    private float _stepSize, _inverseRootCorrection2;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters (at least one).</param>
    /// <param name="learningRate">Step size, in (0, ∞).</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator, in (0, ∞).</param>
    public Adam(ParameterSet parameters, float learningRate = 3e-4f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        : base("Adam", parameters, learningRate, 2)
    {
        Beta1 = InUnitInterval(Name, nameof(beta1), beta1);
        Beta2 = InUnitInterval(Name, nameof(beta2), beta2);
        Epsilon = Positive(Name, nameof(epsilon), epsilon);
    }

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    private protected override void BeginStep()
    {
        double correction1 = 1 - Math.Pow(Beta1, Steps), correction2 = 1 - Math.Pow(Beta2, Steps);
        _stepSize = (float)(LearningRate / correction1);
        _inverseRootCorrection2 = (float)(1 / Math.Sqrt(correction2));
    }

    private protected override void Update(Span<float> value, ReadOnlySpan<float> grad, int parameterIndex) =>
        Fused(value, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(grad), grad.Length), parameterIndex, 1f, []);

    private protected override bool UpdateScaled(Span<float> value, Span<float> grad, int parameterIndex, float scale, Span<float> previous) =>
        Fused(value, grad, parameterIndex, scale, previous);

    /// <summary>
    /// One fused pass over θ, g, m and v (seven TensorPrimitives passes cost more than the arithmetic for small layers):
    /// with <paramref name="previous"/> non-empty also the clipping scale of g (written back when not 1), the copy of θ
    /// before the step and the finite check of θ after it. Returns whether every new θ is finite (true when not checked).
    /// </summary>
    private bool Fused(Span<float> value, Span<float> grad, int parameterIndex, float scale, Span<float> previous)
    {
        var m = State(0, parameterIndex); var v = State(1, parameterIndex);
        float c1 = 1f - Beta1, b2 = Beta2, c2 = 1f - Beta2, root = _inverseRootCorrection2, eps = Epsilon, step = -_stepSize;
        bool scaled = scale != 1f, keep = previous.Length != 0;
        ref float tr = ref MemoryMarshal.GetReference(value);
        ref float gr = ref MemoryMarshal.GetReference(grad);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float pr = ref MemoryMarshal.GetReference(previous);
        int i = 0, n = value.Length;
        float nonFinite = 0f;                                                                                    // Σ (θ − θ): NaN once any θ is NaN or ±∞
        if (Vector512.IsHardwareAccelerated)
        {
            var check = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                var g = Vector512.LoadUnsafe(ref gr, (nuint)i);
                if (scaled) { g *= Vector512.Create(scale); g.StoreUnsafe(ref gr, (nuint)i); }                // clipped gradient
                var theta = Vector512.LoadUnsafe(ref tr, (nuint)i);
                if (keep) theta.StoreUnsafe(ref pr, (nuint)i);
                var mi = Vector512.LoadUnsafe(ref mr, (nuint)i);
                mi = Vector512.FusedMultiplyAdd(g - mi, Vector512.Create(c1), mi);                                   // m = β₁m + (1−β₁)g
                var vi = Vector512.FusedMultiplyAdd(g * g, Vector512.Create(c2), Vector512.LoadUnsafe(ref vr, (nuint)i) * Vector512.Create(b2)); // v = β₂v + (1−β₂)g²
                var denominator = Vector512.FusedMultiplyAdd(Vector512.Sqrt(vi), Vector512.Create(root), Vector512.Create(eps)); // √v̂ + ε
                mi.StoreUnsafe(ref mr, (nuint)i);
                vi.StoreUnsafe(ref vr, (nuint)i);
                theta = Vector512.FusedMultiplyAdd(mi / denominator, Vector512.Create(step), theta);
                theta.StoreUnsafe(ref tr, (nuint)i);
                check += theta - theta;
            }
            nonFinite = Vector512.Sum(check);
        }
        for (; i < n; i++)
        {
            ref float gi = ref Unsafe.Add(ref gr, i);
            if (scaled) gi *= scale;
            float g = gi;
            ref float ti = ref Unsafe.Add(ref tr, i);
            if (keep) Unsafe.Add(ref pr, i) = ti;
            ref float mi = ref Unsafe.Add(ref mr, i);
            ref float vi = ref Unsafe.Add(ref vr, i);
            mi = MathF.FusedMultiplyAdd(g - mi, c1, mi);
            vi = MathF.FusedMultiplyAdd(g * g, c2, vi * b2);
            float denominator = MathF.FusedMultiplyAdd(MathF.Sqrt(vi), root, eps);
            ti = MathF.FusedMultiplyAdd(mi / denominator, step, ti);                                            // θ −= lr/(1−β₁ᵗ) · m/(…)
            nonFinite += ti - ti;
        }
        return !keep || !float.IsNaN(nonFinite);
    }
}
