using Ascent.Autodiff;

namespace Ascent.Nn.Optimizers;

/// <summary>Global gradient-norm clipping (PPO's and A2C's <c>max_grad_norm</c>).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients of <paramref name="parameters"/> by <c>min(1, maxNorm / (‖g‖ + 1e-6))</c>, where ‖g‖ is
    /// the norm of all gradients together, and returns ‖g‖ before clipping (for logging), as PyTorch's <c>clip_grad_norm_</c>.
    /// </summary>
    /// <exception cref="NonFiniteException">The gradient norm is NaN or infinite (a NaN gradient would otherwise spread into every parameter).</exception>
    public static double ClipByGlobalNorm(ParameterSet parameters, float maxNorm)
    {
        double norm = GlobalNorm(parameters, maxNorm, out float coefficient);
        if (coefficient < 1f)
            for (int i = 0; i < parameters.Count; i++) TensorPrimitives.Multiply(parameters[i].Grad.Span, coefficient, parameters[i].Grad.Span); // indexed: no boxed enumerator per call
        return norm;
    }

    /// <summary>
    /// The global gradient norm ‖g‖ of <paramref name="parameters"/> and the factor <paramref name="coefficient"/> =
    /// <c>min(1, maxNorm / (‖g‖ + 1e-6))</c> that <see cref="ClipByGlobalNorm"/> would scale every gradient by, without
    /// scaling them (for <see cref="Optimizer.ScaledStep"/>, which applies the factor in its own pass).
    /// </summary>
    /// <exception cref="NonFiniteException">The gradient norm is NaN or infinite.</exception>
    public static double GlobalNorm(ParameterSet parameters, float maxNorm, out float coefficient)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0f) || !float.IsFinite(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"GradientClipping: maxNorm = {maxNorm} is outside the allowed range (0, ∞).");
        double norm = parameters.GradientNorm();
        if (!double.IsFinite(norm))
            throw new NonFiniteException($"GradientClipping: the global gradient norm is {norm}; a gradient holds NaN or ∞ (turn on Tape.CheckFinite to find the operation).");
        double c = maxNorm / (norm + 1e-6);
        coefficient = c < 1.0 ? (float)c : 1f;
        return norm;
    }
}
