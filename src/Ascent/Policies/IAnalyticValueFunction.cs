namespace Ascent.Policies;

/// <summary>
/// A state-value function v̂(s, w) whose gradient ∇w v̂(s, w) has a closed form (a linear v̂: the features φ(s)),
/// so per-step learners such as Sutton &amp; Barto's REINFORCE-with-baseline box can update w without a tape.
/// </summary>
public interface IAnalyticValueFunction : IValueFunction
{
    /// <summary>v̂(s, w) for one observation, in double precision.</summary>
    double Value(ReadOnlySpan<float> observation);

    /// <summary>Adds <c>scale · ∇w v̂(s, w)</c> for one observation into the weights' gradients.</summary>
    void AddGradient(ReadOnlySpan<float> observation, float scale);
}
