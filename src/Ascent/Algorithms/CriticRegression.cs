using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Nn.Optimizers;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;

namespace Ascent.Algorithms;

/// <summary>
/// "Fit V" on its own, as TRPO trains its critic: several epochs of shuffled minibatch Adam on the mean squared error
/// <c>mean((R_t − V_φ(s_t))²)</c> between the critic and the segment's targets, moving only the critic's own parameters.
/// </summary>
/// <remarks>
/// <para>Only the parameters the actor does not depend on move (<see cref="Parameters"/>): with a shared trunk that is
/// the value head alone, so the critic's regression cannot undo the trust region the policy step respected
/// (Stable-Baselines3's TRPO drops the actor's gradients the same way).</para>
/// <para>Every epoch shuffles the segment's rows with <see cref="Rng"/>; a segment that is not a multiple of the
/// minibatch size ends each epoch with one smaller minibatch (as Stable-Baselines3 does). The minibatches and the
/// index array are allocated at construction, and each minibatch shape has its own tape: after the first epoch
/// <see cref="Fit"/> allocates nothing.</para>
/// </remarks>
public sealed class CriticRegression
{
    private readonly IValueFunction _critic;
    private readonly Tape _fullTape = new(), _remainderTape = new(), _evaluationTape = new();   // one per batch shape, so each replays without allocating
    private readonly Minibatch _full;
    private readonly Minibatch? _remainder;
    private readonly int[] _indices;

    /// <summary>Creates the regression of <paramref name="policy"/>'s critic on segments of <paramref name="segment"/> rows.</summary>
    /// <param name="policy">The actor-critic.</param>
    /// <param name="segment">Rows per segment (<c>n_steps × n_envs</c>), ≥ 1.</param>
    /// <param name="batchSize">Rows per minibatch, in [1, <paramref name="segment"/>].</param>
    /// <param name="learningRate">Adam's initial step size (ε = 1e-5, as Stable-Baselines3's policies).</param>
    /// <param name="rng">The generator of the shuffles.</param>
    public CriticRegression(ActorCriticPolicy policy, int segment, int batchSize, float learningRate, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(rng);
        if (segment < 1) throw new ArgumentOutOfRangeException(nameof(segment), segment, $"CriticRegression: segment = {segment} is outside the allowed range [1, {int.MaxValue}].");
        if (batchSize < 1 || batchSize > segment)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"CriticRegression: batch_size = {batchSize} is outside the allowed range [1, {segment}] (the segment's rows).");
        _critic = policy.ValueFunction;
        Parameters = new ParameterSet(policy.CriticParameters.Where(p => !policy.ActorParameters.Contains(p)));
        if (Parameters.Count == 0) throw new ArgumentException("CriticRegression: the critic has no parameters of its own.", nameof(policy));
        Optimizer = new Adam(Parameters, learningRate, epsilon: 1e-5f);
        Rng = rng;
        int observations = policy.ObservationSpace.FlatSize, actions = policy.ActionSize;
        _full = new Minibatch(batchSize, observations, actions);
        if (segment % batchSize != 0) _remainder = new Minibatch(segment % batchSize, observations, actions);
        _indices = new int[segment];
        BatchSize = batchSize;
    }

    /// <summary>The parameters the regression moves: the critic's, without any the actor shares.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The critic's Adam optimizer (its state is saved with a model).</summary>
    public Adam Optimizer { get; }

    /// <summary>The generator of the per-epoch shuffles.</summary>
    public Rng Rng { get; }

    /// <summary>Rows per minibatch.</summary>
    public int BatchSize { get; }

    /// <summary>Rows per segment.</summary>
    public int SegmentSize => _indices.Length;

    /// <summary>
    /// <paramref name="epochs"/> passes of minibatch Adam over the shuffled rows of <paramref name="buffer"/> toward its
    /// <see cref="RolloutBuffer.Returns"/>; returns the mean of the minibatch losses (each before its step).
    /// </summary>
    /// <exception cref="NonFiniteException">A minibatch loss is NaN or infinite; the parameters are those after the previous minibatch.</exception>
    public double Fit(RolloutBuffer buffer, int epochs)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Size != SegmentSize)
            throw new ArgumentException($"CriticRegression.Fit: the buffer holds {buffer.Size} rows; the regression was created for {SegmentSize}.", nameof(buffer));
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"CriticRegression.Fit: epochs = {epochs} is outside the allowed range [1, {int.MaxValue}].");
        double sum = 0;
        int count = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int k = 0; k < _indices.Length; k++) _indices[k] = k;
            Rng.Shuffle(_indices.AsSpan());
            for (int start = 0; start < _indices.Length; start += BatchSize)
            {
                bool full = start + BatchSize <= _indices.Length;
                var minibatch = full ? _full : _remainder!;
                buffer.GatherMinibatch(_indices.AsSpan(start, minibatch.Size), minibatch);
                double loss = Step(full ? _fullTape : _remainderTape, minibatch.Observations, minibatch.Returns);
                if (!double.IsFinite(loss))
                    throw new NonFiniteException($"the critic's value loss is {loss} in epoch {epoch + 1}, minibatch {start / BatchSize + 1}; the critic keeps the parameters of the previous minibatch.");
                sum += loss;
                count++;
            }
        }
        return sum / count;
    }

    /// <summary>The mean squared error <c>mean((R − V_φ(s))²)</c> of the critic on all of <paramref name="buffer"/>, without training.</summary>
    public double Loss(RolloutBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Record(_evaluationTape, buffer.Observations, buffer.Returns).Value[0];
    }

    /// <summary>One Adam step on the minibatch's loss (skipped when the loss is not finite); returns the loss before the step.</summary>
    private double Step(Tape tape, Tensor observations, Tensor returns)
    {
        var loss = Record(tape, observations, returns);
        double value = loss.Value[0];
        if (!double.IsFinite(value)) return value;
        Parameters.ZeroGrad();
        tape.Backward(loss);
        Optimizer.Step();
        return value;
    }

    private Var Record(Tape t, Tensor observations, Tensor returns)
    {
        t.Reset();
        var error = t.Sub(t.Input(returns), _critic.Forward(t, t.Input(observations)));
        return t.Mean(t.Square(error));                                                 // mean (R − V_φ)²
    }
}
