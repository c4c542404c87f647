using Ascent.Numerics;

namespace Ascent.Rollouts;

/// <summary>
/// Preallocated rows gathered from a <see cref="RolloutBuffer"/> (<see cref="RolloutBuffer.GatherMinibatch"/>): what a
/// minibatch update (PPO) reads — observations, actions, old log-probabilities and values, advantages and targets.
/// </summary>
public sealed class Minibatch
{
    /// <summary>Allocates <paramref name="size"/> rows.</summary>
    public Minibatch(int size, int observationSize, int actionSize)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "Minibatch: size must be at least 1.");
        Size = size;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        Observations = new Tensor(size, observationSize);
        Actions = new Tensor(size, actionSize);
        LogProbs = new Tensor(size);
        Values = new Tensor(size);
        Advantages = new Tensor(size);
        Returns = new Tensor(size);
    }

    /// <summary>Rows.</summary>
    public int Size { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>Observations, <c>[size, obs]</c>.</summary>
    public Tensor Observations { get; }

    /// <summary>Actions as sampled, <c>[size, act]</c>.</summary>
    public Tensor Actions { get; }

    /// <summary>Log-probabilities at collection time, <c>[size]</c>.</summary>
    public Tensor LogProbs { get; }

    /// <summary>Values at collection time, <c>[size]</c>.</summary>
    public Tensor Values { get; }

    /// <summary>Advantages, <c>[size]</c>.</summary>
    public Tensor Advantages { get; }

    /// <summary>Critic targets, <c>[size]</c>.</summary>
    public Tensor Returns { get; }
}
