using Ascent.Io.Config;
using Ascent.Numerics;

namespace Ascent.Tests.Io;

public class HyperparameterFileTests
{
    private static HyperparameterFile Zoo() => HyperparameterFile.Load(TestData.Path("zoo", "ppo-excerpt.yml"));

    [Fact]
    public void ZooFile_BindsEveryValueForm()
    {
        var cartPole = OptionsBinder.Bind<SampleOnPolicyOptions>(Zoo().Get("CartPole-v1"));
        Assert.Equal(8, cartPole.Run.NEnvs);
        Assert.Equal(100_000L, cartPole.Run.NTimesteps);            // !!float 1e5 into an integer option
        Assert.Equal(Schedule.Linear(0.001), cartPole.LearningRate); // lin_0.001
        Assert.Equal(0.0005, cartPole.LearningRate.Value(0.5), 15);
        Assert.Equal(Schedule.Linear(0.2), cartPole.ClipRange);
        Assert.Equal(0.98, cartPole.Gamma);
        Assert.Equal(NormalizeSettings.Off, cartPole.Run.Normalize); // default kept

        var acrobot = OptionsBinder.Bind<SampleOnPolicyOptions>(Zoo().Get("Acrobot-v1"));
        Assert.Equal(0.0, acrobot.EntCoef);                           // .0
        Assert.Equal(new NormalizeSettings(), acrobot.Run.Normalize); // normalize: true → obs and reward
        Assert.True(acrobot.Run.Normalize.NormObs && acrobot.Run.Normalize.NormReward);

        var mcc = OptionsBinder.Bind<SampleOnPolicyOptions>(Zoo().Get("MountainCarContinuous-v0"));
        Assert.Equal(20_000L, mcc.Run.NTimesteps);
        Assert.Equal(Schedule.Constant(7.77e-05), mcc.LearningRate);  // !!float 7.77e-05
        Assert.True(mcc.UseSde);                                      // True
        Assert.Equal(5.0, mcc.MaxGradNorm);
        Assert.Equal(0.19f, mcc.VfCoef);
        Assert.Equal(-3.29, mcc.PolicyKwargs.LogStdInit);
        Assert.False(mcc.PolicyKwargs.OrthoInit);
        Assert.Equal(new NetArch(64, 64), mcc.PolicyKwargs.NetArch);  // unspecified kwargs keep their defaults

        var hardcore = OptionsBinder.Bind<SampleOnPolicyOptions>(Zoo().Get("BipedalWalkerHardcore-v3"));
        Assert.Equal(100_000_000L, hardcore.Run.NTimesteps);         // !!float 10e7
        Assert.True(hardcore.Run.Normalize.NormObs);
        Assert.False(hardcore.Run.Normalize.NormReward);             // "{'norm_obs': True, 'norm_reward': False}"
        Assert.Equal(10.0, hardcore.Run.Normalize.ClipObs);          // VecNormalize default for missing keys
        Assert.Equal(Schedule.Linear(2.5e-4), hardcore.LearningRate);
    }

    [Fact]
    public void AnchorsAndMergeKeys_AreResolved_ExplicitKeysWin()
    {
        var cheetah = OptionsBinder.Bind<SampleOnPolicyOptions>(Zoo().Get("HalfCheetahBulletEnv-v0"));
        var walker = OptionsBinder.Bind<SampleOnPolicyOptions>(Zoo().Get("Walker2DBulletEnv-v0"));
        Assert.Equal(16, walker.Run.NEnvs);               // merged from &pybullet-defaults
        Assert.Equal(512, walker.NSteps);
        Assert.Equal(Schedule.Constant(0.4), cheetah.ClipRange);
        Assert.Equal(Schedule.Linear(0.4), walker.ClipRange); // explicit key wins over the merged one
        var expected = new PolicyKwargs { LogStdInit = -2, OrthoInit = false, ActivationFn = ActivationFunction.ReLU, NetArch = new NetArch(256, 256) };
        Assert.Equal(expected, cheetah.PolicyKwargs);     // multi-line dict string, net_arch=dict(pi=..., vf=...)
        Assert.Equal(expected, walker.PolicyKwargs);      // legacy net_arch=[dict(pi=..., vf=...)]
    }

    [Fact]
    public void UnknownEnvId_FallsBackToDefault_OrListsCloseMatches()
    {
        var defaults = OptionsBinder.Bind<SampleOnPolicyOptions>(Zoo().Get("Pendulum-v1"));
        Assert.Equal(1_000_000L, defaults.Run.NTimesteps);
        Assert.Equal(["default", "CartPole-v1", "Acrobot-v1"], Zoo().EnvIds.Take(3));

        var noDefault = HyperparameterFile.Parse("CartPole-v1:\n  n_envs: 8\nAcrobot-v1:\n  n_envs: 16\n", "a2c.yml");
        var ex = Assert.Throws<ConfigException>(() => noDefault.Get("CartPole-v0"));
        Assert.Contains("a2c.yml: no hyperparameters for 'CartPole-v0'", ex.Message);
        Assert.Contains("Did you mean 'CartPole-v1'?", ex.Message);
        Assert.Contains("sections for CartPole-v1, Acrobot-v1", ex.Message);
    }

    [Theory]
    [InlineData("CartPole-v1: !!python/object/apply:os.system ['echo pwned']\n", "the tag !!python/object/apply:os.system is not allowed")]
    [InlineData("CartPole-v1:\n  n_envs: !!python/name:os.system\n", "not allowed")]
    [InlineData("CartPole-v1:\n  n_envs: !custom 3\n", "the tag !custom is not allowed")]
    [InlineData("CartPole-v1:\n  n_envs: 8\n  n_envs: 9\n", "the key 'n_envs' appears twice")]
    [InlineData("CartPole-v1:\n  n_envs: [8\n", "YAML syntax error")]
    [InlineData("CartPole-v1: 8\n", "the section 'CartPole-v1' must be a mapping")]
    [InlineData("- 1\n- 2\n", "must be a mapping from environment id")]
    [InlineData("a: *missing\n", "refers to no earlier, complete anchor")]
    [InlineData("a: &x [1, *x]\n", "refers to no earlier, complete anchor")]
    [InlineData("a:\n  <<: 5\n", "merge key '<<' needs a mapping")]
    [InlineData("a: 1\n---\nb: 2\n", "only one YAML document")]
    public void BadFiles_GiveConfigExceptions_WithLocations(string yaml, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => HyperparameterFile.Parse(yaml, "bad.yml"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("bad.yml", ex.Message);
    }

    [Fact]
    public void AliasBombs_AndDeepNesting_AreCheap_OrRejected()
    {
        // "Billion laughs": aliases share nodes, nothing is expanded.
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (int i = 1; i < 30; i++) lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var bomb = HyperparameterFile.Parse(string.Join("\n", lines.Prepend("x: 1").Select((l, i) => i == 0 ? "root:\n  x: 1" : "  " + l)), "bomb.yml");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
        var ex = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<SampleOnPolicyOptions>(bomb.Get("root")));
        Assert.Contains("unknown option 'a0'", ex.Message);

        var deep = Assert.Throws<ConfigException>(() => HyperparameterFile.Parse("a: " + new string('[', 10_000) + new string(']', 10_000), "deep.yml"));
        Assert.Contains("nesting deeper than 64", deep.Message);

        // Merge chains that would multiply entries are bounded too.
        var merges = new List<string> { "m0: &m0 {" + string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"k{i}: {i}")) + "}" };
        for (int i = 1; i < 1000; i++) merges.Add($"m{i}: &m{i} {{<<: *m{i - 1}, z{i}: 1}}");
        var chain = Assert.Throws<ConfigException>(() => HyperparameterFile.Parse(string.Join("\n", merges), "merge.yml"));
        Assert.Contains("more than 1000000", chain.Message);
    }

    [Fact]
    public void RandomlyDamagedZooFiles_OnlyEverGiveConfigExceptions()
    {
        string text = File.ReadAllText(TestData.Path("zoo", "ppo-excerpt.yml"));
        var rng = new Rng(5);
        const string alphabet = " :-[]{}&*!<>'\"#\n,.|0123456789abcdefxyz_\t%@`?";
        int parsed = 0, bound = 0;
        for (int trial = 0; trial < 600; trial++)
        {
            var chars = text.ToCharArray();
            int edits = 1 + rng.Integer(4);
            for (int e = 0; e < edits; e++) chars[rng.Integer(chars.Length)] = alphabet[rng.Integer(alphabet.Length)];
            try
            {
                var file = HyperparameterFile.Parse(new string(chars), "damaged.yml");
                parsed++;
                foreach (var env in file.EnvIds)
                {
                    try { OptionsBinder.Bind<SampleOnPolicyOptions>(file.Get(env)); bound++; }
                    catch (ConfigException) { }
                }
            }
            catch (ConfigException) { }
        }
        Assert.True(parsed > 0 && bound > 0, $"{parsed} parsed, {bound} bound");
    }
}
