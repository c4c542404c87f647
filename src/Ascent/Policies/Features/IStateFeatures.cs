namespace Ascent.Policies.Features;

/// <summary>
/// State features φ(s) ∈ ℝᶠ computed from an observation: the input of a linear Gaussian policy's mean
/// μ(s) = φ(s)ᵀθ (<see cref="LinearGaussianPolicy"/>) and of a linear value function v̂(s,w) = wᵀφ(s)
/// (<see cref="LinearValueFunction"/>).
/// </summary>
public interface IStateFeatures
{
    /// <summary>Floats per observation.</summary>
    int ObservationSize { get; }

    /// <summary>The feature dimension F.</summary>
    int Dimension { get; }

    /// <summary>Writes φ(s) (F floats) into <paramref name="features"/>.</summary>
    void Write(ReadOnlySpan<float> observation, Span<float> features);
}
