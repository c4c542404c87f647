using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Algorithms;

/// <summary>
/// The critic's regression loss with PPO's optional value clipping (implementation detail 9 of Huang et al.):
/// without clipping <c>mean_t (V_φ(s_t) − R_t)²</c>; with clip range c,
/// <c>mean_t max((V_φ − R_t)², (V_old + clip(V_φ − V_old, −c, c) − R_t)²)</c>, where <c>V_old</c> is the value at
/// collection time.
/// </summary>
/// <remarks>
/// <para>The clipped form (OpenAI Baselines, CleanRL) keeps the larger, more pessimistic error, so the critic gets no
/// gradient from a sample whose prediction has already moved more than c away from <c>V_old</c> in the direction of
/// the target — the value function's analogue of the clipped surrogate. Stable-Baselines3's <c>clip_range_vf</c> uses
/// the clipped prediction alone (<c>(V_clipped − R)²</c>); Ascent implements the Baselines form the 37-details list
/// describes, under SB3's key.</para>
/// <para>No factor ½: the loss is the plain mean squared error (as Stable-Baselines3 and Ascent's A2C); CleanRL's
/// <c>0.5 · mean(max(…))</c> with <c>vf_coef</c> 0.5 is this loss with <c>vf_coef</c> 0.25.</para>
/// </remarks>
public static class ClippedValueLoss
{
    /// <summary>
    /// Records the loss for predictions <paramref name="values"/> (<c>[B]</c>, on the tape), targets
    /// <paramref name="returns"/> and collection-time values <paramref name="oldValues"/> (constants, <c>[B]</c>);
    /// <paramref name="clipRange"/> null means no clipping.
    /// </summary>
    public static Var Record(Tape tape, Var values, Tensor returns, Tensor oldValues, float? clipRange)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentNullException.ThrowIfNull(oldValues);
        var targets = tape.Input(returns);
        var unclipped = tape.Square(tape.Sub(values, targets));                                        // (V − R)²
        if (clipRange is not float c) return tape.Mean(unclipped);
        ClippedSurrogate.CheckClipRange(c, "clip_range_vf");
        var old = tape.Input(oldValues);
        var clippedValue = tape.Add(old, tape.Clamp(tape.Sub(values, old), -c, c));                   // V_old + clip(V − V_old, −c, c)
        var clipped = tape.Square(tape.Sub(clippedValue, targets));
        return tape.Mean(tape.Maximum(unclipped, clipped));
    }
}
