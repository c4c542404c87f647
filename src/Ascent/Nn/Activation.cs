using Ascent.Autodiff;

namespace Ascent.Nn;

/// <summary>An element-wise nonlinearity between (or after) layers.</summary>
public enum Activation
{
    /// <summary>The identity (a linear output layer).</summary>
    None,
    /// <summary>The hyperbolic tangent (PPO's and TRPO's default for small control policies).</summary>
    Tanh,
    /// <summary>The rectified linear unit <c>max(x, 0)</c>.</summary>
    Relu,
}

/// <summary>Applies an <see cref="Activation"/> on a tape.</summary>
public static class ActivationExtensions
{
    /// <summary>Records <paramref name="activation"/> applied to <paramref name="x"/> (the identity records nothing).</summary>
    public static Var Apply(this Activation activation, Tape tape, Var x) => activation switch
    {
        Activation.None => x,
        Activation.Tanh => tape.Tanh(x),
        Activation.Relu => tape.Relu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Activation: expected None, Tanh or Relu."),
    };
}
