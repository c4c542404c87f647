using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Environments.Spaces;
using FsCheck;
using FsCheck.Fluent;

namespace Ascent.Tests.Io;

public class OptionsBinderTests
{
    private static ConfigMap Section(string yaml, string env = "E-v0") => HyperparameterFile.Parse(yaml, "ppo.yml").Get(env);

    private static ConfigException BindFails(string body, params string[] overrides) =>
        Assert.Throws<ConfigException>(() => OptionsBinder.Bind<SampleOnPolicyOptions>(Section("E-v0:\n" + body), overrides));

    [Fact]
    public void Defaults_AreTheRecordsInitialisers()
    {
        var d = OptionsBinder.Bind<SampleOnPolicyOptions>();
        Assert.True(d.SameAs(new SampleOnPolicyOptions()));
        Assert.Equal(Schedule.Constant(3e-4), d.LearningRate);
    }

    [Theory]
    [InlineData("n_steps: 1e3", 1000)]
    [InlineData("n_steps: !!float 2048", 2048)]
    [InlineData("n_steps: '512'", 512)]
    [InlineData("n_steps: 1_024", 1024)]
    [InlineData("n_steps: 64.0", 64)]
    public void IntegerOptions_AcceptZooNumberForms(string line, int expected)
    {
        Assert.Equal(expected, OptionsBinder.Bind<SampleOnPolicyOptions>(Section("E-v0:\n  " + line)).NSteps);
    }

    [Theory]
    [InlineData("gamma: .5", 0.5)]
    [InlineData("gamma: !!float 1e-1", 0.1)]
    [InlineData("gamma: 9.9e-1", 0.99)]
    [InlineData("gamma: 1", 1.0)]
    public void FloatOptions_AcceptZooNumberForms(string line, double expected)
    {
        Assert.Equal(expected, OptionsBinder.Bind<SampleOnPolicyOptions>(Section("E-v0:\n  " + line)).Gamma);
    }

    [Fact]
    public void OtherValueForms_Bind()
    {
        var o = OptionsBinder.Bind<SampleOnPolicyOptions>(Section("""
            E-v0:
              use_sde: yes
              target_kl: !!float 1e-2
              advantage_normalization: none
              eval_seeds: [3, 1e1]
              tags: [a, 'b c']
              learning_rate: lin_1e-3
              clip_range: !!float 0.1
              policy_kwargs: {net_arch: [32], activation_fn: relu, log_std_init: -1}
            """));
        Assert.True(o.UseSde);
        Assert.Equal(0.01, o.TargetKl);
        Assert.Equal(SampleAdvantageNormalization.None, o.AdvantageNormalization);
        Assert.Equal([3, 10], o.EvalSeeds);
        Assert.Equal(["a", "b c"], o.Tags);
        Assert.Equal(Schedule.Linear(1e-3), o.LearningRate);
        Assert.Equal(0.0, o.LearningRate.Value(0.0));
        Assert.Equal(1e-3, o.LearningRate.Value(1.0));
        Assert.Equal(Schedule.Constant(0.1), o.ClipRange);
        Assert.Equal(new PolicyKwargs { NetArch = new NetArch(32), ActivationFn = ActivationFunction.ReLU, LogStdInit = -1 }, o.PolicyKwargs);
        Assert.Null(OptionsBinder.Bind<SampleOnPolicyOptions>(Section("E-v0:\n  target_kl: null")).TargetKl);
        Assert.Null(OptionsBinder.Bind<SampleOnPolicyOptions>(Section("E-v0:\n  target_kl: ~")).TargetKl);
    }

    [Fact]
    public void UnknownKey_NamesTheKeyAndLine_AndSuggestsCloseMatches()
    {
        var ex = BindFails("  n_envs: 4\n  learnig_rate: 0.001\n");
        Assert.StartsWith("ppo.yml:3:17: unknown option 'learnig_rate'. Did you mean 'learning_rate'?", ex.Message);
        Assert.Contains("Known options: n_envs, n_timesteps, policy, normalize, learning_rate", ex.Message);
        var nested = BindFails("  policy_kwargs: \"dict(optimizer_class=RMSpropTFLike, optimizer_kwargs=dict(eps=1e-5))\"\n");
        Assert.Contains("unknown option 'policy_kwargs.optimizer_class'", nested.Message);
        Assert.Contains("Known options: net_arch, activation_fn, ortho_init, log_std_init, squash_output", nested.Message);
        Assert.Equal(2, nested.Problems.Count);
    }

    [Theory]
    [InlineData("  gamma: 1.5", "ppo.yml:2:10: gamma = 1.5 is out of range: must be in [0, 1].")]
    [InlineData("  learning_rate: -0.001", "learning_rate = -0.001 is out of range: must be > 0.")]
    [InlineData("  learning_rate: lin_-3e-4", "learning_rate = lin_-3e-4 is out of range: must be > 0.")]
    [InlineData("  n_envs: 0", "n_envs = 0 is out of range: must be in [1, 4096].")]
    [InlineData("  n_steps: 2.5", "n_steps = 2.5 is not a whole number.")]
    [InlineData("  n_steps: 99999999999", "does not fit the option's integer type")]
    [InlineData("  n_steps: lots", "n_steps = lots is not an integer.")]
    [InlineData("  gamma: high", "gamma = high is not a number.")]
    [InlineData("  gamma: .nan", "gamma = .nan is out of range: must be in [0, 1].")]
    [InlineData("  vf_coef: 1e300", "too large for a float32 option")]
    [InlineData("  use_sde: maybe", "use_sde = maybe is not true or false.")]
    [InlineData("  learning_rate: exp_1e-3", "is not a number or lin_<v>")]
    [InlineData("  policy: 'CnnPolicy'", "policy = 'CnnPolicy' is not allowed; allowed values: 'MlpPolicy'.")]
    [InlineData("  advantage_normalization: batch", "allowed values: none, per_minibatch.")]
    [InlineData("  eval_seeds: [1, -1]", "eval_seeds = [1, -1] is out of range: must be ≥ 0.")]
    [InlineData("  eval_seeds: 3", "is not a list of integers")]
    [InlineData("  policy: null", "policy must not be null")]
    [InlineData("  policy_kwargs: \"dict(net_arch=[64, 0])\"", "policy_kwargs.net_arch")]
    [InlineData("  policy_kwargs: \"dict(net_arch=[64, dict(pi=[32], vf=[32])])\"", "shared layers were removed")]
    [InlineData("  policy_kwargs: \"dict(activation_fn=nn.Swish)\"", "policy_kwargs.activation_fn = nn.Swish is not allowed; allowed values: nn.Tanh, nn.ReLU, nn.ELU, nn.LeakyReLU, nn.GELU, nn.SiLU, nn.Sigmoid.")]
    [InlineData("  policy_kwargs: \"dict(log_std_init=5)\"", "policy_kwargs.log_std_init = 5 is out of range: must be in [-20, 2].")]
    [InlineData("  policy_kwargs: 3", "policy_kwargs = 3 is not a mapping or dict(...) string")]
    [InlineData("  normalize: \"{'norm_obs': True, 'clip_obs': -1}\"", "normalize.clip_obs = -1 is out of range: must be > 0.")]
    [InlineData("  normalize: sometimes", "normalize = sometimes is not true, false, or a dict string")]
    [InlineData("  batch_size: 1", "batch_size = 1 must be greater than 1 when advantage_normalization is per_minibatch.")]
    public void BadValues_NameTheKeyTheValueAndWhatIsAllowed(string body, string expected)
    {
        Assert.Contains(expected, BindFails(body).Message);
    }

    [Fact]
    public void AllProblems_AreReportedTogether()
    {
        var ex = BindFails("  gamma: 2\n  n_envs: -1\n  bogus: 1\n");
        Assert.Equal(3, ex.Problems.Count);
        Assert.StartsWith("3 problems in the configuration:", ex.Message);
    }

    [Fact]
    public void SetOverrides_WinOverYaml_AndMergeOrReplaceNestedOptions()
    {
        var yaml = Section("E-v0:\n  n_envs: 8\n  gamma: 0.9\n  policy_kwargs: \"dict(net_arch=[256, 256], ortho_init=False, log_std_init=-2)\"\n");
        var o = OptionsBinder.Bind<SampleOnPolicyOptions>(yaml, ["n_envs=4", "learning_rate=lin_2.5e-4", "policy_kwargs.ortho_init=true", "normalize={'norm_obs': True, 'norm_reward': False}", "target_kl=0.05"]);
        Assert.Equal(4, o.Run.NEnvs);
        Assert.Equal(0.9, o.Gamma);
        Assert.Equal(Schedule.Linear(2.5e-4), o.LearningRate);
        Assert.Equal(new PolicyKwargs { NetArch = new NetArch(256, 256), OrthoInit = true, LogStdInit = -2 }, o.PolicyKwargs); // dotted key merges
        Assert.Equal(new NormalizeSettings { NormReward = false }, o.Run.Normalize);
        Assert.Equal(0.05, o.TargetKl);

        var replaced = OptionsBinder.ApplyOverrides(o, ["policy_kwargs=dict(activation_fn=nn.ReLU)"]);
        Assert.Equal(new PolicyKwargs { ActivationFn = ActivationFunction.ReLU }, replaced.PolicyKwargs); // whole value starts from defaults
        Assert.Equal(4, replaced.Run.NEnvs);
        Assert.Equal(8, o.Run.NEnvs is 4 ? 8 : 0); // the input record is not modified
        var unset = OptionsBinder.ApplyOverrides(o, ["target_kl=null", "tags=[x, y]", "normalize.clip_obs=5"]);
        Assert.Null(unset.TargetKl);
        Assert.Equal(["x", "y"], unset.Tags);
        Assert.Equal(5.0, unset.Run.Normalize.ClipObs);
        Assert.False(unset.Run.Normalize.NormReward);
    }

    [Theory]
    [InlineData("n_envs", "expected key=value")]
    [InlineData("=3", "expected key=value")]
    [InlineData("n_env=3", "--set n_env: unknown option 'n_env'. Did you mean 'n_envs'?")]
    [InlineData("gamma=[0.9", "--set gamma: YAML syntax error")]
    [InlineData("gamma.x=1", "gamma has no sub-options")]
    [InlineData("policy_kwargs.net_arch.pi=[1]", "policy_kwargs.net_arch has no sub-options")]
    [InlineData("n_steps=", "n_steps must not be null")]
    public void BadSetOverrides_AreErrors(string set, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => OptionsBinder.Bind<SampleOnPolicyOptions>(null, [set]));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ResolvedConfig_WritesZooStyleYaml_ThatReadsBackEqual()
    {
        var o = OptionsBinder.Bind<SampleOnPolicyOptions>(HyperparameterFile.Load(TestData.Path("zoo", "ppo-excerpt.yml")).Get("HalfCheetahBulletEnv-v0"),
            ["target_kl=0.02", "tags=['it''s', plain]", "normalize={norm_obs: true, norm_reward: false, gamma: 0.95}"]);
        string yaml = OptionsBinder.ToYaml(o, "HalfCheetahBulletEnv-v0", "Resolved by a test.");
        Assert.StartsWith("# Resolved by a test.\nHalfCheetahBulletEnv-v0:\n  n_envs: 16\n  n_timesteps: 2000000\n  policy: 'MlpPolicy'\n", yaml);
        Assert.Contains("\n  learning_rate: 3.0e-05\n", yaml);
        Assert.Contains("\n  clip_range: 0.4\n", yaml);
        Assert.Contains("\n  ent_coef: 0.0\n", yaml);
        Assert.Contains("\n  vf_coef: 0.5\n", yaml);
        Assert.Contains("\n  target_kl: 0.02\n", yaml);
        Assert.Contains("\n  advantage_normalization: 'per_minibatch'\n", yaml);
        Assert.Contains("\n  eval_seeds: [0, 1, 2]\n", yaml);
        Assert.Contains("\n  tags: ['it''s', 'plain']\n", yaml);
        Assert.Contains("\n  normalize: \"{'norm_obs': True, 'norm_reward': False, 'clip_obs': 10.0, 'clip_reward': 10.0, 'epsilon': 1.0e-08, 'gamma': 0.95}\"\n", yaml);
        Assert.Contains("\n  policy_kwargs: \"dict(net_arch=[256, 256], activation_fn=nn.ReLU, ortho_init=False, log_std_init=-2.0, squash_output=False)\"\n", yaml);

        var back = OptionsBinder.Bind<SampleOnPolicyOptions>(HyperparameterFile.Parse(yaml, "config.yml").Get("HalfCheetahBulletEnv-v0"));
        Assert.True(o.SameAs(back));
    }

    [Fact]
    public void Property_AnyValidOptions_RoundTripThroughYamlAndSettings()
    {
        var doubles = Gen.Elements(0.0, 1.0, 0.5, 1e-8, 0.999, 0.1 + 0.2, 1.0 / 3, 7.77e-05, 12345.678);
        var unit = Gen.Choose(0, 1_000_000).Select(i => i / 1_000_000.0);
        var positive = Gen.OneOf(doubles.Where(d => d > 0), Gen.Choose(1, int.MaxValue).Select(i => i * 1e-9));
        var schedules = positive.SelectMany(v => Gen.Elements(Schedule.Constant(v), Schedule.Linear(v)));
        var widths = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 512), n));
        var arch = Gen.OneOf(widths.Select(w => new NetArch(w)), widths.SelectMany(p => widths.Select(v => new NetArch(p, v))));
        var strings = Gen.Elements("", "plain", "it's", "a: b", "#hash", "true", "null", "1e5", "tab\there", "new\nline", "ünï", "[x]", "{y}", "\"q\"", "back\\slash");
        var kwargs = arch.SelectMany(a => Gen.Elements(Enum.GetValues<ActivationFunction>()).SelectMany(act => Gen.Choose(-200, 20).Select(l =>
            new PolicyKwargs { NetArch = a, ActivationFn = act, LogStdInit = l / 10.0, OrthoInit = l % 2 == 0, SquashOutput = l % 3 == 0 })));
        var normalize = Gen.Elements(NormalizeSettings.Off, new NormalizeSettings(), new NormalizeSettings { NormReward = false, Gamma = 0.9, ClipObs = 5 },
            new NormalizeSettings { NormObs = false, Epsilon = 1e-5 });
        var options =
            from lr in schedules
            from clip in schedules
            from gamma in unit
            from vf in Gen.Choose(0, 1000).Select(i => i / 7f)
            from nsteps in Gen.Choose(1, 100_000)
            from envs in Gen.Choose(1, 64)
            from timesteps in Gen.Choose(1, int.MaxValue).Select(i => (long)i * 3)
            from kl in Gen.OneOf(Gen.Constant<double?>(null), positive.Select(p => (double?)p))
            from seeds in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 1000), n))
            from tags in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(strings, n))
            from pk in kwargs
            from norm in normalize
            select new SampleOnPolicyOptions
            {
                Run = new SampleRunOptions { NEnvs = envs, NTimesteps = timesteps, Normalize = norm },
                LearningRate = lr, ClipRange = clip, Gamma = gamma, VfCoef = vf, NSteps = nsteps, BatchSize = 2, TargetKl = kl,
                EvalSeeds = seeds, Tags = tags, PolicyKwargs = pk, SdeSampleFreq = nsteps % 5 - 1,
                AdvantageNormalization = nsteps % 2 == 0 ? SampleAdvantageNormalization.None : SampleAdvantageNormalization.PerMinibatch,
            };

        Prop.ForAll(Arb.From(options), o =>
        {
            var viaYaml = OptionsBinder.Bind<SampleOnPolicyOptions>(HyperparameterFile.Parse(OptionsBinder.ToYaml(o, "Env/Name:v1"), "x.yml").Get("Env/Name:v1"));
            var viaSettings = OptionsBinder.ApplySettings(new SampleOnPolicyOptions(), OptionsBinder.ToSettings(o), "model.zip");
            return o.SameAs(viaYaml) && o.SameAs(viaSettings);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Settings_RoundTripThroughAModelFile()
    {
        var o = OptionsBinder.Bind<SampleOnPolicyOptions>(null, ["learning_rate=lin_7e-4", "policy_kwargs=dict(net_arch=dict(pi=[64], vf=[128]))", "normalize=true"]);
        var w = new ModelWriter("sample", "E-v0", new Discrete(2), new Discrete(2));
        w.SetOptions(OptionsBinder.ToSettings(o));
        var r = ModelReader.Read(new MemoryStream(SampleModels.Bytes(w)), "m.zip");
        Assert.Equal("lin_0.0007", r.Options["learning_rate"]);
        var back = OptionsBinder.ApplySettings(new SampleOnPolicyOptions(), r.Options, r.Source);
        Assert.True(o.SameAs(back));
        var bad = Assert.Throws<ConfigException>(() => OptionsBinder.ApplySettings(new SampleOnPolicyOptions(), [new("gamma", "7")], "m.zip"));
        Assert.StartsWith("m.zip option gamma: gamma = 7 is out of range", bad.Message);
    }

    [Fact]
    public void Describe_ListsKeysTypesDefaultsAndRanges()
    {
        var info = OptionsBinder.Describe<SampleOnPolicyOptions>().ToDictionary(i => i.Key);
        Assert.Equal(new OptionInfo("gamma", "a number", "0.99", "[0, 1]", "Discount factor."), info["gamma"]);
        Assert.Equal("0.0003", info["learning_rate"].Default);
        Assert.Equal("> 0", info["learning_rate"].Allowed);
        Assert.Equal("MlpPolicy", info["policy"].Allowed);
        Assert.Equal("false", info["normalize"].Default);
        Assert.Equal("null", info["target_kl"].Default);
        Assert.Contains("a number or null", info["target_kl"].Type);
        Assert.Equal("\"dict(net_arch=[64, 64], activation_fn=nn.Tanh, ortho_init=True, log_std_init=0.0, squash_output=False)\"", info["policy_kwargs"].Default);
    }

    private sealed record Unannotated
    {
        [Option("a", "A.")] public int A { get; init; }
        public int B { get; init; }
    }

    private sealed record BadDefault
    {
        [Option("a", "A.", Min = 1)] public int A { get; init; }
    }

    private sealed record BadKey
    {
        [Option("learningRate", "A.")] public double A { get; init; }
    }

    private sealed record Unsupported
    {
        [Option("when", "A.")] public DateTime When { get; init; }
    }

    [Fact]
    public void MistakesInAnOptionsRecord_AreProgrammingErrors()
    {
        Assert.Contains("Unannotated.B is settable but has no [Option]", Assert.Throws<InvalidOperationException>(() => OptionsBinder.Bind<Unannotated>()).Message);
        Assert.Contains("breaks its own constraint", Assert.Throws<InvalidOperationException>(() => OptionsBinder.Bind<BadDefault>()).Message);
        Assert.Contains("lowercase snake_case", Assert.Throws<InvalidOperationException>(() => OptionsBinder.Bind<BadKey>()).Message);
        Assert.Contains("DateTime is not supported", Assert.Throws<InvalidOperationException>(() => OptionsBinder.Bind<Unsupported>()).Message);
    }

    [Fact]
    public void NameSuggestions_FindTyposSwapsAndCase()
    {
        string[] known = ["learning_rate", "n_steps", "n_envs", "gamma", "gae_lambda", "clip_range", "clip_range_vf", "CartPole-v1"];
        Assert.Equal(["learning_rate"], NameSuggestions.Closest("learnign_rate", known));
        Assert.Equal(["n_envs"], NameSuggestions.Closest("n_env", known));
        Assert.Equal(["clip_range", "clip_range_vf"], NameSuggestions.Closest("clip_rang", known));
        Assert.Equal(" Did you mean 'clip_range' or 'clip_range_vf'?", NameSuggestions.DidYouMean("clip_rang", known));
        Assert.Equal(["CartPole-v1"], NameSuggestions.Closest("cartpole-v0", known));
        Assert.Empty(NameSuggestions.Closest("totally_different", known));
    }
}
