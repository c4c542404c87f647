using Ascent.Nn;

namespace Ascent.Algorithms;

/// <summary>The plain ascent step θ ← θ + (accumulated gradient) of the per-step learners, whose step sizes are already in the gradient.</summary>
internal static class GradientAscent
{
    /// <summary>Adds every parameter's gradient to its value.</summary>
    public static void AddGradients(ParameterSet parameters)
    {
        foreach (var p in parameters) TensorPrimitives.Add(p.Value.Span, p.Grad.Span, p.Value.Span);
    }
}
