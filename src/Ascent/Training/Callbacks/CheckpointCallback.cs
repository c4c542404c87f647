using Ascent.Io;

namespace Ascent.Training.Callbacks;

/// <summary>
/// Saves the model every <paramref name="everySteps"/> environment steps into a <see cref="CheckpointSeries"/>
/// (<c>checkpoint_&lt;step&gt;.zip</c>, written atomically, older ones pruned), after the update that crossed the mark,
/// and once more when training ends.
/// </summary>
public sealed class CheckpointCallback(CheckpointSeries series, long everySteps) : TrainingCallback
{
    private readonly CheckpointSeries _series = series ?? throw new ArgumentNullException(nameof(series));
    private readonly long _every = everySteps >= 1 ? everySteps : throw new ArgumentOutOfRangeException(nameof(everySteps), everySteps, "CheckpointCallback: everySteps must be at least 1.");
    private long _next = -1;

    /// <inheritdoc />
    public override void OnTrainingStart(TrainingContext context) => _next = context.NumTimesteps + _every;

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
        _series.Save(context.NumTimesteps, context.Algorithm.SaveTo);
        _saved = context.NumTimesteps;
    }
}
