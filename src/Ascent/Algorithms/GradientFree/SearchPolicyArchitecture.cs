using System.Globalization;
using Ascent.Nn;
using Ascent.Policies;
using Ascent.Training;

namespace Ascent.Algorithms.GradientFree;

/// <summary>
/// The policies a search runs over, as <see cref="ActorCriticPolicy"/> actors: <c>linear</c> (no hidden layer: logits or
/// Gaussian means are <c>Wx + b</c>) or <c>mlp:W[,W…]</c> (tanh hidden layers), and which of their parameters a
/// candidate sets — the actor's body and head, never the log-std nor the critic.
/// </summary>
/// <remarks>
/// <see cref="Training.BaseAlgorithm"/> models are actor-critics, so a search model carries a linear value head that the search
/// never uses (a few floats in the model file); it costs nothing at evaluation, where only the actor runs.
/// </remarks>
public static class SearchPolicyArchitecture
{
    /// <summary>The hidden widths of <paramref name="policy"/>: <c>linear</c> → none, <c>mlp:16</c> → [16], <c>mlp:32,32</c> → [32, 32].</summary>
    /// <exception cref="ArgumentException">The text is neither form, or a width is not an integer in [1, 65536].</exception>
    public static int[] HiddenWidths(string policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string text = policy.Trim();
        if (text == "linear") return [];
        const string prefix = "mlp:";
        if (text.StartsWith(prefix, StringComparison.Ordinal))
        {
            var parts = text[prefix.Length..].Split(',');
            var widths = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1 || widths[i] > 65536)
                    throw new ArgumentException($"policy = '{policy}': hidden width '{parts[i].Trim()}' is not an integer in [1, 65536].");
            }
            return widths;
        }
        throw new ArgumentException($"policy = '{policy}' is not allowed; use linear or mlp:W[,W...] (e.g. mlp:16, mlp:32,32).");
    }

    /// <summary>The actor-critic architecture for <paramref name="policy"/>: tanh hidden layers, no critic hidden layer,
    /// orthogonal initialisation (a policy head of gain 0.01, so the search starts near θ = 0 for a linear policy).
    /// Hidden layers beyond <see cref="NetworkSizeLimit.MaxParameters"/> are rejected before anything is allocated.</summary>
    public static ActorCriticArchitecture For(string policy, double logStdInit) => new()
    {
        PolicyHidden = WithinLimit(policy),
        ValueHidden = [],
        Activation = Activation.Tanh,
        OrthogonalInit = true,
        LogStdInit = (float)logStdInit,
    };

    private static int[] WithinLimit(string policy)
    {
        int[] widths = HiddenWidths(policy);
        NetworkSizeLimit.Check(NetworkSizeLimit.HiddenParameters(widths), $"policy = {policy}");
        return widths;
    }

    /// <summary>The parameters a candidate sets: the actor's body and head, without the log-std.</summary>
    public static ParameterSet SearchedParameters(ActorCriticPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new ParameterSet(policy.ActorParameters.Where(p => !ReferenceEquals(p, policy.LogStd)));
    }
}
