using System.Globalization;
using Ascent.Environments.Spaces;
using Ascent.Mdp;

namespace Ascent.Environments.Lectures;

/// <summary>
/// An environment of the lectures whose exact model is a finite MDP: it can be sampled like any <see cref="Env"/>
/// and solved exactly with <see cref="MdpOracle"/> through <see cref="Model"/>.
/// </summary>
/// <remarks>
/// <para><see cref="State"/> is the index of the current state in <see cref="Model"/>; <see cref="Observations"/>
/// says which model states the agent cannot tell apart (they produce the same observation).</para>
/// <para>Actions are discrete. An action outside the action space throws an <see cref="ArgumentException"/>
/// naming the environment, the space and the value. Terminal states are absorbing, as in the model:
/// a <c>Step</c> after the episode terminated (without <c>Reset</c>) stays there with reward 0 and
/// <c>terminated = true</c>. These environments never truncate; the registry's time limits do.</para>
/// </remarks>
public abstract class FiniteModelEnv : Env
{
    /// <summary>The exact model: states, transition probabilities, expected rewards, μ₀, γ and terminal states.</summary>
    public abstract FiniteMdp Model { get; }

    /// <summary>The observation index o(s) of every model state; aliased states share one (the index of a terminal state is arbitrary).</summary>
    public abstract ObservationMap Observations { get; }

    /// <summary>
    /// The index in <see cref="Model"/> of the current state. Setting it (after a <c>Reset</c>) moves the environment there:
    /// the next <c>Step</c> continues from it; the last observation returned is not rewritten.
    /// </summary>
    public abstract int State { get; set; }

    /// <summary>Whether the current state is terminal.</summary>
    protected abstract bool InTerminalState { get; }

    /// <summary>Draws the initial state of an episode with <see cref="Env.NpRandom"/>.</summary>
    protected abstract void StartEpisode();

    /// <summary>Applies a valid action to the (non-terminal) current state and returns the sampled reward.</summary>
    protected abstract double Move(int action);

    /// <summary>Writes the observation of the current state.</summary>
    protected abstract void WriteObservation(Span<float> observation);

    /// <inheritdoc />
    protected sealed override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        StartEpisode();
        WriteObservation(observation);
    }

    /// <inheritdoc />
    protected sealed override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        int a = ReadAction(action);
        if (InTerminalState)
        {
            WriteObservation(observation); // absorbing: stay, reward 0
            return (0.0, true, false);
        }
        double reward = Move(a);
        WriteObservation(observation);
        return (reward, InTerminalState, false);
    }

    /// <summary>Throws unless <paramref name="state"/> is a state index of <see cref="Model"/>.</summary>
    protected void CheckState(int state)
    {
        if (state < 0 || state >= Model.StateCount)
            throw new ArgumentOutOfRangeException(nameof(state), state, $"{Name}: the state index must be in [0, {Model.StateCount}).");
    }

    private int ReadAction(ReadOnlySpan<float> action)
    {
        var space = (Discrete)ActionSpace;
        if (!space.Contains(action))
        {
            string value = string.Join(", ", action.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            throw new ArgumentException($"{Name}: action [{value}] is not in the action space {space}.", nameof(action));
        }
        return (int)action[0] - space.Start;
    }
}
