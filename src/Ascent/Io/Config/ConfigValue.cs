namespace Ascent.Io.Config;

/// <summary>
/// A configuration value as read from a YAML file, a Python-literal string such as
/// <c>dict(net_arch=[64, 64])</c>, or a <c>--set key=value</c> override: a <see cref="ConfigScalar"/>,
/// a <see cref="ConfigList"/> or a <see cref="ConfigMap"/>. Values carry where they came from, so
/// errors can point at the line.
/// </summary>
/// <remarks>Values are inert data: nothing in them is ever executed or used to choose a type.
/// <see cref="OptionsBinder"/> turns them into typed options.</remarks>
public abstract class ConfigValue
{
    private protected ConfigValue(string source) => Source = source;

    /// <summary>Where the value came from, e.g. <c>ppo.yml:12:16</c> or <c>--set n_envs=…</c>.</summary>
    public string Source { get; }
}

/// <summary>How a scalar was written, which decides how it may be read (see <see cref="ConfigScalar"/>).</summary>
public enum ScalarKind
{
    /// <summary>An unquoted YAML scalar: its type is decided by the option that reads it.</summary>
    Plain,
    /// <summary>A quoted string.</summary>
    String,
    /// <summary>A number (YAML <c>!!int</c>/<c>!!float</c>, or a number in a Python literal).</summary>
    Number,
    /// <summary>A boolean (YAML <c>!!bool</c>, Python <c>True</c>/<c>False</c>).</summary>
    Bool,
    /// <summary>Null (YAML <c>null</c>/<c>~</c>/empty, Python <c>None</c>).</summary>
    Null,
    /// <summary>A bare dotted name in a Python literal, e.g. <c>nn.Tanh</c>.</summary>
    Symbol,
}

/// <summary>A single value, kept as its text.</summary>
public sealed class ConfigScalar : ConfigValue
{
    /// <summary>Creates a scalar.</summary>
    public ConfigScalar(string text, ScalarKind kind, string source) : base(source)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
        Kind = kind;
    }

    /// <summary>The text as written (without quotes).</summary>
    public string Text { get; }

    /// <summary>How it was written.</summary>
    public ScalarKind Kind { get; }

    /// <summary>Whether the scalar means null: <see cref="ScalarKind.Null"/>, or a plain <c>null</c>, <c>Null</c>, <c>NULL</c>, <c>~</c> or empty text.</summary>
    public bool IsNull => Kind == ScalarKind.Null || (Kind == ScalarKind.Plain && Text is "" or "~" or "null" or "Null" or "NULL");

    /// <inheritdoc />
    public override string ToString() => Kind == ScalarKind.String ? $"'{Text}'" : Text;
}

/// <summary>A sequence of values.</summary>
public sealed class ConfigList : ConfigValue
{
    /// <summary>Creates a list.</summary>
    public ConfigList(IReadOnlyList<ConfigValue> items, string source) : base(source) => Items = items;

    /// <summary>The items in order.</summary>
    public IReadOnlyList<ConfigValue> Items { get; }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>A mapping from string keys to values, in the order written; keys are unique.</summary>
public sealed class ConfigMap : ConfigValue
{
    private readonly List<KeyValuePair<string, ConfigValue>> _entries;

    /// <summary>Creates a map; throws <see cref="ConfigException"/> if a key repeats.</summary>
    public ConfigMap(IEnumerable<KeyValuePair<string, ConfigValue>> entries, string source) : base(source)
    {
        _entries = entries.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in _entries)
            if (!seen.Add(key)) throw new ConfigException($"{value.Source}: the key '{key}' appears twice.");
    }

    /// <summary>The entries in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, ConfigValue>> Entries => _entries;

    /// <summary>The keys in the order written.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>The value for <paramref name="key"/>, if present.</summary>
    public bool TryGetValue(string key, out ConfigValue value)
    {
        foreach (var (k, v) in _entries)
        {
            if (k == key) { value = v; return true; }
        }
        value = null!;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";
}
