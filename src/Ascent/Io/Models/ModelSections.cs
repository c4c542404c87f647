namespace Ascent.Io.Models;

/// <summary>
/// The name prefixes that divide a model file's tensors into sections. An algorithm's checkpoint puts
/// network weights under <see cref="Parameters"/>, optimizer moments under <see cref="Optimizer"/>, and uses
/// <see cref="ModelWriter.AddRngState"/> and <see cref="ModelWriter.AddNormalizer"/> for the other two.
/// </summary>
public static class ModelSections
{
    /// <summary>Network parameters: <c>params/&lt;parameter name&gt;</c> (float32).</summary>
    public const string Parameters = "params/";

    /// <summary>Optimizer state, named by the optimizer, e.g. <c>optim/adam.m/actor.0.weight</c>.</summary>
    public const string Optimizer = "optim/";

    /// <summary>Random-generator states: <c>rng/&lt;name&gt;</c>, int64[7] (see docs/model-format.md).</summary>
    public const string Rng = "rng/";

    /// <summary>Normaliser statistics: <c>normalizer/&lt;name&gt;/mean</c>, <c>…/var</c> (float64[n]) and <c>…/count</c> (float64 scalar).</summary>
    public const string Normalizer = "normalizer/";
}
