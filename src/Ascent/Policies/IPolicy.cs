using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;

namespace Ascent.Policies;

/// <summary>
/// A stochastic policy <c>π_θ(a|s)</c> with parameters θ: what every learner in Ascent optimises.
/// </summary>
/// <remarks>
/// <para>Observations and actions use the environments' flat float32 representation (see
/// <see cref="Space"/>): a batch is <c>B × ObservationSpace.FlatSize</c> floats; a discrete action is one
/// whole-number float.</para>
/// <para>Two paths: <see cref="Forward"/> records <c>π_θ(·|s)</c> on a tape so that losses built from its
/// log-probabilities, entropies and KL divergences are differentiable (the learners' updates);
/// <see cref="Act"/> samples actions without recording anything (the rollouts).</para>
/// </remarks>
public interface IPolicy
{
    /// <summary>The observations this policy accepts.</summary>
    Space ObservationSpace { get; }

    /// <summary>The actions this policy produces.</summary>
    Space ActionSpace { get; }

    /// <summary>The parameters θ (a flat view is available for search methods, TRPO and checkpoints).</summary>
    ParameterSet Parameters { get; }

    /// <summary>Records <c>π_θ(·|s)</c> for a batch of observations <c>[B, ObservationSpace.FlatSize]</c>.</summary>
    ActionDistribution Forward(Tape tape, Var observations);

    /// <summary>
    /// Chooses actions for <paramref name="batch"/> observations without recording gradients: samples
    /// <c>a ~ π_θ(·|s)</c> with <paramref name="rng"/>, or takes the mode when <paramref name="rng"/> is null
    /// (deterministic). Writes <c>log π_θ(a|s)</c> of the chosen actions into <paramref name="logProbs"/> (length
    /// <paramref name="batch"/>, may be empty when not needed).
    /// </summary>
    void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Rng? rng);
}

/// <summary>
/// A policy whose score function <c>∇θ log π_θ(a|s)</c> has a closed form the lectures derive — softmax
/// <c>φ(s,a) − E_π[φ(s,·)]</c>, Gaussian <c>(a − μ(s)) φ(s) / σ²</c> — so per-step learners such as Sutton &amp;
/// Barto's REINFORCE box can update without a tape.
/// </summary>
public interface IScoreFunctionPolicy : IPolicy
{
    /// <summary>Adds <c>scale · ∇θ log π_θ(a|s)</c> for one observation and action into the parameters' gradients.</summary>
    void AddScore(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float scale);

    /// <summary><c>log π_θ(a|s)</c> for one observation and action, in double precision.</summary>
    double LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action);
}

/// <summary>
/// A learned state-value function <c>v̂(s, w)</c>: a baseline (REINFORCE with baseline) or a critic (actor-critic).
/// </summary>
public interface IValueFunction
{
    /// <summary>The weights w.</summary>
    ParameterSet Parameters { get; }

    /// <summary>Records <c>v̂(s, w)</c> for a batch of observations, shape <c>[B]</c>.</summary>
    Var Forward(Tape tape, Var observations);

    /// <summary>Evaluates <c>v̂(s, w)</c> for <paramref name="batch"/> observations without recording gradients.</summary>
    void Predict(ReadOnlySpan<float> observations, int batch, Span<float> values);
}
