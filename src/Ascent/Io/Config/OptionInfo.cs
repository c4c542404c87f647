namespace Ascent.Io.Config;

/// <summary>One option as <see cref="OptionsBinder.Describe{T}"/> lists it, for help texts and docs.</summary>
/// <param name="Key">The YAML key.</param>
/// <param name="Type">What kind of value it takes, e.g. <c>a number</c> or <c>a number or lin_&lt;v&gt; (linear decay from v to 0)</c>.</param>
/// <param name="Default">The default, as YAML.</param>
/// <param name="Allowed">The allowed range or values (empty when anything of the type is allowed).</param>
/// <param name="Description">The one-line description.</param>
public sealed record OptionInfo(string Key, string Type, string Default, string Allowed, string Description);
