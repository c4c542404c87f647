using Ascent.Io;

namespace Ascent.Training.Callbacks;

/// <summary>
/// Saves the model every <paramref name="everySteps"/> environment steps into a <see cref="CheckpointSeries"/>
/// (<c>checkpoint_&lt;step&gt;.zip</c>, written atomically, older ones pruned), after the update that crossed a multiple
/// of <paramref name="everySteps"/> (so a resumed run checkpoints where the uninterrupted one would), and once more when
/// training ends or stops. A checkpoint holds what continuing needs (<see cref="BaseAlgorithm.Save"/>): load it and call
/// <see cref="BaseAlgorithm.ContinueLearning"/>. A3C, whose workers run freely, pauses them between two updates once the
/// step of the next checkpoint is reached (<see cref="PauseAtStep"/>) and saves then.
/// </summary>
public sealed class CheckpointCallback(CheckpointSeries series, long everySteps) : TrainingCallback
{
    private readonly CheckpointSeries _series = series ?? throw new ArgumentNullException(nameof(series));
    private readonly long _every = everySteps >= 1 ? everySteps : throw new ArgumentOutOfRangeException(nameof(everySteps), everySteps, "CheckpointCallback: everySteps must be at least 1.");
    private long _next = -1;

    /// <inheritdoc />
    public override void OnTrainingStart(TrainingContext context) => _next = (context.NumTimesteps / _every + 1) * _every;

    /// <summary>The step of the next periodic checkpoint (<see cref="long.MaxValue"/> before training starts).</summary>
    public override long PauseAtStep => _next < 0 ? long.MaxValue : _next;

    /// <summary>The path of the newest checkpoint this callback wrote (null before the first).</summary>
    public string? LastPath { get; private set; }

    private long _saved = -1;

    /// <inheritdoc />
    public override void OnRolloutStart(TrainingContext context)
    {
        if (context.NumTimesteps < _next) return;
        Save(context);
        while (_next <= context.NumTimesteps) _next += _every;
    }

    /// <inheritdoc />
    public override void OnTrainingEnd(TrainingContext context)
    {
        if (_saved != context.NumTimesteps) Save(context);
    }

    private void Save(TrainingContext context)
    {
        LastPath = _series.Save(context.NumTimesteps, context.Algorithm.SaveTo);
        _saved = context.NumTimesteps;
    }
}
