namespace Ascent.Nn.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional (Nesterov) momentum, as PyTorch's <c>SGD</c>:
/// <c>b ← μ·b + g</c>, then <c>θ ← θ − lr·b</c>, or with Nesterov <c>θ ← θ − lr·(g + μ·b)</c>; without momentum <c>θ ← θ − lr·g</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters (at least one).</param>
    /// <param name="learningRate">Step size, in (0, ∞).</param>
    /// <param name="momentum">Momentum μ in [0, 1); 0 is plain SGD.</param>
    /// <param name="nesterov">Use Nesterov momentum (needs μ &gt; 0).</param>
    public Sgd(ParameterSet parameters, float learningRate, float momentum = 0f, bool nesterov = false)
        : base("Sgd", parameters, learningRate, momentum > 0f ? 1 : 0)
    {
        Momentum = InUnitInterval(Name, nameof(momentum), momentum);
        if (nesterov && momentum == 0f)
            throw new ArgumentException("Sgd: nesterov = true needs momentum in (0, 1), got momentum = 0.", nameof(nesterov));
        Nesterov = nesterov;
    }

    /// <summary>The momentum μ.</summary>
    public float Momentum { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    private protected override void Update(Span<float> value, ReadOnlySpan<float> grad, int parameterIndex)
    {
        float lr = LearningRate;
        if (Momentum == 0f) { TensorPrimitives.MultiplyAdd(grad, -lr, value, value); return; }
        var b = State(0, parameterIndex);
        TensorPrimitives.MultiplyAdd(b, Momentum, grad, b);                 // b = μb + g
        if (!Nesterov) { TensorPrimitives.MultiplyAdd(b, -lr, value, value); return; }
        var d = Scratch.AsSpan(0, value.Length);
        TensorPrimitives.MultiplyAdd(b, Momentum, grad, d);                 // g + μb
        TensorPrimitives.MultiplyAdd(d, -lr, value, value);
    }
}
