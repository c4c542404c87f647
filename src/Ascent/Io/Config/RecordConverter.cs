namespace Ascent.Io.Config;

/// <summary>
/// A nested options record such as <see cref="PolicyKwargs"/>: read from a YAML mapping or a Python dict
/// string (<c>"dict(net_arch=[64, 64], ortho_init=False)"</c>), each key bound by the record's own options.
/// A whole value starts from the record type's defaults (as Stable-Baselines3 fills missing
/// <c>policy_kwargs</c>); dotted keys (<c>policy_kwargs.ortho_init</c>) change the current value.
/// </summary>
internal class RecordConverter(Type type) : ValueConverter
{
    protected OptionSchema Schema => OptionSchema.For(type);

    public override string Description => "a mapping or dict(...) string with keys " + string.Join(", ", Schema.Options.Select(o => o.Key));

    public override bool HasSubKeys => true;

    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        if (value is ConfigScalar { IsNull: false } s && PythonLiteral.LooksLikeDict(s.Text))
            value = PythonLiteral.Parse(s.Text, s.Source);
        if (value is not ConfigMap map) throw Fail(value, path, $"is not {Description}.");
        var problems = new List<string>();
        var result = Schema.Apply(mergeInto ?? Schema.Defaults, map.Entries, path + ".", problems);
        if (problems.Count > 0) throw new ConfigException(problems);
        return result;
    }

    public override ConfigValue Format(object? value) => Schema.Format(value!);
}

/// <summary><see cref="NormalizeSettings"/>: <c>true</c>/<c>false</c>, or the nested form (keys over VecNormalize's defaults).</summary>
internal sealed class NormalizeConverter() : RecordConverter(typeof(NormalizeSettings))
{
    public override string Description => "true, false, or a dict string such as \"{'norm_obs': True, 'norm_reward': False}\"";

    public override bool DictCalls => false;

    public override object? Parse(ConfigValue value, object? mergeInto, string path)
    {
        if (value is ConfigScalar { IsNull: false } s && ConfigText.TryParseBool(s.Text, out bool on))
            return on ? Schema.Defaults : NormalizeSettings.Off;
        return base.Parse(value, mergeInto, path);
    }

    public override ConfigValue Format(object? value)
    {
        var n = (NormalizeSettings)value!;
        if (n == NormalizeSettings.Off) return new ConfigScalar("false", ScalarKind.Bool, Generated);
        if (n == (NormalizeSettings)Schema.Defaults) return new ConfigScalar("true", ScalarKind.Bool, Generated);
        return base.Format(value);
    }
}
