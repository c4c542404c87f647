using Ascent.Io.Config;

namespace Ascent.Tests.Io;

public class PythonLiteralTests
{
    private static ConfigMap Dict(string text) => Assert.IsType<ConfigMap>(PythonLiteral.Parse(text, "test"));

    private static string Text(ConfigValue v) => Assert.IsType<ConfigScalar>(v).Text;

    [Fact]
    public void ParsesZooPolicyKwargs_WithLineBreaksNestedDictsAndSymbols()
    {
        // As YAML folds RL Zoo's multi-line double-quoted string.
        var d = Dict("dict(log_std_init=-2, ortho_init=False, activation_fn=nn.ReLU, net_arch=dict(pi=[256, 256], vf=[256, 256]) )");
        Assert.Equal(["log_std_init", "ortho_init", "activation_fn", "net_arch"], d.Keys);
        d.TryGetValue("log_std_init", out var lsi);
        Assert.Equal(ScalarKind.Number, ((ConfigScalar)lsi).Kind);
        Assert.Equal("-2", Text(lsi));
        d.TryGetValue("ortho_init", out var oi);
        Assert.Equal(ScalarKind.Bool, ((ConfigScalar)oi).Kind);
        d.TryGetValue("activation_fn", out var act);
        Assert.Equal(ScalarKind.Symbol, ((ConfigScalar)act).Kind);
        Assert.Equal("nn.ReLU", Text(act));
        d.TryGetValue("net_arch", out var arch);
        var archMap = Assert.IsType<ConfigMap>(arch);
        archMap.TryGetValue("vf", out var vf);
        Assert.Equal(["256", "256"], Assert.IsType<ConfigList>(vf).Items.Select(Text));
    }

    [Fact]
    public void ParsesOtherZooForms()
    {
        var normalize = Dict("{'norm_obs': True, 'norm_reward': False}");
        Assert.Equal(["norm_obs", "norm_reward"], normalize.Keys);
        var legacy = Dict("dict(log_std_init=-2, ortho_init=False, activation_fn=nn.ReLU, net_arch=[dict(pi=[256, 256], vf=[256, 256])], )");
        legacy.TryGetValue("net_arch", out var arch);
        Assert.IsType<ConfigMap>(Assert.Single(Assert.IsType<ConfigList>(arch).Items));
        var a2c = Dict("dict(optimizer_class=RMSpropTFLike, optimizer_kwargs=dict(eps=1e-5))");
        a2c.TryGetValue("optimizer_kwargs", out var ok);
        ((ConfigMap)ok).TryGetValue("eps", out var eps);
        Assert.Equal("1e-5", Text(eps));
        var misc = Dict("dict(a=(1, 2), b=(3), c=None, d='x\\'y', e=\"q\", f=float('-inf'), g=-3.29, h=1_000, i=[], j={})");
        misc.TryGetValue("a", out var a); Assert.Equal(2, ((ConfigList)a).Items.Count);
        misc.TryGetValue("b", out var b); Assert.Equal("3", Text(b));
        misc.TryGetValue("c", out var c); Assert.True(((ConfigScalar)c).IsNull);
        misc.TryGetValue("d", out var dd); Assert.Equal("x'y", Text(dd));
        misc.TryGetValue("f", out var f); Assert.Equal("-.inf", Text(f));
        misc.TryGetValue("h", out var h); Assert.Equal("1_000", Text(h));
    }

    [Theory]
    [InlineData("dict(a=__import__('os').system('rm -rf /'))", "call '__import__(...)' is not allowed")]
    [InlineData("dict(a=eval('1'))", "call 'eval(...)' is not allowed")]
    [InlineData("dict(activation_fn=nn.ReLU())", "call 'nn.ReLU(...)' is not allowed")]
    [InlineData("dict(a=lambda x: x)", "expected ',' or ')'")]
    [InlineData("dict(a=1", "expected ',' or ')'")]
    [InlineData("dict(a=1) + dict(b=2)", "unexpected text after the value")]
    [InlineData("dict(a=f'{x}')", "string prefixes")]
    [InlineData("{a: 1}", "keys must be quoted strings")]
    [InlineData("dict(a=1, a=2)", "appears twice")]
    [InlineData("dict(a='unterminated)", "not closed")]
    [InlineData("dict(a=1.5e)", "is not a number")]
    [InlineData("dict(a=float('1e9'))", "only 'inf', '-inf' and 'nan'")]
    public void RejectsAnythingButLiterals_PointingAtTheCharacter(string text, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => PythonLiteral.Parse(text, "ppo.yml:3:18"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("ppo.yml:3:18: in the Python literal at character", ex.Message);
        Assert.Contains("⟨here⟩", ex.Message);
    }

    [Fact]
    public void DeepNesting_IsAnError_NotAStackOverflow()
    {
        var ex = Assert.Throws<ConfigException>(() => PythonLiteral.Parse(new string('[', 10_000), "x"));
        Assert.Contains("nesting deeper than 32", ex.Message);
    }

    [Theory]
    [InlineData("dict(net_arch=dict(pi=[64], vf=[32]), activation_fn=nn.Tanh, ortho_init=True, log_std_init=-2.5)")]
    [InlineData("{'norm_obs': True, 'norm_reward': False, 'gamma': None}")]
    [InlineData("dict(a=[1, [2, 3]], b='it''s', c=float('inf'), d=float('nan'), e=-1e-08)")]
    public void Format_ThenParse_GivesTheSameTree(string text)
    {
        var value = PythonLiteral.Parse(text.Replace("''", "\\'"), "x");
        string written = PythonLiteral.Format(value, dictCalls: text.StartsWith("dict"));
        Assert.Equal(value.ToString(), PythonLiteral.Parse(written, "x").ToString());
        Assert.Equal(written, PythonLiteral.Format(PythonLiteral.Parse(written, "x"), dictCalls: text.StartsWith("dict")));
    }
}
