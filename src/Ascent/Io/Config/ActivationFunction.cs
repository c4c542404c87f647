using System.Runtime.Serialization;

namespace Ascent.Io.Config;

/// <summary>
/// Hidden-layer activations by the names RL Zoo's <c>policy_kwargs</c> use (<c>nn.Tanh</c>, <c>nn.ReLU</c>, …);
/// <c>tanh</c> or <c>ReLU</c> are read too.
/// </summary>
public enum ActivationFunction
{
    /// <summary>tanh(x): SB3's default for on-policy MLP policies.</summary>
    [EnumMember(Value = "nn.Tanh")] Tanh,
    /// <summary>max(0, x).</summary>
    [EnumMember(Value = "nn.ReLU")] ReLU,
    /// <summary>x for x &gt; 0, eˣ − 1 otherwise.</summary>
    [EnumMember(Value = "nn.ELU")] ELU,
    /// <summary>x for x &gt; 0, 0.01·x otherwise.</summary>
    [EnumMember(Value = "nn.LeakyReLU")] LeakyReLU,
    /// <summary>x·Φ(x).</summary>
    [EnumMember(Value = "nn.GELU")] GELU,
    /// <summary>x·σ(x) (also called swish).</summary>
    [EnumMember(Value = "nn.SiLU")] SiLU,
    /// <summary>σ(x) = 1 / (1 + e⁻ˣ).</summary>
    [EnumMember(Value = "nn.Sigmoid")] Sigmoid,
}
