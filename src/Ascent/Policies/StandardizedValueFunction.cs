using Ascent.Autodiff;
using Ascent.Nn;

namespace Ascent.Policies;

/// <summary>
/// A value function that learns returns in standardised units: the inner network predicts (G − μ)/σ and this
/// reports v̂(s) = μ + σ·inner(s), with μ and σ set by the learner from the returns it fits (CS285's neural
/// baseline: "rescale the output to match the statistics of the current batch of Q-values"). Networks learn
/// unit-scale targets far more easily than returns in the hundreds.
/// </summary>
public sealed class StandardizedValueFunction : IValueFunction
{
    private double _std = 1;

    /// <summary>Wraps <paramref name="inner"/>, which sees standardised targets.</summary>
    public StandardizedValueFunction(IValueFunction inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The network predicting standardised values.</summary>
    public IValueFunction Inner { get; }

    /// <summary>μ: the mean of the returns (default 0).</summary>
    public double Mean { get; set; }

    /// <summary>σ: their standard deviation, in (0, ∞) (default 1).</summary>
    public double Std
    {
        get => _std;
        set => _std = value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Std), value, "StandardizedValueFunction: Std must be a finite number > 0.");
    }

    /// <inheritdoc />
    public ParameterSet Parameters => Inner.Parameters;

    /// <inheritdoc />
    public Var Forward(Tape tape, Var observations)
    {
        ArgumentNullException.ThrowIfNull(tape);
        return tape.AddScalar(tape.MulScalar(Inner.Forward(tape, observations), (float)Std), (float)Mean);
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> observations, int batch, Span<float> values)
    {
        Inner.Predict(observations, batch, values);
        for (int i = 0; i < batch; i++) values[i] = (float)(Mean + Std * values[i]);
    }
}
