namespace Ascent.Nn.Optimizers;

/// <summary>
/// RMSprop as PyTorch implements it (A2C's optimizer in Stable-Baselines3, with α = 0.99, ε = 1e-5):
/// <c>s ← αs + (1−α)g²</c>; centered also <c>ḡ ← αḡ + (1−α)g</c> and uses <c>s − ḡ²</c>;
/// <c>d = g / (√s + ε)</c> (ε outside the root); with momentum <c>b ← μb + d</c>, <c>θ ← θ − lr·b</c>, else <c>θ ← θ − lr·d</c>.
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters (at least one).</param>
    /// <param name="learningRate">Step size, in (0, ∞).</param>
    /// <param name="alpha">Decay of the squared-gradient average, in [0, 1).</param>
    /// <param name="epsilon">Added to the root, in (0, ∞).</param>
    /// <param name="momentum">Momentum μ in [0, 1).</param>
    /// <param name="centered">Normalise by an estimate of the gradient's variance instead of its second moment.</param>
    public RmsProp(ParameterSet parameters, float learningRate = 1e-2f, float alpha = 0.99f, float epsilon = 1e-8f, float momentum = 0f, bool centered = false)
        : base("RmsProp", parameters, learningRate, 1 + (centered ? 1 : 0) + (momentum > 0f ? 1 : 0))
    {
        Alpha = InUnitInterval(Name, nameof(alpha), alpha);
        Epsilon = Positive(Name, nameof(epsilon), epsilon);
        Momentum = InUnitInterval(Name, nameof(momentum), momentum);
        Centered = centered;
    }

    /// <summary>α, the decay of the averages.</summary>
    public float Alpha { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <summary>Momentum μ.</summary>
    public float Momentum { get; }

    /// <summary>Whether the gradient's mean is subtracted (centered RMSprop).</summary>
    public bool Centered { get; }

    private protected override void Update(Span<float> value, ReadOnlySpan<float> grad, int parameterIndex)
    {
        if (!Centered && Momentum == 0f)
        {
            Plain(value, grad, State(0, parameterIndex), Scratch.AsSpan(0, value.Length), Alpha, Epsilon, LearningRate);
            return;
        }
        var s = State(0, parameterIndex);
        var d = Scratch.AsSpan(0, value.Length);
        TensorPrimitives.Multiply(grad, grad, d);
        TensorPrimitives.Multiply(s, Alpha, s);
        TensorPrimitives.MultiplyAdd(d, 1f - Alpha, s, s);                // s = αs + (1−α)g²
        if (Centered)
        {
            var mean = State(1, parameterIndex);
            TensorPrimitives.Lerp(mean, grad, 1f - Alpha, mean);          // ḡ = αḡ + (1−α)g
            TensorPrimitives.Multiply(mean, mean, d);
            TensorPrimitives.Subtract(s, d, d);                           // s − ḡ²
            TensorPrimitives.Sqrt(d, d);
        }
        else TensorPrimitives.Sqrt(s, d);
        TensorPrimitives.Add(d, Epsilon, d);
        TensorPrimitives.Divide(grad, d, d);                              // g / (√· + ε)
        if (Momentum > 0f)
        {
            var b = State(Centered ? 2 : 1, parameterIndex);
            TensorPrimitives.MultiplyAdd(b, Momentum, d, b);              // b = μb + d
            TensorPrimitives.MultiplyAdd(b, -LearningRate, value, value);
        }
        else TensorPrimitives.MultiplyAdd(d, -LearningRate, value, value);
    }

    /// <summary>
    /// The plain (uncentered, momentum-free) RMSprop step on one tensor, <c>s ← αs + (1−α)g²</c>,
    /// <c>θ ← θ − lr·g/(√s + ε)</c>, with caller-owned state <paramref name="s"/> and <paramref name="scratch"/>: the
    /// kernel <see cref="Optimizer.Step"/> uses, shared with A3C's lock-free RMSprop whose statistics live in shared memory.
    /// </summary>
    internal static void Plain(Span<float> value, ReadOnlySpan<float> grad, Span<float> s, Span<float> scratch, float alpha, float epsilon, float learningRate)
    {
        var d = scratch;
        TensorPrimitives.Multiply(grad, grad, d);
        TensorPrimitives.Multiply(s, alpha, s);
        TensorPrimitives.MultiplyAdd(d, 1f - alpha, s, s);                // s = αs + (1−α)g²
        TensorPrimitives.Sqrt(s, d);
        TensorPrimitives.Add(d, epsilon, d);
        TensorPrimitives.Divide(grad, d, d);                              // g / (√s + ε)
        TensorPrimitives.MultiplyAdd(d, -learningRate, value, value);
    }
}
