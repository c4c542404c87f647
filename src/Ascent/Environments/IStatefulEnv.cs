namespace Ascent.Environments;

/// <summary>
/// An environment whose physical state can be read and written, e.g. to replay Gymnasium's golden trajectories,
/// to start an episode from a chosen state, or to checkpoint a simulation.
/// </summary>
/// <remarks>
/// The state is the environment's own representation as float64 (Gymnasium's <c>env.unwrapped.state</c>); setting
/// it changes only the physics, not episode bookkeeping such as a time limit or CartPole's
/// steps-beyond-termination counter.
/// </remarks>
public interface IStatefulEnv
{
    /// <summary>The number of state variables.</summary>
    int StateSize { get; }

    /// <summary>Copies the state into <paramref name="destination"/> (length <see cref="StateSize"/>).</summary>
    void GetState(Span<double> destination);

    /// <summary>Replaces the state; <paramref name="state"/> must have <see cref="StateSize"/> values.</summary>
    void SetState(ReadOnlySpan<double> state);

    /// <summary>Writes the observation of the current state into <paramref name="observation"/>.</summary>
    void Observe(Span<float> observation);

    /// <summary>A copy of the state.</summary>
    double[] GetState()
    {
        var state = new double[StateSize];
        GetState(state);
        return state;
    }
}
