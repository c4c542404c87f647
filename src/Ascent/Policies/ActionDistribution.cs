using Ascent.Autodiff;
using Ascent.Distributions;
using Ascent.Numerics;

namespace Ascent.Policies;

/// <summary>
/// The action distribution a policy outputs for a batch of observations: a <see cref="Categorical"/> (discrete
/// actions) or a <see cref="DiagGaussian"/> (continuous actions), recorded on a tape.
/// </summary>
/// <remarks>
/// One struct type for both families lets every learner — REINFORCE, A2C, PPO, TRPO — be written once over
/// <see cref="IPolicy"/>, and lets <see cref="FisherVectorProduct{TDistribution}"/> work on any policy, without
/// boxing (it allocates nothing). Methods forward to the wrapped distribution.
/// </remarks>
public readonly struct ActionDistribution : IDistribution<ActionDistribution>
{
    private readonly Categorical _categorical;
    private readonly DiagGaussian _gaussian;

    private ActionDistribution(Categorical categorical) { _categorical = categorical; _gaussian = default; IsCategorical = true; }

    private ActionDistribution(DiagGaussian gaussian) { _gaussian = gaussian; _categorical = default; IsCategorical = false; }

    /// <summary>Categorical distributions from logits <c>[B, C]</c>.</summary>
    public static ActionDistribution FromLogits(Var logits) => new(new Categorical(logits));

    /// <summary>Diagonal Gaussians from means <c>[B, D]</c> and log standard deviations <c>[D]</c> or <c>[B, D]</c>.</summary>
    public static ActionDistribution FromGaussian(Var mean, Var logStd) => new(new DiagGaussian(mean, logStd));

    /// <summary>Wraps an existing categorical distribution.</summary>
    public static implicit operator ActionDistribution(Categorical categorical) => new(categorical);

    /// <summary>Wraps an existing diagonal Gaussian.</summary>
    public static implicit operator ActionDistribution(DiagGaussian gaussian) => new(gaussian);

    /// <summary>Whether this is a categorical distribution (otherwise a diagonal Gaussian).</summary>
    public bool IsCategorical { get; }

    /// <summary>The categorical distribution; throws for a Gaussian.</summary>
    public Categorical Categorical => IsCategorical ? _categorical : throw new InvalidOperationException("ActionDistribution: this is a diagonal Gaussian, not a categorical distribution.");

    /// <summary>The diagonal Gaussian; throws for a categorical distribution.</summary>
    public DiagGaussian Gaussian => !IsCategorical ? _gaussian : throw new InvalidOperationException("ActionDistribution: this is a categorical distribution, not a diagonal Gaussian.");

    /// <inheritdoc />
    public int BatchSize => IsCategorical ? _categorical.BatchSize : _gaussian.BatchSize;

    /// <inheritdoc />
    public int ActionSize => IsCategorical ? _categorical.ActionSize : _gaussian.ActionSize;

    /// <inheritdoc />
    public Var LogProb(Tensor actions) => IsCategorical ? _categorical.LogProb(actions) : _gaussian.LogProb(actions);

    /// <inheritdoc />
    public Var Entropy() => IsCategorical ? _categorical.Entropy() : _gaussian.Entropy();

    /// <inheritdoc />
    public Var Kl(ActionDistribution other)
    {
        if (IsCategorical != other.IsCategorical)
            throw new ArgumentException("ActionDistribution.Kl: cannot compare a categorical distribution with a Gaussian.", nameof(other));
        return IsCategorical ? _categorical.Kl(other._categorical) : _gaussian.Kl(other._gaussian);
    }

    /// <inheritdoc />
    public void Sample(Rng rng, Span<float> actions)
    {
        if (IsCategorical) _categorical.Sample(rng, actions); else _gaussian.Sample(rng, actions);
    }

    /// <inheritdoc />
    public void Mode(Span<float> actions)
    {
        if (IsCategorical) _categorical.Mode(actions); else _gaussian.Mode(actions);
    }

    /// <inheritdoc />
    public int ParameterBlocks => IsCategorical ? _categorical.ParameterBlocks : _gaussian.ParameterBlocks;

    /// <inheritdoc />
    public Var ParameterBlock(int block) => IsCategorical ? _categorical.ParameterBlock(block) : _gaussian.ParameterBlock(block);

    /// <inheritdoc />
    public void FisherMetricTimesTangent(int block, Span<float> seed)
    {
        if (IsCategorical) _categorical.FisherMetricTimesTangent(block, seed); else _gaussian.FisherMetricTimesTangent(block, seed);
    }
}
