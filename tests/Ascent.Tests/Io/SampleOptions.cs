using Ascent.Io.Config;

namespace Ascent.Tests.Io;

/// <summary>Run-level options shared by all algorithms (a group flattened into the algorithm's keys).</summary>
public sealed record SampleRunOptions
{
    [Option("n_envs", "Parallel environments.", Min = 1, Max = 4096)]
    public int NEnvs { get; init; } = 1;

    [Option("n_timesteps", "Total environment steps.", Min = 1)]
    public long NTimesteps { get; init; } = 1_000_000;

    [Option("policy", "Policy family.", Allowed = ["MlpPolicy"])]
    public string Policy { get; init; } = "MlpPolicy";

    [Option("normalize", "Observation/reward normalisation.")]
    public NormalizeSettings Normalize { get; init; } = NormalizeSettings.Off;
}

/// <summary>How advantages are normalised (tests enum binding).</summary>
public enum SampleAdvantageNormalization
{
    /// <summary>No normalisation.</summary>
    None,
    /// <summary>Per minibatch.</summary>
    PerMinibatch,
}

/// <summary>A PPO-like options record, as an algorithm would declare it.</summary>
public sealed record SampleOnPolicyOptions : ICheckedOptions
{
    [OptionGroup]
    public SampleRunOptions Run { get; init; } = new();

    [Option("learning_rate", "Adam step size.", Min = 0, MinExclusive = true)]
    public Schedule LearningRate { get; init; } = 3e-4;

    [Option("n_steps", "Steps per environment per rollout.", Min = 1)]
    public int NSteps { get; init; } = 2048;

    [Option("batch_size", "Minibatch size.", Min = 1)]
    public int BatchSize { get; init; } = 64;

    [Option("n_epochs", "Passes over each rollout.", Min = 1)]
    public int NEpochs { get; init; } = 10;

    [Option("gamma", "Discount factor.", Min = 0, Max = 1)]
    public double Gamma { get; init; } = 0.99;

    [Option("gae_lambda", "GAE lambda.", Min = 0, Max = 1)]
    public double GaeLambda { get; init; } = 0.95;

    [Option("clip_range", "PPO clip range.", Min = 0, MinExclusive = true)]
    public Schedule ClipRange { get; init; } = 0.2;

    [Option("ent_coef", "Entropy bonus weight.", Min = 0)]
    public double EntCoef { get; init; }

    [Option("vf_coef", "Value loss weight.", Min = 0)]
    public float VfCoef { get; init; } = 0.5f;

    [Option("max_grad_norm", "Gradient clipping norm.", Min = 0, MinExclusive = true)]
    public double MaxGradNorm { get; init; } = 0.5;

    [Option("use_sde", "State-dependent exploration.")]
    public bool UseSde { get; init; }

    [Option("sde_sample_freq", "Resample the exploration matrix every n steps (-1: only at rollout start).", Min = -1)]
    public int SdeSampleFreq { get; init; } = -1;

    [Option("target_kl", "Stop the epoch loop when the KL exceeds this; null = never.", Min = 0, MinExclusive = true)]
    public double? TargetKl { get; init; }

    [Option("advantage_normalization", "How advantages are normalised.")]
    public SampleAdvantageNormalization AdvantageNormalization { get; init; } = SampleAdvantageNormalization.PerMinibatch;

    [Option("eval_seeds", "Seeds of the evaluation episodes.", Min = 0)]
    public int[] EvalSeeds { get; init; } = [0, 1, 2];

    [Option("tags", "Free-form labels.")]
    public string[] Tags { get; init; } = [];

    [Option("policy_kwargs", "Policy architecture.")]
    public PolicyKwargs PolicyKwargs { get; init; } = new();

    public void Check()
    {
        if (BatchSize == 1 && AdvantageNormalization == SampleAdvantageNormalization.PerMinibatch)
            throw new ArgumentException("batch_size = 1 must be greater than 1 when advantage_normalization is per_minibatch.");
    }

    /// <summary>Record equality compares arrays by reference; this compares everything by value.</summary>
    public bool SameAs(SampleOnPolicyOptions o) =>
        this with { EvalSeeds = Array.Empty<int>(), Tags = Array.Empty<string>() } == o with { EvalSeeds = Array.Empty<int>(), Tags = Array.Empty<string>() }
        && EvalSeeds.SequenceEqual(o.EvalSeeds) && Tags.SequenceEqual(o.Tags);
}
