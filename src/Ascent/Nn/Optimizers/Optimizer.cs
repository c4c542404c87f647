using Ascent.Autodiff;

namespace Ascent.Nn.Optimizers;

/// <summary>
/// A first-order optimizer: <see cref="Step"/> moves every parameter of a <see cref="ParameterSet"/> using
/// its accumulated <see cref="Parameter.Grad"/> (gradient <b>descent</b>: to maximise an objective, minimise its negative).
/// </summary>
/// <remarks>
/// All per-parameter state (momenta, second moments) lives in one float array laid out like the set's flat
/// view, <see cref="StateBuffers"/> slots of <see cref="ParameterSet.Size"/> values each, so
/// <see cref="ExportState"/>/<see cref="ImportState"/> are plain copies for checkpoints. Steps are SIMD
/// (TensorPrimitives) and allocate nothing.
/// </remarks>
public abstract class Optimizer
{
    private readonly float[] _state;
    private readonly int[] _offsets;
    private float _learningRate;

    /// <summary>Sets up the optimizer over <paramref name="parameters"/> with <paramref name="stateBuffers"/> state slots per value.</summary>
    private protected Optimizer(string name, ParameterSet parameters, float learningRate, int stateBuffers)
    {
        Name = name;
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0 || parameters.Size == 0)
            throw new ArgumentException($"{name}: the parameter set is empty; give the optimizer at least one parameter.", nameof(parameters));
        if (!(learningRate > 0f) || !float.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"{name}: learning rate {learningRate} is outside the allowed range (0, ∞).");
        Parameters = parameters;
        _learningRate = learningRate;
        StateBuffers = stateBuffers;
        _state = new float[stateBuffers * parameters.Size];
        _offsets = new int[parameters.Count];
        int offset = 0, largest = 0;
        for (int i = 0; i < parameters.Count; i++) { _offsets[i] = offset; offset += parameters[i].Size; largest = Math.Max(largest, parameters[i].Size); }
        Scratch = new float[largest];
    }

    /// <summary>The optimizer's name, used in messages and in <see cref="OptimizerState"/>.</summary>
    public string Name { get; }

    /// <summary>The parameters being optimised.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>
    /// The step size. Set it before each step to follow a <see cref="Schedule"/>; it must be finite and ≥ 0
    /// (0 freezes the parameters, the end point of a decay to zero).
    /// </summary>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0f) || !float.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{Name}: learning rate {value} is outside the allowed range [0, ∞).");
            _learningRate = value;
        }
    }

    /// <summary>The number of steps taken (Adam's bias correction uses it).</summary>
    public long Steps { get; private set; }

    /// <summary>State slots per parameter value (0 for plain SGD, 2 for Adam, …).</summary>
    public int StateBuffers { get; }

    /// <summary>Scratch space as long as the largest parameter.</summary>
    private protected float[] Scratch { get; }

    /// <summary>Applies one update to every parameter from its gradient.</summary>
    public void Step()
    {
        Steps++;
        BeginStep();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            Update(p.Value.Span, p.Grad.Span, i);
        }
    }

    /// <summary>
    /// One update from the gradients multiplied by <paramref name="gradientScale"/> (global-norm clipping: the scaled
    /// gradients are also written back, exactly as <see cref="GradientClipping.ClipByGlobalNorm"/> leaves them), saving
    /// every value before the step into <paramref name="previousValues"/> (the flat view, length <see cref="ParameterSet.Size"/>)
    /// so a caller can restore them. Returns the index of the first parameter whose new value is not finite, or −1.
    /// </summary>
    /// <remarks>
    /// The same arithmetic as scaling the gradients, copying the values and calling <see cref="Step()"/>, but optimizers
    /// that fuse it (Adam) read each gradient and value once: for small networks the separate passes cost as much as the update.
    /// </remarks>
    public int ScaledStep(float gradientScale, Span<float> previousValues)
    {
        if (!(gradientScale > 0f) || gradientScale > 1f)
            throw new ArgumentOutOfRangeException(nameof(gradientScale), gradientScale, $"{Name}.ScaledStep: the gradient scale must lie in (0, 1].");
        if (previousValues.Length != Parameters.Size)
            throw new ArgumentException($"{Name}.ScaledStep: the snapshot holds {previousValues.Length} values, the parameters {Parameters.Size}.", nameof(previousValues));
        Steps++;
        BeginStep();
        int firstNonFinite = -1, offset = 0;
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            bool finite = UpdateScaled(p.Value.Span, p.Grad.Span, i, gradientScale, previousValues.Slice(offset, p.Size));
            if (!finite && firstNonFinite < 0) firstNonFinite = i;
            offset += p.Size;
        }
        return firstNonFinite;
    }

    /// <summary>
    /// <see cref="ScaledStep"/> for one parameter: scales <paramref name="grad"/> in place (unless the scale is 1),
    /// copies <paramref name="value"/> into <paramref name="previous"/>, updates it and returns whether it stayed finite.
    /// </summary>
    private protected virtual bool UpdateScaled(Span<float> value, Span<float> grad, int parameterIndex, float scale, Span<float> previous)
    {
        if (scale != 1f) TensorPrimitives.Multiply(grad, scale, grad);
        value.CopyTo(previous);
        Update(value, grad, parameterIndex);
        return float.IsFinite(TensorPrimitives.MaxMagnitude<float>(value));
    }

    /// <summary>Hook before the per-parameter updates of a step (e.g. Adam's bias corrections).</summary>
    private protected virtual void BeginStep() { }

    /// <summary>Updates one parameter tensor in place.</summary>
    private protected abstract void Update(Span<float> value, ReadOnlySpan<float> grad, int parameterIndex);

    /// <summary>State slot <paramref name="slot"/> of parameter <paramref name="parameterIndex"/>.</summary>
    private protected Span<float> State(int slot, int parameterIndex) =>
        _state.AsSpan(slot * Parameters.Size + _offsets[parameterIndex], Parameters[parameterIndex].Size);

    /// <summary>A copy of the step count and all state, for a checkpoint.</summary>
    public OptimizerState ExportState() => new(Name, Steps, (float[])_state.Clone());

    /// <summary>Restores a state captured by <see cref="ExportState"/> from an optimizer of the same kind over the same parameter shapes.</summary>
    public void ImportState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Optimizer != Name)
            throw new ArgumentException($"{Name}.ImportState: the state was exported by {state.Optimizer}, not {Name}.", nameof(state));
        if (state.Values.Length != _state.Length)
            throw new ArgumentException($"{Name}.ImportState: the state holds {state.Values.Length} values, this optimizer needs {_state.Length} ({StateBuffers} × {Parameters.Size} parameters).", nameof(state));
        if (state.Steps < 0)
            throw new ArgumentOutOfRangeException(nameof(state), state.Steps, $"{Name}.ImportState: the step count must be ≥ 0.");
        state.Values.CopyTo(_state, 0);
        Steps = state.Steps;
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [0, 1) — the range of a decay rate or momentum.</summary>
    private protected static float InUnitInterval(string optimizer, string option, float value)
    {
        if (!(value >= 0f && value < 1f))
            throw new ArgumentOutOfRangeException(option, value, $"{optimizer}: {option} = {value} is outside the allowed range [0, 1).");
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is positive and finite.</summary>
    private protected static float Positive(string optimizer, string option, float value)
    {
        if (!(value > 0f) || !float.IsFinite(value))
            throw new ArgumentOutOfRangeException(option, value, $"{optimizer}: {option} = {value} is outside the allowed range (0, ∞).");
        return value;
    }
}

/// <summary>A checkpointable copy of an optimizer's state: its kind, step count and state buffers (flat).</summary>
/// <param name="Optimizer">The optimizer's <see cref="Optimizer.Name"/>.</param>
/// <param name="Steps">The number of steps taken.</param>
/// <param name="Values">All state buffers laid end to end.</param>
public sealed record OptimizerState(string Optimizer, long Steps, float[] Values);
