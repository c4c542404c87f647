using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Nn;

/// <summary>An affine layer <c>y = x·W + b</c> with <c>W</c> stored <c>[in, out]</c> and <c>b</c> of length <c>out</c>.</summary>
public sealed class Linear
{
    /// <summary>Creates the layer with orthogonal weights scaled by <paramref name="gain"/> and zero biases (PPO's initialisation).</summary>
    /// <param name="name">Prefix of the parameter names: <c>{name}.weight</c> and <c>{name}.bias</c>.</param>
    /// <param name="inputs">Input features (at least 1).</param>
    /// <param name="outputs">Output features (at least 1).</param>
    /// <param name="rng">Generator for the initial weights.</param>
    /// <param name="gain">Scale of the orthogonal weights (√2 for tanh/relu hidden layers, 0.01 policy head, 1 value head).</param>
    public Linear(string name, int inputs, int outputs, Rng rng, float gain = 1f)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, $"Linear '{name}': inputs must be at least 1.");
        if (outputs < 1) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, $"Linear '{name}': outputs must be at least 1.");
        Weight = new Parameter(name + ".weight", new Tensor(inputs, outputs));
        Bias = new Parameter(name + ".bias", new Tensor(outputs));
        Init.Orthogonal(Weight.Value, gain, rng);
    }

    /// <summary>The weight <c>[in, out]</c>.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias <c>[out]</c>.</summary>
    public Parameter Bias { get; }

    /// <summary>Input features.</summary>
    public int Inputs => Weight.Value.Dim(0);

    /// <summary>Output features.</summary>
    public int Outputs => Weight.Value.Dim(1);

    /// <summary>Records <c>x·W + b</c> for a batch <paramref name="x"/> of shape <c>[batch, in]</c>.</summary>
    public Var Forward(Tape tape, Var x) => tape.Linear(x, tape.Param(Weight), tape.Param(Bias));
}
