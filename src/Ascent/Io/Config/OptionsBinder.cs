using System.Text;

namespace Ascent.Io.Config;

/// <summary>
/// Binds configuration to a typed options record: defaults (the record's property initialisers), then a YAML
/// section, then <c>--set key=value</c> overrides — rejecting unknown keys (with close matches), values of the
/// wrong type, out-of-range values and values not allowed, with messages naming the key, the value, the
/// allowed range or values, and the line. Also writes a resolved record back as YAML (RL Zoo's layout) and
/// as <c>key → value</c> settings for model files.
/// </summary>
/// <remarks>
/// An options record is a class with a public parameterless constructor whose settable public properties
/// all carry <see cref="OptionAttribute"/> (or <see cref="OptionGroupAttribute"/>). Binding never modifies the
/// record passed in; it returns a new one.
/// </remarks>
public static class OptionsBinder
{
    /// <summary>The defaults of <typeparamref name="T"/>, then <paramref name="config"/>, then <paramref name="overrides"/> (<c>key=value</c>).</summary>
    /// <exception cref="ConfigException">Any key or value is invalid; every problem is listed.</exception>
    public static T Bind<T>(ConfigMap? config = null, IEnumerable<string>? overrides = null) where T : class, new()
    {
        var entries = new List<KeyValuePair<string, ConfigValue>>();
        var problems = new List<string>();
        if (config is not null) entries.AddRange(config.Entries);
        foreach (var o in overrides ?? []) AddOverride(o, entries, problems);
        return Apply(new T(), entries, problems);
    }

    /// <summary>A copy of <paramref name="options"/> with the entries of <paramref name="config"/> applied.</summary>
    /// <exception cref="ConfigException">Any key or value is invalid.</exception>
    public static T Apply<T>(T options, ConfigMap config) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(config);
        return Apply(options, config.Entries.ToList(), []);
    }

    /// <summary>A copy of <paramref name="options"/> with <c>key=value</c> overrides applied in order; values are YAML
    /// (<c>n_envs=4</c>, <c>learning_rate=lin_1e-3</c>, <c>policy_kwargs="dict(net_arch=[32])"</c>,
    /// <c>policy_kwargs.ortho_init=false</c>).</summary>
    /// <exception cref="ConfigException">An override is malformed, or a key or value is invalid.</exception>
    public static T ApplyOverrides<T>(T options, IEnumerable<string> overrides) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var entries = new List<KeyValuePair<string, ConfigValue>>();
        var problems = new List<string>();
        foreach (var o in overrides) AddOverride(o, entries, problems);
        return Apply(options, entries, problems);
    }

    /// <summary>A copy of <paramref name="options"/> with settings as <see cref="ToSettings{T}"/> writes them
    /// (e.g. from a model file's metadata); <paramref name="source"/> names their origin in errors.</summary>
    /// <exception cref="ConfigException">A key or value is invalid.</exception>
    public static T ApplySettings<T>(T options, IEnumerable<KeyValuePair<string, string>> settings, string source) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(settings);
        var entries = new List<KeyValuePair<string, ConfigValue>>();
        var problems = new List<string>();
        foreach (var (key, text) in settings) AddEntry(key, text, $"{source} option {key}", entries, problems);
        return Apply(options, entries, problems);
    }

    /// <summary>Settings as <see cref="ToSettings{T}"/> writes them (e.g. from a model file's metadata) as a map to bind like a
    /// YAML section; <paramref name="source"/> names their origin in errors (<c>SOURCE option KEY: …</c>).</summary>
    /// <exception cref="ConfigException">A value is not valid YAML.</exception>
    public static ConfigMap SettingsMap(IEnumerable<KeyValuePair<string, string>> settings, string source)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var entries = new List<KeyValuePair<string, ConfigValue>>();
        var problems = new List<string>();
        foreach (var (key, text) in settings) AddEntry(key, text, $"{source} option {key}", entries, problems);
        if (problems.Count > 0) throw new ConfigException(problems);
        return new ConfigMap(entries, source);
    }

    /// <summary>Every option of <paramref name="options"/> as <c>key → value</c>, the value in the YAML form
    /// <see cref="ApplySettings{T}"/> and <c>--set</c> read back to an equal record.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToSettings<T>(T options) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        var schema = OptionSchema.For(typeof(T));
        return schema.Format(options).Entries
            .Select(e => new KeyValuePair<string, string>(e.Key, Inline(e.Value, schema.Find(e.Key)!.Converter)))
            .ToList();
    }

    /// <summary>The resolved options as an RL Zoo-style YAML file with one section for <paramref name="envId"/>;
    /// reading it with <see cref="HyperparameterFile"/> and binding gives an equal record.</summary>
    /// <param name="options">The options to write.</param>
    /// <param name="envId">The section key, e.g. <c>CartPole-v1</c>.</param>
    /// <param name="comment">Optional comment lines written at the top.</param>
    public static string ToYaml<T>(T options, string envId, string? comment = null) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(envId);
        var sb = new StringBuilder();
        if (comment is not null)
            foreach (var line in comment.Split('\n')) sb.Append("# ").Append(line.TrimEnd('\r')).Append('\n');
        sb.Append(ConfigText.IsPlainYamlKey(envId) ? envId : ConfigText.YamlQuote(envId)).Append(":\n");
        foreach (var (key, value) in ToSettings(options)) sb.Append("  ").Append(key).Append(": ").Append(value).Append('\n');
        return sb.ToString();
    }

    /// <summary>The options of <typeparamref name="T"/> with types, defaults, allowed ranges or values, and descriptions.</summary>
    public static IReadOnlyList<OptionInfo> Describe<T>() where T : class, new()
    {
        var schema = OptionSchema.For(typeof(T));
        return schema.Options.Select(d =>
        {
            string allowed = d.Attribute.Allowed is { } a ? string.Join(", ", a) : d.RangeText;
            return new OptionInfo(d.Key, d.Converter.Description, Inline(d.Converter.Format(schema.Get(schema.Defaults, d)), d.Converter), allowed, d.Attribute.Description);
        }).ToList();
    }

    private static T Apply<T>(T options, List<KeyValuePair<string, ConfigValue>> entries, List<string> problems) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        var schema = OptionSchema.For(typeof(T));
        var result = (T)schema.Apply(options, entries, "", problems);
        if (problems.Count > 0) throw new ConfigException(problems);
        if (result is ICheckedOptions checkedOptions)
        {
            try
            {
                checkedOptions.Check();
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException([ex.Message], ex);
            }
        }
        return result;
    }

    private static void AddOverride(string text, List<KeyValuePair<string, ConfigValue>> entries, List<string> problems)
    {
        int eq = text?.IndexOf('=') ?? -1;
        if (eq <= 0)
        {
            problems.Add($"--set {text}: expected key=value, e.g. --set learning_rate=lin_1e-3.");
            return;
        }
        AddEntry(text![..eq].Trim(), text[(eq + 1)..], $"--set {text[..eq].Trim()}", entries, problems);
    }

    private static void AddEntry(string key, string valueText, string source, List<KeyValuePair<string, ConfigValue>> entries, List<string> problems)
    {
        try
        {
            var value = YamlConfigReader.Parse(valueText, source, withPositions: false) ?? new ConfigScalar("", ScalarKind.Plain, source);
            entries.Add(new(key, value));
        }
        catch (ConfigException ex)
        {
            problems.AddRange(ex.Problems);
        }
    }

    /// <summary>A formatted value as one line of YAML: scalars plain or quoted, lists in flow style, maps as a
    /// double-quoted Python dict string (as RL Zoo writes <c>policy_kwargs</c> and <c>normalize</c>).</summary>
    private static string Inline(ConfigValue value, ValueConverter converter) => value switch
    {
        ConfigMap map => ConfigText.DoubleQuote(PythonLiteral.Format(map, converter.DictCalls)),
        ConfigList list => "[" + string.Join(", ", list.Items.Select(i => Inline(i, converter))) + "]",
        ConfigScalar { Kind: ScalarKind.String } s => ConfigText.YamlQuote(s.Text),
        ConfigScalar s => s.Text,
        _ => throw new InvalidOperationException("Unknown config value."),
    };
}
