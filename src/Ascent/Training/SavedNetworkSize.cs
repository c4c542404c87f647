using Ascent.Algorithms.GradientFree;
using Ascent.Io.Config;
using Ascent.Io.Models;

namespace Ascent.Training;

/// <summary>
/// Checks, before a model is built from a file's options, that the hidden layers those options describe fit the
/// parameters the file holds. A model is built (its weights allocated and orthogonally initialised) before the saved
/// parameters are compared with it, so without this check a forged <c>policy_kwargs</c> or <c>policy</c> option in a
/// small file could make loading allocate gigabytes and spend minutes in QR decompositions.
/// </summary>
/// <remarks>
/// Hidden widths <c>w₁ … wₖ</c> need at least <c>Σ wᵢ wᵢ₊₁ + Σ wᵢ</c> parameters (the hidden-to-hidden weights and the
/// biases), a lower bound whatever the spaces; an honest file holds all of them as float32 tensors under <c>params/</c>.
/// </remarks>
internal static class SavedNetworkSize
{
    /// <summary>Throws unless the networks the options of <paramref name="reader"/> describe fit the parameters it holds.</summary>
    /// <exception cref="ModelFormatException">The options describe more parameters than the file holds.</exception>
    /// <exception cref="ConfigException">The architecture option itself is invalid (the message names the file).</exception>
    public static void Check(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long held = reader.Tensors
            .Where(t => t.Name.StartsWith(ModelSections.Parameters, StringComparison.Ordinal) && t.DType == TensorDType.Float32)
            .Sum(t => t.ElementCount);
        long needed = 0;
        string described = "";
        if (reader.Options.TryGetValue("policy_kwargs", out var kwargsText))
        {
            var settings = new List<KeyValuePair<string, string>> { new("policy_kwargs", kwargsText) };
            if (reader.Options.TryGetValue("shared_trunk", out var shared)) settings.Add(new("shared_trunk", shared));
            OnPolicyOptions options;
            try { options = OptionsBinder.ApplySettings(new OnPolicyOptions(), settings, reader.Source); }
            catch (ConfigException e) { throw new ModelFormatException(reader.Source, e.Message, e); } // e.g. beyond NetworkSizeLimit: name the file
            var arch = options.PolicyKwargs.NetArch;
            needed = NetworkSizeLimit.HiddenParameters(arch, options.SharedTrunk);
            described = $"policy_kwargs.net_arch = {arch}";
        }
        else if (PolicySearchMethods.All.Any(m => m.Name == reader.Algorithm) && reader.Options.TryGetValue("policy", out var policyText))
        {
            var settings = OptionsBinder.ApplySettings(new PolicySearchSettings(), [new("policy", policyText)], reader.Source);
            int[] widths;
            try { widths = SearchPolicyArchitecture.HiddenWidths(settings.Policy); }
            catch (ArgumentException e) { throw new ModelFormatException(reader.Source, e.Message, e); }
            needed = NetworkSizeLimit.HiddenParameters(widths);
            described = $"policy = {settings.Policy}";
        }
        if (needed > held)
            throw new ModelFormatException(reader.Source,
                $"its options describe hidden layers ({described}) with at least {needed} parameters, but it holds {held} (a damaged or forged file).");
    }
}
