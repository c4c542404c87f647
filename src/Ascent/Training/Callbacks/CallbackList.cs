namespace Ascent.Training.Callbacks;

/// <summary>Several callbacks called in order; training stops when any <see cref="TrainingCallback.OnStep"/> returns false.</summary>
public sealed class CallbackList(params IEnumerable<TrainingCallback> callbacks) : TrainingCallback
{
    private readonly TrainingCallback[] _callbacks = [.. callbacks ?? throw new ArgumentNullException(nameof(callbacks))];

    /// <inheritdoc />
    public override void OnTrainingStart(TrainingContext context) { foreach (var c in _callbacks) c.OnTrainingStart(context); }

    /// <inheritdoc />
    public override void OnRolloutStart(TrainingContext context) { foreach (var c in _callbacks) c.OnRolloutStart(context); }

    /// <inheritdoc />
    public override bool OnStep(TrainingContext context)
    {
        bool go = true;
        foreach (var c in _callbacks) go &= c.OnStep(context);
        return go;
    }

    /// <inheritdoc />
    public override void OnRolloutEnd(TrainingContext context) { foreach (var c in _callbacks) c.OnRolloutEnd(context); }

    /// <inheritdoc />
    public override void OnTrainingEnd(TrainingContext context) { foreach (var c in _callbacks) c.OnTrainingEnd(context); }

    /// <summary>The earliest <see cref="TrainingCallback.PauseAtStep"/> of the callbacks.</summary>
    public override long PauseAtStep
    {
        get
        {
            long step = long.MaxValue;
            foreach (var c in _callbacks) step = Math.Min(step, c.PauseAtStep);
            return step;
        }
    }
}
