using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Ascent.Io.Config;

/// <summary>One option of an options record: key, description, range, converter, and where the property lives.</summary>
internal sealed class OptionDescriptor
{
    public required string Key { get; init; }
    public required OptionAttribute Attribute { get; init; }
    public required PropertyInfo Property { get; init; }
    public required ValueConverter Converter { get; init; }

    public bool HasRange => !double.IsNaN(Attribute.Min) || !double.IsNaN(Attribute.Max);

    /// <summary>The range as text, e.g. <c>[0, 1]</c>, <c>&gt; 0</c>, or empty.</summary>
    public string RangeText
    {
        get
        {
            var a = Attribute;
            string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            bool lo = !double.IsNaN(a.Min), hi = !double.IsNaN(a.Max);
            if (lo && hi) return $"{(a.MinExclusive ? "(" : "[")}{F(a.Min)}, {F(a.Max)}{(a.MaxExclusive ? ")" : "]")}";
            if (lo) return $"{(a.MinExclusive ? ">" : "≥")} {F(a.Min)}";
            if (hi) return $"{(a.MaxExclusive ? "<" : "≤")} {F(a.Max)}";
            return "";
        }
    }

    public bool InRange(double v)
    {
        var a = Attribute;
        if (double.IsNaN(v)) return !HasRange;
        if (!double.IsNaN(a.Min) && (a.MinExclusive ? v <= a.Min : v < a.Min)) return false;
        if (!double.IsNaN(a.Max) && (a.MaxExclusive ? v >= a.Max : v > a.Max)) return false;
        return true;
    }

    /// <summary>Throws if <paramref name="value"/> breaks the range or the allowed values; <paramref name="written"/> is shown.</summary>
    public void CheckConstraints(object? value, ConfigValue written, string path)
    {
        if (HasRange)
        {
            foreach (double v in Converter.RangeValues(value))
                if (!InRange(v))
                    throw new ConfigException($"{written.Source}: {path} = {ValueConverter.Show(written)} is out of range: must be {(RangeText.StartsWith('[') || RangeText.StartsWith('(') ? "in " : "")}{RangeText}.");
        }
        if (Attribute.Allowed is { } allowed)
        {
            foreach (string s in Converter.AllowedValues(value))
                if (!allowed.Contains(s, StringComparer.Ordinal))
                    throw new ConfigException($"{written.Source}: {path} = {ValueConverter.Show(written)} is not allowed; allowed values: {string.Join(", ", allowed.Select(x => $"'{x}'"))}.{NameSuggestions.DidYouMean(s, allowed)}");
        }
    }
}

/// <summary>
/// The options of one record type, found by reflection on its <see cref="OptionAttribute"/> properties (and
/// flattened <see cref="OptionGroupAttribute"/> groups), with the defaults from its parameterless constructor.
/// Binding builds a new instance; the record passed in is never modified.
/// </summary>
internal sealed class OptionSchema
{
    private static readonly ConcurrentDictionary<Type, OptionSchema> Cache = new();
    private static readonly Regex KeyPattern = new("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, OptionDescriptor> _byKey;
    private readonly List<OptionDescriptor> _direct = [];
    private readonly List<(PropertyInfo Property, OptionSchema Schema)> _groups = [];

    public static OptionSchema For(Type type) => Cache.GetOrAdd(type, t => new OptionSchema(t));

    /// <summary>Whether <paramref name="type"/> is a class with at least one <see cref="OptionAttribute"/> property.</summary>
    public static bool IsOptionsRecord(Type type) =>
        type.IsClass && type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.IsDefined(typeof(OptionAttribute), true));

    private OptionSchema(Type type)
    {
        Type = type;
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new InvalidOperationException($"Options: {type.Name} needs a public parameterless constructor (its property initialisers are the defaults).");
        var nullability = new NullabilityInfoContext();
        var all = new List<OptionDescriptor>();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            bool settable = p.SetMethod is { IsPublic: true };
            var option = p.GetCustomAttribute<OptionAttribute>(true);
            bool group = p.IsDefined(typeof(OptionGroupAttribute), true);
            if (option is null && !group)
            {
                if (settable) throw new InvalidOperationException($"Options: {type.Name}.{p.Name} is settable but has no [Option] or [OptionGroup] attribute.");
                continue;
            }
            if (!settable || p.GetMethod is not { IsPublic: true })
                throw new InvalidOperationException($"Options: {type.Name}.{p.Name} needs a public getter and a public setter or init accessor.");
            if (group)
            {
                var schema = For(p.PropertyType);
                _groups.Add((p, schema));
                all.AddRange(schema.Options);
                continue;
            }
            if (!KeyPattern.IsMatch(option!.Key))
                throw new InvalidOperationException($"Options: {type.Name}.{p.Name} has the key '{option.Key}'; keys are lowercase snake_case.");
            bool nullable = nullability.Create(p).WriteState == NullabilityState.Nullable;
            var d = new OptionDescriptor { Key = option.Key, Attribute = option, Property = p, Converter = ValueConverter.For(p.PropertyType, nullable && !p.PropertyType.IsValueType) };
            _direct.Add(d);
            all.Add(d);
        }
        _byKey = new Dictionary<string, OptionDescriptor>(StringComparer.Ordinal);
        foreach (var d in all)
            if (!_byKey.TryAdd(d.Key, d)) throw new InvalidOperationException($"Options: the key '{d.Key}' is declared twice in {type.Name}.");
        Options = all;
        Defaults = Activator.CreateInstance(type)!;
        foreach (var d in all)
        {
            var v = Get(Defaults, d);
            if (v is null && d.Converter is not NullConverter)
                throw new InvalidOperationException($"Options: the default of {type.Name} option '{d.Key}' is null but the property is not nullable.");
            try
            {
                d.CheckConstraints(v, d.Converter.Format(v), d.Key);
            }
            catch (ConfigException ex)
            {
                throw new InvalidOperationException($"Options: the default of {type.Name} option '{d.Key}' breaks its own constraint: {ex.Message}", ex);
            }
        }
    }

    public Type Type { get; }

    /// <summary>Every option, group options included, in declaration order.</summary>
    public IReadOnlyList<OptionDescriptor> Options { get; }

    /// <summary>An instance holding the defaults (never modified).</summary>
    public object Defaults { get; }

    public OptionDescriptor? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The value of option <paramref name="d"/> in <paramref name="instance"/>.</summary>
    public object? Get(object instance, OptionDescriptor d)
    {
        if (_direct.Contains(d)) return d.Property.GetValue(instance);
        foreach (var (prop, schema) in _groups)
            if (schema._byKey.TryGetValue(d.Key, out var inner) && inner == d) return schema.Get(prop.GetValue(instance)!, d);
        throw new InvalidOperationException($"Options: '{d.Key}' is not an option of {Type.Name}.");
    }

    /// <summary>
    /// A new instance: <paramref name="current"/> with <paramref name="entries"/> applied in order. Problems
    /// (unknown keys, bad values) are collected into <paramref name="problems"/>; <paramref name="prefix"/> is
    /// prepended to keys in messages (e.g. <c>policy_kwargs.</c>).
    /// </summary>
    public object Apply(object current, IEnumerable<KeyValuePair<string, ConfigValue>> entries, string prefix, List<string> problems)
    {
        var values = Options.ToDictionary(d => d, d => Get(current, d));
        foreach (var (key, value) in entries)
        {
            int dot = key.IndexOf('.');
            string head = dot < 0 ? key : key[..dot];
            string path = prefix + key;
            var d = Find(head);
            if (d is null)
            {
                string known = Options.Count <= 40 ? $" Known options: {string.Join(", ", Options.Select(o => o.Key))}." : "";
                problems.Add($"{value.Source}: unknown option '{prefix}{head}'.{NameSuggestions.DidYouMean(head, Options.Select(o => o.Key))}{known}");
                continue;
            }
            try
            {
                object? parsed;
                if (dot < 0)
                {
                    parsed = d.Converter.Parse(value, null, path);
                }
                else
                {
                    if (!d.Converter.HasSubKeys) throw new ConfigException($"{value.Source}: {prefix}{head} has no sub-options, so '{path}' cannot be set.");
                    var nested = new ConfigMap([new(key[(dot + 1)..], value)], value.Source);
                    parsed = d.Converter.Parse(nested, values[d] ?? OptionSchema.For(Nullable.GetUnderlyingType(d.Property.PropertyType) ?? d.Property.PropertyType).Defaults, prefix + head);
                }
                d.CheckConstraints(parsed, value, path);
                values[d] = parsed;
            }
            catch (ConfigException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }
        return Build(values);
    }

    private object Build(Dictionary<OptionDescriptor, object?> values)
    {
        var instance = Activator.CreateInstance(Type)!;
        foreach (var d in _direct) d.Property.SetValue(instance, values[d]);
        foreach (var (prop, schema) in _groups) prop.SetValue(instance, schema.Build(values));
        return instance;
    }

    /// <summary>All options of <paramref name="instance"/> as a typed map, omitting null values whose default is null too.</summary>
    public ConfigMap Format(object instance)
    {
        var entries = new List<KeyValuePair<string, ConfigValue>>();
        foreach (var d in Options)
        {
            var v = Get(instance, d);
            if (v is null && Get(Defaults, d) is null) continue;
            entries.Add(new(d.Key, d.Converter.Format(v)));
        }
        return new ConfigMap(entries, Type.Name);
    }
}
