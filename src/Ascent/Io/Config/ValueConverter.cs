using System.Reflection;
using System.Runtime.Serialization;
using System.Text;

namespace Ascent.Io.Config;

/// <summary>
/// Turns a <see cref="ConfigValue"/> into a value of one option type and back. Parsing is by the target
/// type, so <c>1e5</c>, <c>!!float 1e5</c> and <c>'100000'</c> all bind to an integer option, and errors name
/// the key (<c>path</c>), the value as written and what the type accepts.
/// </summary>
internal abstract class ValueConverter
{
    /// <summary>What the option accepts, for messages and help, e.g. <c>an integer</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Parses <paramref name="value"/>; <paramref name="mergeInto"/> is the current value when only
    /// sub-keys are being set (<c>policy_kwargs.ortho_init=false</c>), otherwise null.</summary>
    public abstract object? Parse(ConfigValue value, object? mergeInto, string path);

    /// <summary>The value as a typed <see cref="ConfigValue"/> that <see cref="Parse"/> reads back to an equal value.</summary>
    public abstract ConfigValue Format(object? value);

    /// <summary>The numbers a range attribute constrains (the value, array elements, a schedule's start, layer widths).</summary>
    public virtual IEnumerable<double> RangeValues(object? value) => [];

    /// <summary>The strings an <see cref="OptionAttribute.Allowed"/> list constrains.</summary>
    public virtual IEnumerable<string> AllowedValues(object? value) => [];

    /// <summary>Whether dotted sub-keys (<c>policy_kwargs.log_std_init</c>) can be set.</summary>
    public virtual bool HasSubKeys => false;

    /// <summary>For maps written as Python: <c>dict(k=v)</c> (true) or <c>{'k': v}</c> (false).</summary>
    public virtual bool DictCalls => true;

    protected const string Generated = "formatted";

    protected static ConfigException Fail(ConfigValue value, string path, string problem) =>
        new($"{value.Source}: {path} = {Show(value)} {problem}");

    /// <summary>A value as the user wrote it, shortened for messages.</summary>
    public static string Show(ConfigValue value)
    {
        string s = value.ToString() ?? "";
        return s.Length > 80 ? s[..77] + "…" : s;
    }

    protected static ConfigScalar Scalar(ConfigValue value, string path, string expected)
    {
        if (value is ConfigScalar s && !s.IsNull) return s;
        if (value is ConfigScalar) throw new ConfigException($"{value.Source}: {path} must not be null (expected {expected}).");
        throw Fail(value, path, $"is not {expected}.");
    }

    /// <summary>The converter for <paramref name="type"/>; <paramref name="nullable"/> allows null.</summary>
    public static ValueConverter For(Type type, bool nullable)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return new NullConverter(For(underlying, false));
        ValueConverter c = type switch
        {
            _ when type == typeof(bool) => new BoolConverter(),
            _ when type == typeof(int) => new IntegerConverter(int.MinValue, int.MaxValue, v => (int)v, "an integer"),
            _ when type == typeof(long) => new IntegerConverter(long.MinValue, long.MaxValue, v => v, "an integer"),
            _ when type == typeof(double) => new FloatConverter(single: false),
            _ when type == typeof(float) => new FloatConverter(single: true),
            _ when type == typeof(string) => new StringConverter(),
            _ when type.IsEnum => new EnumConverter(type),
            _ when type == typeof(Schedule) => new ScheduleConverter(),
            _ when type == typeof(NetArch) => new NetArchConverter(),
            _ when type == typeof(NormalizeSettings) => new NormalizeConverter(),
            _ when type.IsArray && type.GetArrayRank() == 1 => new ArrayConverter(type.GetElementType()!, For(type.GetElementType()!, false)),
            _ when OptionSchema.IsOptionsRecord(type) => new RecordConverter(type),
            _ => throw new InvalidOperationException($"Options: the type {type.Name} is not supported (see OptionAttribute for the supported types)."),
        };
        return nullable ? new NullConverter(c) : c;
    }
}

internal sealed class NullConverter(ValueConverter inner) : ValueConverter
{
    public override string Description => inner.Description + " or null";
    public override bool HasSubKeys => inner.HasSubKeys;
    public override bool DictCalls => inner.DictCalls;
    public override object? Parse(ConfigValue value, object? mergeInto, string path) =>
        value is ConfigScalar { IsNull: true } ? null : inner.Parse(value, mergeInto, path);
    public override ConfigValue Format(object? value) => value is null ? new ConfigScalar("null", ScalarKind.Null, Generated) : inner.Format(value);
    public override IEnumerable<double> RangeValues(object? value) => value is null ? [] : inner.RangeValues(value);
    public override IEnumerable<string> AllowedValues(object? value) => value is null ? [] : inner.AllowedValues(value);
}

internal sealed class BoolConverter : ValueConverter
{
    public override string Description => "true or false";
    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        var s = Scalar(value, path, Description);
        return ConfigText.TryParseBool(s.Text, out bool b) ? b : throw Fail(value, path, "is not true or false.");
    }
    public override ConfigValue Format(object? value) => new ConfigScalar((bool)value! ? "true" : "false", ScalarKind.Bool, Generated);
}

internal sealed class IntegerConverter(long min, long max, Func<long, object> box, string description) : ValueConverter
{
    public override string Description => description;
    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        var s = Scalar(value, path, Description);
        if (!ConfigText.TryParseInteger(s.Text, out long v, out bool fractional))
            throw Fail(value, path, fractional ? "is not a whole number." : "is not an integer.");
        if (v < min || v > max) throw Fail(value, path, $"does not fit the option's integer type [{min}, {max}].");
        return box(v);
    }
    public override ConfigValue Format(object? value) => new ConfigScalar(ConfigText.FormatInteger(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)), ScalarKind.Number, Generated);
    public override IEnumerable<double> RangeValues(object? value) => [Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)];
}

internal sealed class FloatConverter(bool single) : ValueConverter
{
    public override string Description => "a number";
    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        var s = Scalar(value, path, Description);
        if (!ConfigText.TryParseDouble(s.Text, out double d)) throw Fail(value, path, "is not a number.");
        if (!single) return d;
        float f = (float)d;
        if (double.IsFinite(d) && !float.IsFinite(f)) throw Fail(value, path, "is too large for a float32 option.");
        return f;
    }
    public override ConfigValue Format(object? value) =>
        new ConfigScalar(single ? ConfigText.FormatSingle((float)value!) : ConfigText.FormatDouble((double)value!), ScalarKind.Number, Generated);
    public override IEnumerable<double> RangeValues(object? value) => [single ? (float)value! : (double)value!];
}

internal sealed class StringConverter : ValueConverter
{
    public override string Description => "a string";
    public override object? Parse(ConfigValue value, object? mergeInto, string path) => Scalar(value, path, Description).Text;
    public override ConfigValue Format(object? value) => new ConfigScalar((string)value!, ScalarKind.String, Generated);
    public override IEnumerable<string> AllowedValues(object? value) => [(string)value!];
}

internal sealed class EnumConverter : ValueConverter
{
    private readonly Type _type;
    private readonly (object Value, string Canonical, string[] Spellings)[] _members;

    public EnumConverter(Type type)
    {
        _type = type;
        _members = type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f =>
        {
            string canonical = f.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? SnakeCase(f.Name);
            return (f.GetValue(null)!, canonical, new[] { canonical, f.Name, SnakeCase(f.Name) });
        }).ToArray();
    }

    public override string Description => "one of " + string.Join(", ", _members.Select(m => m.Canonical));

    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        var s = Scalar(value, path, Description);
        string t = s.Text.Trim();
        foreach (var m in _members)
            if (m.Spellings.Any(sp => string.Equals(sp, t, StringComparison.OrdinalIgnoreCase))) return m.Value;
        throw Fail(value, path, $"is not allowed; allowed values: {string.Join(", ", _members.Select(m => m.Canonical))}.{NameSuggestions.DidYouMean(t, _members.Select(m => m.Canonical))}");
    }

    public override ConfigValue Format(object? value)
    {
        string canonical = _members.First(m => m.Value.Equals(value)).Canonical;
        return new ConfigScalar(canonical, canonical.Contains('.') ? ScalarKind.Symbol : ScalarKind.String, Generated);
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool boundary = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (boundary) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    public override string ToString() => _type.Name;
}

internal sealed class ArrayConverter(Type elementType, ValueConverter element) : ValueConverter
{
    public const int MaxLength = 1 << 16;
    public override string Description => "a list of " + element.Description.Replace("an ", "").Replace("a ", "") + "s";

    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        if (value is ConfigScalar { IsNull: false } s && s.Text.TrimStart().StartsWith('['))
            value = PythonLiteral.Parse(s.Text, s.Source);
        if (value is not ConfigList list) throw Fail(value, path, $"is not {Description}.");
        if (list.Items.Count > MaxLength) throw Fail(value, path, $"has {list.Items.Count} items, more than {MaxLength}.");
        var result = Array.CreateInstance(elementType, list.Items.Count);
        for (int i = 0; i < list.Items.Count; i++) result.SetValue(element.Parse(list.Items[i], null, $"{path}[{i}]"), i);
        return result;
    }

    public override ConfigValue Format(object? value) =>
        new ConfigList(((Array)value!).Cast<object?>().Select(element.Format).ToList(), Generated);

    public override IEnumerable<double> RangeValues(object? value) => ((Array)value!).Cast<object?>().SelectMany(element.RangeValues);
    public override IEnumerable<string> AllowedValues(object? value) => ((Array)value!).Cast<object?>().SelectMany(element.AllowedValues);
}

internal sealed class ScheduleConverter : ValueConverter
{
    public override string Description => "a number or lin_<v> (linear decay from v to 0)";
    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        var s = Scalar(value, path, Description);
        return Schedule.TryParse(s.Text, out var schedule) ? schedule : throw Fail(value, path, $"is not {Description}.");
    }
    public override ConfigValue Format(object? value)
    {
        var s = (Schedule)value!;
        return new ConfigScalar(s.ToString(), s.Kind == ScheduleKind.Linear ? ScalarKind.Symbol : ScalarKind.Number, Generated);
    }
    public override IEnumerable<double> RangeValues(object? value) => [((Schedule)value!).Initial];
}

internal sealed class NetArchConverter : ValueConverter
{
    private static readonly ValueConverter Widths = new ArrayConverter(typeof(int), new IntegerConverter(int.MinValue, int.MaxValue, v => (int)v, "an integer"));

    public override string Description => "a list of layer widths like [64, 64], or dict(pi=[...], vf=[...])";

    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        if (value is ConfigScalar { IsNull: false } s && (s.Text.TrimStart().StartsWith('[') || PythonLiteral.LooksLikeDict(s.Text)))
            value = PythonLiteral.Parse(s.Text, s.Source);
        // SB3 < 1.8 wrote [dict(pi=..., vf=...)]; shared layers before the dict were removed in SB3 1.8.
        if (value is ConfigList list && list.Items.Any(i => i is ConfigMap))
        {
            if (list.Items.Count != 1)
                throw Fail(value, path, "mixes shared layers with dict(pi=..., vf=...); shared layers were removed in Stable-Baselines3 1.8 and are not supported.");
            value = list.Items[0];
        }
        if (value is ConfigMap map)
        {
            int[] pi = [], vf = [];
            foreach (var (key, v) in map.Entries)
            {
                switch (key)
                {
                    case "pi": pi = (int[])Widths.Parse(v, null, path + ".pi")!; break;
                    case "vf": vf = (int[])Widths.Parse(v, null, path + ".vf")!; break;
                    default: throw new ConfigException($"{v.Source}: {path} has the unknown key '{key}'; allowed keys: pi, vf.");
                }
            }
            return Create(pi, vf, value, path);
        }
        if (value is ConfigList) 
        {
            var shared = (int[])Widths.Parse(value, null, path)!;
            return Create(shared, shared, value, path);
        }
        throw Fail(value, path, $"is not {Description}.");
    }

    private static NetArch Create(int[] pi, int[] vf, ConfigValue value, string path)
    {
        if (pi.Concat(vf).Any(w => w < 1)) throw Fail(value, path, "has a layer width below 1.");
        return new NetArch(pi, vf);
    }

    public override ConfigValue Format(object? value)
    {
        var arch = (NetArch)value!;
        ConfigList List(IReadOnlyList<int> widths) => (ConfigList)Widths.Format(widths.ToArray());
        if (arch.IsShared) return List(arch.Pi);
        return new ConfigMap([new("pi", List(arch.Pi)), new("vf", List(arch.Vf))], Generated);
    }

    public override IEnumerable<double> RangeValues(object? value)
    {
        var arch = (NetArch)value!;
        return arch.Pi.Concat(arch.Vf).Select(w => (double)w);
    }
}
