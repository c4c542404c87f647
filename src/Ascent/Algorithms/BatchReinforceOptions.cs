using Ascent.Io.Config;

namespace Ascent.Algorithms;

/// <summary>
/// The options of CS285's batch REINFORCE (seed 002): what a batch is (N complete episodes, or complete episodes until at
/// least B steps), what multiplies each score (total return or reward-to-go, with or without γᵗ), the baseline, the
/// normalisation of the weights, an optional entropy bonus, and the optimizer. <see cref="BatchReinforce"/> takes them
/// directly; <see cref="Reinforce"/> embeds them as the group of its REINFORCE keys, beside the environment and network keys.
/// </summary>
public sealed record BatchReinforceOptions : ICheckedOptions
{
    /// <summary>N, complete episodes per update (used when <see cref="StepsPerBatch"/> is 0).</summary>
    [Option("episodes_per_batch", "Complete episodes per update (when steps_per_batch is 0).", Min = 1)]
    public int EpisodesPerBatch { get; init; } = 10;

    /// <summary>Collect complete episodes until at least this many steps per update (CS285's batch size); 0 uses <see cref="EpisodesPerBatch"/>.</summary>
    [Option("steps_per_batch", "Collect complete episodes until at least this many steps per update; 0 = use episodes_per_batch.", Min = 0)]
    public int StepsPerBatch { get; init; }

    /// <summary>γ of the returns.</summary>
    [Option("gamma", "Discount of the returns.", Min = 0, Max = 1)]
    public double Gamma { get; init; } = 0.99;

    /// <summary>total (R(τ) on every step) or reward-to-go.</summary>
    [Option("estimator", "What multiplies each score: total (Williams' R(τ)) or reward-to-go.", Allowed = ["total", "reward-to-go"])]
    public string Estimator { get; init; } = "reward-to-go";

    /// <summary>Multiply step t by γᵗ (Sutton &amp; Barto, unbiased for the discounted objective) or not (CS285).</summary>
    [Option("discount_factor", "Weight step t by gamma^t (Sutton & Barto) instead of 1 (CS285).")]
    public bool DiscountFactor { get; init; }

    /// <summary>none, mean (leave-one-out average return), learned (v̂(s, w) by Monte-Carlo regression) or optimal (b*).</summary>
    [Option("baseline", "Baseline: none, mean, learned (value network fitted to the returns) or optimal (b* = E[|g|^2 R]/E[|g|^2]).", Allowed = ["none", "mean", "learned", "optimal"])]
    public string Baseline { get; init; } = "learned";

    /// <summary>Standardise the per-step weights w_t within each batch (zero mean, unit variance), as CS285's <c>-na</c>.</summary>
    [Option("normalize_advantage", "Standardise the per-step weights (advantages) within each batch.")]
    public bool NormalizeAdvantage { get; init; } = true;

    /// <summary>Weight of an entropy bonus added to the objective (0: plain REINFORCE).</summary>
    [Option("ent_coef", "Weight of an entropy bonus in the loss (0 = plain REINFORCE).", Min = 0)]
    public double EntCoef { get; init; }

    /// <summary>adam or sgd.</summary>
    [Option("optimizer", "Policy optimizer: adam or sgd.", Allowed = ["adam", "sgd"])]
    public string Optimizer { get; init; } = "adam";

    /// <summary>The policy's step size; <c>lin_&lt;v&gt;</c> decays linearly to 0 over a <c>Learn</c> call (<see cref="Reinforce"/> only).</summary>
    [Option("learning_rate", "Policy step size; lin_<v> decays linearly from v to 0 over the Learn call.", Min = 0, MinExclusive = true)]
    public Schedule LearningRate { get; init; } = 5e-3;

    /// <summary>The learned baseline's Adam step size.</summary>
    [Option("value_learning_rate", "Adam step size of the learned baseline.", Min = 0, MinExclusive = true)]
    public double ValueLearningRate { get; init; } = 5e-3;

    /// <summary>Full-batch regression steps of the learned baseline per update.</summary>
    [Option("value_gradient_steps", "Full-batch regression steps of the learned baseline per update.", Min = 1)]
    public int ValueGradientSteps { get; init; } = 5;

    /// <summary>Clip the policy gradient's global norm at this value (0: no clipping).</summary>
    [Option("max_grad_norm", "Clip the policy gradient's global norm (0 = no clipping).", Min = 0)]
    public double MaxGradNorm { get; init; }

    /// <inheritdoc />
    public void Check()
    {
        Search.OptionCheck.AtLeast("episodes_per_batch", EpisodesPerBatch, 1);
        Search.OptionCheck.AtLeast("steps_per_batch", StepsPerBatch, 0);
        Search.OptionCheck.Probability("gamma", Gamma);
        Allowed("estimator", Estimator, ["total", "reward-to-go"]);
        Allowed("baseline", Baseline, ["none", "mean", "learned", "optimal"]);
        Allowed("optimizer", Optimizer, ["adam", "sgd"]);
        Search.OptionCheck.NonNegative("ent_coef", EntCoef);
        ArgumentNullException.ThrowIfNull(LearningRate, "learning_rate");
        Search.OptionCheck.Positive("learning_rate", LearningRate.Initial);
        Search.OptionCheck.Positive("value_learning_rate", ValueLearningRate);
        Search.OptionCheck.AtLeast("value_gradient_steps", ValueGradientSteps, 1);
        Search.OptionCheck.NonNegative("max_grad_norm", MaxGradNorm);
    }

    private static void Allowed(string option, string value, string[] allowed)
    {
        if (Array.IndexOf(allowed, value) < 0)
            throw new ArgumentOutOfRangeException(option, value, $"{option} = \"{value}\" is not allowed; choose one of {string.Join(", ", allowed)}.");
    }
}
