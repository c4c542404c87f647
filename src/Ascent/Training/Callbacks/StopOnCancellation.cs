namespace Ascent.Training.Callbacks;

/// <summary>
/// Stops training cleanly when <paramref name="token"/> is cancelled (e.g. by a Ctrl-C handler): asks for a stop at the
/// end of the current iteration (<see cref="TrainingContext.RequestStop"/>), so callbacks that save on
/// <see cref="TrainingCallback.OnTrainingEnd"/> write a checkpoint an uninterrupted run passes through.
/// </summary>
public sealed class StopOnCancellation(CancellationToken token) : TrainingCallback
{
    /// <summary>Whether training was asked to stop because of the token.</summary>
    public bool Cancelled { get; private set; }

    /// <inheritdoc />
    public override void OnRolloutStart(TrainingContext context) => Check(context);

    /// <inheritdoc />
    public override bool OnStep(TrainingContext context)
    {
        Check(context);
        return true;
    }

    private void Check(TrainingContext context)
    {
        if (!token.IsCancellationRequested || Cancelled) return;
        Cancelled = true;
        context.RequestStop();
    }
}
