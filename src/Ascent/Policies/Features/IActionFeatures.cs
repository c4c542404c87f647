namespace Ascent.Policies.Features;

/// <summary>
/// State-action features φ(s,a) ∈ ℝᴰ computed from an observation: the input of a linear softmax policy
/// π(a|s) ∝ exp(θᵀφ(s,a)) (<see cref="LinearSoftmaxPolicy"/>).
/// </summary>
public interface IActionFeatures
{
    /// <summary>Floats per observation.</summary>
    int ObservationSize { get; }

    /// <summary>The number of actions A.</summary>
    int Actions { get; }

    /// <summary>The feature dimension D (the length of θ).</summary>
    int Dimension { get; }

    /// <summary>Writes φ(s,a) for every action: <paramref name="features"/> holds A rows of D floats, row a = φ(s,a).</summary>
    void Write(ReadOnlySpan<float> observation, Span<float> features);
}
