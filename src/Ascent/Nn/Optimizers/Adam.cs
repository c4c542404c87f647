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

    private protected override void Update(Span<float> value, ReadOnlySpan<float> grad, int parameterIndex)
    {
        var m = State(0, parameterIndex); var v = State(1, parameterIndex);
        var tmp = Scratch.AsSpan(0, value.Length);
        TensorPrimitives.Lerp(m, grad, 1f - Beta1, m);                            // m = β₁m + (1−β₁)g
        TensorPrimitives.Multiply(grad, grad, tmp);
        TensorPrimitives.Multiply(v, Beta2, v);
        TensorPrimitives.MultiplyAdd(tmp, 1f - Beta2, v, v);                      // v = β₂v + (1−β₂)g²
        TensorPrimitives.Sqrt(v, tmp);
        TensorPrimitives.Multiply(tmp, _inverseRootCorrection2, tmp);
        TensorPrimitives.Add(tmp, Epsilon, tmp);                                  // √v̂ + ε
        TensorPrimitives.Divide(m, tmp, tmp);
        TensorPrimitives.MultiplyAdd(tmp, -_stepSize, value, value);              // θ −= lr/(1−β₁ᵗ) · m/(…)
    }
}
