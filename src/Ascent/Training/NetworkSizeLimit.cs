using Ascent.Io.Config;

namespace Ascent.Training;

/// <summary>
/// The largest network a learner builds: <see cref="MaxParameters"/> parameters in the hidden layers its options describe
/// (<c>policy_kwargs.net_arch</c>, a search's <c>policy = mlp:…</c>). Checked when the options are validated, before anything
/// is allocated, so <c>net_arch=[4096, 4096, 4096]</c> is one line naming the option, the count and the limit instead of
/// gigabytes of weights and minutes of orthogonal initialisation.
/// </summary>
public static class NetworkSizeLimit
{
    /// <summary>50 million parameters (200 MB of float32 weights, plus as much again for gradients and twice for Adam).</summary>
    public const long MaxParameters = 50_000_000;

    /// <summary>Σ wᵢ wᵢ₊₁ + Σ wᵢ: the parameters hidden widths need whatever the input and output sizes (weights between hidden layers and their biases).</summary>
    public static long HiddenParameters(IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        long n = 0;
        for (int i = 0; i < widths.Count; i++)
        {
            n += widths[i];
            if (i + 1 < widths.Count) n += (long)widths[i] * widths[i + 1];
        }
        return n;
    }

    /// <summary>The hidden-layer parameters of the actor of <paramref name="arch"/> and, without <paramref name="sharedTrunk"/>, of its critic.</summary>
    public static long HiddenParameters(NetArch arch, bool sharedTrunk)
    {
        ArgumentNullException.ThrowIfNull(arch);
        return HiddenParameters(arch.Pi) + (sharedTrunk ? 0 : HiddenParameters(arch.Vf));
    }

    /// <summary>Throws unless the actor's and (without <paramref name="sharedTrunk"/>) the critic's hidden layers of <paramref name="arch"/> fit the limit.</summary>
    /// <exception cref="ArgumentException">Too many parameters; the message names <c>policy_kwargs.net_arch</c>, the count and the limit.</exception>
    public static void Check(NetArch arch, bool sharedTrunk) =>
        Check(HiddenParameters(arch, sharedTrunk), $"policy_kwargs.net_arch = {arch}{(sharedTrunk ? " (one shared trunk)" : " (actor and critic)")}");

    /// <summary>Throws unless <paramref name="parameters"/> (at least that many, for the architecture <paramref name="described"/>) is within <see cref="MaxParameters"/>.</summary>
    /// <exception cref="ArgumentException">Too many parameters; the message names <paramref name="described"/>, the count and the limit.</exception>
    public static void Check(long parameters, string described)
    {
        if (parameters > MaxParameters)
            throw new ArgumentException($"{described} needs at least {parameters:N0} parameters in its hidden layers, more than the limit of {MaxParameters:N0}.");
    }
}
