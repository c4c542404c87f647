namespace Ascent.Training.Callbacks;

/// <summary>
/// Hooks into <see cref="BaseAlgorithm.Learn"/>, as Stable-Baselines3's <c>BaseCallback</c>: before training,
/// at the start and end of every rollout, after every vector step (return false to stop training), and at the end.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>Called once when <c>Learn</c> starts.</summary>
    public virtual void OnTrainingStart(TrainingContext context) { }

    /// <summary>Called before each segment is collected.</summary>
    public virtual void OnRolloutStart(TrainingContext context) { }

    /// <summary>Called after every vector step (N environment steps); returning false stops training after this step.</summary>
    public virtual bool OnStep(TrainingContext context) => true;

    /// <summary>Called when a segment is complete and its advantages are computed, before the update.</summary>
    public virtual void OnRolloutEnd(TrainingContext context) { }

    /// <summary>Called once when <c>Learn</c> returns.</summary>
    public virtual void OnTrainingEnd(TrainingContext context) { }

    /// <summary>
    /// The step count from which this callback next needs <see cref="OnRolloutStart"/> with training at rest (e.g. to save a
    /// checkpoint); <see cref="long.MaxValue"/>: never. Synchronous learners call <see cref="OnRolloutStart"/> before every
    /// iteration anyway; A3C pauses its workers between two updates once this step is reached and calls it then.
    /// </summary>
    public virtual long PauseAtStep => long.MaxValue;

    /// <summary>A callback from a function called after every step (return false to stop).</summary>
    public static TrainingCallback OnEveryStep(Func<TrainingContext, bool> onStep) => new StepFunctionCallback(onStep);

    private sealed class StepFunctionCallback(Func<TrainingContext, bool> onStep) : TrainingCallback
    {
        private readonly Func<TrainingContext, bool> _onStep = onStep ?? throw new ArgumentNullException(nameof(onStep));

        public override bool OnStep(TrainingContext context) => _onStep(context);
    }
}
