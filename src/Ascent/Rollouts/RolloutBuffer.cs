using Ascent.Estimators;
using Ascent.Numerics;

namespace Ascent.Rollouts;

/// <summary>
/// One on-policy segment: <see cref="Steps"/> (M) steps of <see cref="NumEnvs"/> (N) environments, preallocated and
/// stored time-major (row <c>t·N + i</c> is step t of env i, the layout of <see cref="SegmentLayout"/>), with the
/// advantages and critic targets computed from it.
/// </summary>
/// <remarks>
/// <para>Per step: the observation the action was chosen in, the action (unclipped: what the policy sampled and
/// scores), its log-probability, <c>V(s_t)</c>, the reward, and the two end flags kept apart — terminated (no
/// bootstrap) and truncated (bootstrap from the final observation, whose value is <see cref="TruncationValues"/>).
/// At the end of the segment <see cref="LastValues"/> holds <c>V(s_M)</c> of the observations the next segment starts from.</para>
/// <para>Arrays that losses read are <see cref="Tensor"/>s so they go onto a tape without copying (A2C's single
/// batch); <see cref="GatherMinibatch"/> copies shuffled rows into a <see cref="Minibatch"/> (PPO).</para>
/// </remarks>
public sealed class RolloutBuffer
{
    /// <summary>Allocates a segment of <paramref name="steps"/> × <paramref name="numEnvs"/> transitions.</summary>
    public RolloutBuffer(int steps, int numEnvs, int observationSize, int actionSize)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "RolloutBuffer: steps (n_steps) must be at least 1.");
        if (numEnvs < 1) throw new ArgumentOutOfRangeException(nameof(numEnvs), numEnvs, "RolloutBuffer: numEnvs (n_envs) must be at least 1.");
        if (observationSize < 1) throw new ArgumentOutOfRangeException(nameof(observationSize), observationSize, "RolloutBuffer: observationSize must be at least 1.");
        if (actionSize < 1) throw new ArgumentOutOfRangeException(nameof(actionSize), actionSize, "RolloutBuffer: actionSize must be at least 1.");
        if ((long)steps * numEnvs * Math.Max(observationSize, actionSize) > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(steps), $"RolloutBuffer: {steps} steps × {numEnvs} envs × {Math.Max(observationSize, actionSize)} floats do not fit in one array.");
        Steps = steps;
        NumEnvs = numEnvs;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        int size = steps * numEnvs;
        Observations = new Tensor(size, observationSize);
        Actions = new Tensor(size, actionSize);
        LogProbs = new Tensor(size);
        Values = new Tensor(size);
        Advantages = new Tensor(size);
        Returns = new Tensor(size);
        Rewards = new float[size];
        Terminated = new bool[size];
        Truncated = new bool[size];
        EpisodeEnds = new bool[size];
        TruncationValues = new float[size];
        NextValues = new float[size];
        LastValues = new float[numEnvs];
    }

    /// <summary>Steps per environment in a segment (<c>n_steps</c>).</summary>
    public int Steps { get; }

    /// <summary>Parallel environments (<c>n_envs</c>).</summary>
    public int NumEnvs { get; }

    /// <summary>Transitions in a full segment, <see cref="Steps"/> × <see cref="NumEnvs"/>.</summary>
    public int Size => Steps * NumEnvs;

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>Steps collected into the current segment so far (<see cref="Steps"/> when full).</summary>
    public int StepsCollected { get; private set; }

    /// <summary>Whether the segment is complete (all steps collected and <see cref="FinishSegment"/> called).</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Observations <c>s_t</c>, <c>[M·N, obs]</c>.</summary>
    public Tensor Observations { get; }

    /// <summary>Actions as sampled (unclipped), <c>[M·N, act]</c>.</summary>
    public Tensor Actions { get; }

    /// <summary><c>log π_old(a_t|s_t)</c> at collection time, <c>[M·N]</c>.</summary>
    public Tensor LogProbs { get; }

    /// <summary><c>V_old(s_t)</c> at collection time, <c>[M·N]</c>.</summary>
    public Tensor Values { get; }

    /// <summary>Advantage estimates <c>Â_t</c>, <c>[M·N]</c> (after <see cref="ComputeAdvantages"/>).</summary>
    public Tensor Advantages { get; }

    /// <summary>Critic targets, <c>[M·N]</c> (after <see cref="ComputeAdvantages"/>).</summary>
    public Tensor Returns { get; }

    /// <summary>Rewards <c>r_t</c> as the learner sees them (after any reward normalisation), <c>[M·N]</c>.</summary>
    public float[] Rewards { get; }

    /// <summary>Whether step t of env i reached a terminal state, <c>[M·N]</c>.</summary>
    public bool[] Terminated { get; }

    /// <summary>Whether step t of env i was cut by a time limit, <c>[M·N]</c>.</summary>
    public bool[] Truncated { get; }

    /// <summary>Terminated or truncated, <c>[M·N]</c> (filled by <see cref="FinishSegment"/>).</summary>
    public bool[] EpisodeEnds { get; }

    /// <summary><c>V(final observation)</c> where a step was truncated and not terminated (0 elsewhere, or everywhere when truncation bootstrapping is off), <c>[M·N]</c>.</summary>
    public float[] TruncationValues { get; }

    /// <summary>The value of the state after each step (<see cref="NextStateValues"/>; filled by <see cref="FinishSegment"/>), <c>[M·N]</c>.</summary>
    public float[] NextValues { get; }

    /// <summary><c>V(s_M)</c>: the values of the observations after the last step, <c>[N]</c>.</summary>
    public float[] LastValues { get; }

    /// <summary>Starts a new segment (the arrays are overwritten step by step).</summary>
    public void Clear()
    {
        StepsCollected = 0;
        IsComplete = false;
    }

    /// <summary>The row range of step <paramref name="t"/>: the N entries of that step.</summary>
    public Range StepRows(int t) => (t * NumEnvs)..((t + 1) * NumEnvs);

    /// <summary>Observations of step <paramref name="t"/>, <c>[N·obs]</c>.</summary>
    public Span<float> ObservationsAt(int t) => Observations.Span.Slice(t * NumEnvs * ObservationSize, NumEnvs * ObservationSize);

    /// <summary>Actions of step <paramref name="t"/>, <c>[N·act]</c>.</summary>
    public Span<float> ActionsAt(int t) => Actions.Span.Slice(t * NumEnvs * ActionSize, NumEnvs * ActionSize);

    /// <summary>Marks step <see cref="StepsCollected"/> as written and moves to the next.</summary>
    public void AdvanceStep()
    {
        if (StepsCollected >= Steps) throw new InvalidOperationException($"RolloutBuffer: the segment already holds all {Steps} steps; call Clear() to start the next one.");
        StepsCollected++;
    }

    /// <summary>
    /// Completes the segment once all steps are collected and <see cref="LastValues"/> is written: fills
    /// <see cref="EpisodeEnds"/> and <see cref="NextValues"/> (the bootstrap rule of <see cref="NextStateValues"/>).
    /// </summary>
    public void FinishSegment()
    {
        if (StepsCollected != Steps) throw new InvalidOperationException($"RolloutBuffer: FinishSegment after {StepsCollected} of {Steps} steps.");
        for (int k = 0; k < Size; k++) EpisodeEnds[k] = Terminated[k] || Truncated[k];
        NextStateValues.Compute(Values.Span, LastValues, Terminated, Truncated, TruncationValues, NumEnvs, NextValues);
        IsComplete = true;
    }

    /// <summary>
    /// Fills <see cref="Advantages"/> with GAE(<paramref name="gaeLambda"/>) and <see cref="Returns"/> with the critic
    /// targets chosen by <paramref name="target"/>.
    /// </summary>
    public void ComputeAdvantages(float gamma, float gaeLambda, ValueTarget target = ValueTarget.TdLambda)
    {
        if (!IsComplete) throw new InvalidOperationException("RolloutBuffer: ComputeAdvantages needs a complete segment (call FinishSegment first).");
        Gae.Compute(Rewards, Values.Span, NextValues, EpisodeEnds, NumEnvs, gamma, gaeLambda, Advantages.Span, Returns.Span);
        switch (target)
        {
            case ValueTarget.TdLambda: break;
            case ValueTarget.MonteCarlo: MonteCarloReturns.Compute(Rewards, NextValues, EpisodeEnds, NumEnvs, gamma, Returns.Span); break;
            case ValueTarget.TdZero: NStepReturns.Compute(Rewards, NextValues, EpisodeEnds, NumEnvs, gamma, 1, Returns.Span); break;
            default: throw new ArgumentOutOfRangeException(nameof(target), target, "RolloutBuffer: unknown value target.");
        }
    }

    /// <summary>Copies the rows <paramref name="indices"/> (into the flat segment) into <paramref name="minibatch"/>, whose size must equal their count.</summary>
    public void GatherMinibatch(ReadOnlySpan<int> indices, Minibatch minibatch)
    {
        ArgumentNullException.ThrowIfNull(minibatch);
        if (minibatch.Size != indices.Length || minibatch.ObservationSize != ObservationSize || minibatch.ActionSize != ActionSize)
            throw new ArgumentException($"RolloutBuffer.GatherMinibatch: {indices.Length} indices into a minibatch of {minibatch.Size} rows × ({minibatch.ObservationSize} obs, {minibatch.ActionSize} act); the buffer has ({ObservationSize}, {ActionSize}).");
        int o = ObservationSize, a = ActionSize, size = Size;
        // Spans hoisted out of the loop: per-row tensor indexers and span properties cost more than the copies.
        ReadOnlySpan<float> obs = Observations.Span, act = Actions.Span, logProbs = LogProbs.Span, values = Values.Span, advantages = Advantages.Span, returns = Returns.Span;
        Span<float> obsOut = minibatch.Observations.Span, actOut = minibatch.Actions.Span, logProbsOut = minibatch.LogProbs.Span,
            valuesOut = minibatch.Values.Span, advantagesOut = minibatch.Advantages.Span, returnsOut = minibatch.Returns.Span;
        for (int r = 0; r < indices.Length; r++)
        {
            int k = indices[r];
            if ((uint)k >= (uint)size) throw new ArgumentOutOfRangeException(nameof(indices), k, $"RolloutBuffer.GatherMinibatch: index {k} is outside [0, {size}).");
            obs.Slice(k * o, o).CopyTo(obsOut.Slice(r * o, o));
            if (a == 1) actOut[r] = act[k];
            else act.Slice(k * a, a).CopyTo(actOut.Slice(r * a, a));
            logProbsOut[r] = logProbs[k];
            valuesOut[r] = values[k];
            advantagesOut[r] = advantages[k];
            returnsOut[r] = returns[k];
        }
    }
}
