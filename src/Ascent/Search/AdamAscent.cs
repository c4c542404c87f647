namespace Ascent.Search;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) in double precision, stepping <em>up</em> an estimated gradient:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ + α·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// Used by the evolution strategies and the finite-difference gradient, whose gradients are estimates.
/// </summary>
public sealed class AdamAscent
{
    private readonly double[] _m;
    private readonly double[] _v;
    private long _t;

    /// <summary>Creates Adam for <paramref name="dimension"/> parameters.</summary>
    /// <param name="dimension">The number of parameters.</param>
    /// <param name="learningRate">α (&gt; 0).</param>
    /// <param name="beta1">β₁ ∈ [0, 1), default 0.9.</param>
    /// <param name="beta2">β₂ ∈ [0, 1), default 0.999.</param>
    /// <param name="epsilon">ε &gt; 0, default 1e−8.</param>
    public AdamAscent(int dimension, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        OptionCheck.AtLeast("Adam dimension", dimension, 1);
        OptionCheck.Positive("Adam learning rate", learningRate);
        OptionCheck.DecayRate("Adam beta1", beta1);
        OptionCheck.DecayRate("Adam beta2", beta2);
        OptionCheck.Positive("Adam epsilon", epsilon);
        _m = new double[dimension];
        _v = new double[dimension];
        LearningRate = learningRate; Beta1 = beta1; Beta2 = beta2; Epsilon = epsilon;
    }

    /// <summary>α.</summary>
    public double LearningRate { get; }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>The number of steps taken.</summary>
    public long Steps => _t;

    /// <summary>Moves <paramref name="theta"/> one Adam step along <paramref name="gradient"/> (ascent).</summary>
    public void Step(Span<double> theta, ReadOnlySpan<double> gradient)
    {
        if (theta.Length != _m.Length || gradient.Length != _m.Length)
            throw new ArgumentException($"AdamAscent: expected {_m.Length} parameters, got θ {theta.Length} and gradient {gradient.Length}.");
        _t++;
        double correction1 = 1 - Math.Pow(Beta1, _t), correction2 = 1 - Math.Pow(Beta2, _t);
        for (int i = 0; i < theta.Length; i++)
        {
            double g = gradient[i];
            _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
            _v[i] = Beta2 * _v[i] + (1 - Beta2) * g * g;
            double mHat = _m[i] / correction1, vHat = _v[i] / correction2;
            theta[i] += LearningRate * mHat / (Math.Sqrt(vHat) + Epsilon);
        }
    }
}
