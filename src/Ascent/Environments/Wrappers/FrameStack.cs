using Ascent.Environments.Spaces;

namespace Ascent.Environments.Wrappers;

/// <summary>How <see cref="FrameStack"/> fills the stack at reset.</summary>
public enum FramePadding
{
    /// <summary>With copies of the reset observation (Gymnasium's default <c>padding_type="reset"</c>).</summary>
    Reset,

    /// <summary>With zeros.</summary>
    Zero,
}

/// <summary>
/// Observes the last k observations at once, oldest first (Gymnasium's <c>FrameStackObservation</c>), which restores
/// the Markov property when one observation is not enough (velocities from positions, aliased gridworld states).
/// </summary>
/// <remarks>
/// Spaces: a Box of shape S becomes a Box of shape [k, …S]; Discrete(n) becomes MultiDiscrete([n]·k); MultiDiscrete
/// and MultiBinary are repeated k times. The flat observation is the k flat observations concatenated.
/// </remarks>
public sealed class FrameStack : Wrapper
{
    private readonly Space _space;
    private readonly int _frame;

    /// <summary>Wraps <paramref name="env"/>, stacking the last <paramref name="stackSize"/> (≥ 1) observations.</summary>
    public FrameStack(Env env, int stackSize, FramePadding padding = FramePadding.Reset) : base(env)
    {
        if (stackSize < 1) throw new ArgumentOutOfRangeException(nameof(stackSize), stackSize, $"FrameStack({env.Name}): stackSize must be at least 1.");
        StackSize = stackSize;
        Padding = padding;
        _frame = env.ObservationSpace.FlatSize;
        _space = Stack(env.ObservationSpace, stackSize, env.Name);
    }

    /// <summary>The number of stacked observations k.</summary>
    public int StackSize { get; }

    /// <summary>How the stack is filled at reset.</summary>
    public FramePadding Padding { get; }

    /// <inheritdoc />
    public override Space ObservationSpace => _space;

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        var first = Inner.Reset(null, options).Observation;
        for (int k = 0; k < StackSize - 1; k++)
        {
            var slot = observation.Slice(k * _frame, _frame);
            if (Padding == FramePadding.Reset) first.CopyTo(slot);
            else slot.Clear();
        }
        first.CopyTo(observation[((StackSize - 1) * _frame)..]);
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var r = Inner.Step(action);
        observation[_frame..].CopyTo(observation); // drop the oldest frame (overlapping copy is safe)
        r.Observation.CopyTo(observation[((StackSize - 1) * _frame)..]);
        return (r.Reward, r.Terminated, r.Truncated);
    }

    private static Space Stack(Space space, int k, string envName) => space switch
    {
        Box b => new Box(Repeat(b.Low, k), Repeat(b.High, k), [k, .. b.Shape]),
        Discrete { Start: 0 } d => new MultiDiscrete(Enumerable.Repeat(d.N, k).ToArray()),
        MultiDiscrete m => new MultiDiscrete(Repeat(m.Nvec, k)),
        MultiBinary m => new MultiBinary(m.N * k),
        _ => throw new ArgumentException($"FrameStack({envName}): cannot stack observations of {space}."),
    };

    private static T[] Repeat<T>(ReadOnlySpan<T> values, int k)
    {
        var result = new T[values.Length * k];
        for (int i = 0; i < k; i++) values.CopyTo(result.AsSpan(i * values.Length));
        return result;
    }
}
