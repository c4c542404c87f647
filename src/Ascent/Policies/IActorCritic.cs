using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Policies;

/// <summary>
/// A policy with a critic: what the on-policy rollout engine needs to collect a segment (act, and evaluate
/// <c>V(s)</c> for the advantages) and what actor-critic losses record (both heads on one tape pass).
/// </summary>
public interface IActorCritic : IPolicy
{
    /// <summary>The critic <c>V_φ</c> (its parameters may overlap <see cref="IPolicy.Parameters"/>).</summary>
    IValueFunction ValueFunction { get; }

    /// <summary>Floats per action in the policy's flat representation.</summary>
    int ActionSize { get; }

    /// <summary>Records <c>π_θ(·|x)</c> and <c>V_φ(x)</c> (shape <c>[B]</c>) for a batch of observations.</summary>
    (ActionDistribution Policy, Var Values) ForwardWithValues(Tape tape, Var observations);

    /// <summary>
    /// <see cref="IPolicy.Act"/> and <c>V_φ(x)</c> for the same <paramref name="batch"/> observations, without recording:
    /// writes actions, their log-probabilities and the values.
    /// </summary>
    void ActAndEvaluate(ReadOnlySpan<float> observations, int batch, Span<float> actions, Span<float> logProbs, Span<float> values, Rng? rng);

    /// <summary>Whether exploration uses state-dependent noise matrices that the rollout resamples with <see cref="ResetNoise"/> (gSDE).</summary>
    bool UsesStateDependentNoise { get; }

    /// <summary>Draws new exploration noise for <paramref name="batch"/> rows (gSDE); does nothing for other policies.</summary>
    void ResetNoise(int batch, Rng rng);
}
