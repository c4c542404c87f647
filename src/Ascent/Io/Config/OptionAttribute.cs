namespace Ascent.Io.Config;

/// <summary>
/// Declares a property of an options record as a configuration option: its YAML key, a one-line
/// description, and optionally the allowed range or values. The property's initial value is the default.
/// </summary>
/// <example>
/// <code>
/// public sealed record PpoOptions
/// {
///     [Option("learning_rate", "Adam step size; lin_&lt;v&gt; decays linearly from v to 0.", Min = 0, MinExclusive = true)]
///     public Schedule LearningRate { get; init; } = 3e-4;
///
///     [Option("n_steps", "Steps per environment per rollout.", Min = 1)]
///     public int NSteps { get; init; } = 2048;
///
///     [Option("policy", "Policy network family.", Allowed = ["MlpPolicy"])]
///     public string Policy { get; init; } = "MlpPolicy";
/// }
/// </code>
/// </example>
/// <remarks>
/// Supported property types: <c>bool</c>, <c>int</c>, <c>long</c>, <c>float</c>, <c>double</c>, <c>string</c>, enums,
/// arrays of those, <see cref="Schedule"/>, <see cref="NetArch"/>, <see cref="NormalizeSettings"/>, nested options
/// records (such as <see cref="PolicyKwargs"/>, written as a YAML mapping or a Python <c>dict(...)</c> string), and
/// nullable versions of all of them. <see cref="Min"/>/<see cref="Max"/> apply to numbers, to each element of
/// numeric arrays, to a schedule's initial value and to each layer width of a <see cref="NetArch"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class OptionAttribute : Attribute
{
    /// <summary>Declares the option <paramref name="key"/> (lowercase snake_case, as in RL Zoo) with a one-line description.</summary>
    public OptionAttribute(string key, string description)
    {
        Key = key;
        Description = description;
    }

    /// <summary>The YAML key, e.g. <c>learning_rate</c>.</summary>
    public string Key { get; }

    /// <summary>One line saying what the option does.</summary>
    public string Description { get; }

    /// <summary>The smallest allowed value (inclusive unless <see cref="MinExclusive"/>); NaN means no lower bound.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>The largest allowed value (inclusive unless <see cref="MaxExclusive"/>); NaN means no upper bound.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>Whether <see cref="Min"/> itself is excluded.</summary>
    public bool MinExclusive { get; set; }

    /// <summary>Whether <see cref="Max"/> itself is excluded.</summary>
    public bool MaxExclusive { get; set; }

    /// <summary>For string options: the only values accepted (case-sensitive).</summary>
    public string[]? Allowed { get; set; }
}

/// <summary>
/// Marks a property whose type is itself an options record whose options are flattened into this one's
/// keys — so that, e.g., shared training options and an algorithm's options are read from one YAML section.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class OptionGroupAttribute : Attribute;
