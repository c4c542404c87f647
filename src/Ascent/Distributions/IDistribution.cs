using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Distributions;

/// <summary>
/// A batch of action distributions recorded on a tape, one per row: what a stochastic policy outputs.
/// Log-probabilities and entropies are <see cref="Var"/>s, so losses built from them are differentiable.
/// </summary>
/// <remarks>
/// Actions are in Ascent's flat float32 form: <see cref="ActionSize"/> floats per row (a discrete action is one
/// whole-number float). The distributions are small structs holding <see cref="Var"/>s, so creating one allocates nothing.
/// </remarks>
public interface IDistribution
{
    /// <summary>The number of distributions (rows).</summary>
    int BatchSize { get; }

    /// <summary>Floats per action: 1 for a categorical, <c>D</c> for a <c>D</c>-dimensional Gaussian.</summary>
    int ActionSize { get; }

    /// <summary><c>log π(aᵣ)</c> for each row's action, shape <c>[B]</c>; <paramref name="actions"/> holds <see cref="BatchSize"/> × <see cref="ActionSize"/> floats.</summary>
    Var LogProb(Tensor actions);

    /// <summary>The entropy of each row's distribution, shape <c>[B]</c>.</summary>
    Var Entropy();

    /// <summary>Draws one action per row into <paramref name="actions"/> (<see cref="BatchSize"/> × <see cref="ActionSize"/> floats).</summary>
    void Sample(Rng rng, Span<float> actions);

    /// <summary>Writes the most likely action of each row (argmax, or the mean) into <paramref name="actions"/>.</summary>
    void Mode(Span<float> actions);

    /// <summary>The number of tensors that parameterise the distribution (categorical: the logits; Gaussian: mean and log-std).</summary>
    int ParameterBlocks { get; }

    /// <summary>Parameter tensor <paramref name="block"/> (see <see cref="ParameterBlocks"/>).</summary>
    Var ParameterBlock(int block);

    /// <summary>
    /// The batch-mean Fisher metric of the distribution, in its own parameters, applied to the forward-mode tangent of
    /// <see cref="ParameterBlock"/>(<paramref name="block"/>): writes <c>(1/B) Σᵣ Mᵣ tᵣ</c>, shaped like that block, into
    /// <paramref name="seed"/> (a zero tangent gives zero). Used by <see cref="FisherVectorProduct{TDistribution}"/>.
    /// </summary>
    void FisherMetricTimesTangent(int block, Span<float> seed);
}

/// <summary>A distribution family with a closed-form KL divergence between two of its members.</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IDistribution<TSelf> : IDistribution where TSelf : IDistribution<TSelf>
{
    /// <summary><c>KL(this ‖ other)</c> for each row, shape <c>[B]</c>; differentiable in both arguments.</summary>
    Var Kl(TSelf other);
}
