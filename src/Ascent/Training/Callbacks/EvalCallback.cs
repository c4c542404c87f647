using System.Globalization;
using System.Text;
using Ascent.Environments;
using Ascent.Io;
using Ascent.Training.Logging;

namespace Ascent.Training.Callbacks;

/// <summary>
/// Evaluates the policy every <see cref="EverySteps"/> environment steps on a separate environment (Stable-Baselines3's
/// <c>EvalCallback</c>): <see cref="Episodes"/> episodes with <see cref="BaseAlgorithm.Predict(ReadOnlySpan{float}, Span{float}, bool)"/>
/// (deterministic by default), episode k reset with seed <c>firstSeed + k</c> so every evaluation sees the same starts.
/// Logs <c>eval/mean_reward</c>, <c>eval/std_reward</c> and <c>eval/mean_ep_length</c> (dumped at once, at the current
/// step), saves the best model so far, appends each result to a CSV file, and can stop training when the mean return
/// reaches a threshold.
/// </summary>
/// <remarks>
/// <para>Evaluation happens at the start of a rollout (after the update that crossed a multiple of <see cref="EverySteps"/>)
/// or when training ends past such a mark; for algorithms without rollouts (A3C) on the next
/// <see cref="TrainingCallback.OnStep"/>. It does not touch the
/// training environments or generators, so a run with evaluations trains exactly as one without.</para>
/// <para><b>Resume.</b> With a log file, an evaluation callback started on a model continued from a checkpoint reads the
/// rows up to the checkpoint's step back (the best so far included); later ones belonged to the interrupted part of the
/// run (<see cref="TrainingRun.Resume"/> removes them).</para>
/// </remarks>
public sealed class EvalCallback : TrainingCallback
{
    private const string Header = "timesteps,mean_reward,std_reward,mean_ep_length";
    private readonly Env _env;
    private readonly List<EvaluationPoint> _history = [];
    private long _next = -1;

    /// <summary>Evaluates on <paramref name="env"/> (not disposed by the callback) every <paramref name="everySteps"/> steps.</summary>
    /// <param name="env">A single environment with the training environment's spaces (e.g. <c>Envs.Make(model.EnvId)</c>).</param>
    /// <param name="everySteps">Environment steps between evaluations (at least 1).</param>
    /// <param name="episodes">Episodes per evaluation (at least 1).</param>
    /// <param name="bestModelPath">Where to save the model whenever its mean return is the best so far (null: not saved).</param>
    /// <param name="logPath">A CSV file receiving one row per evaluation (null: none).</param>
    /// <param name="stopAtMeanReward">Stop training (cleanly, at the end of the iteration) once the mean return reaches this value (null: never).</param>
    /// <param name="firstSeed">Seed of the first evaluation episode (≥ 0).</param>
    /// <param name="deterministic">Act with the policy's mode (true) or sample (false).</param>
    public EvalCallback(Env env, long everySteps, int episodes = 5, string? bestModelPath = null, string? logPath = null,
        double? stopAtMeanReward = null, int firstSeed = 0, bool deterministic = true)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        if (everySteps < 1) throw new ArgumentOutOfRangeException(nameof(everySteps), everySteps, $"EvalCallback: everySteps = {everySteps} is outside the allowed range [1, ∞).");
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), episodes, $"EvalCallback: episodes = {episodes} is outside the allowed range [1, ∞).");
        if (firstSeed < 0) throw new ArgumentOutOfRangeException(nameof(firstSeed), firstSeed, $"EvalCallback: firstSeed = {firstSeed} is outside the allowed range [0, ∞).");
        if (stopAtMeanReward is double t && !double.IsFinite(t)) throw new ArgumentOutOfRangeException(nameof(stopAtMeanReward), t, "EvalCallback: the reward threshold must be finite.");
        EverySteps = everySteps;
        Episodes = episodes;
        BestModelPath = bestModelPath;
        LogPath = logPath;
        StopAtMeanReward = stopAtMeanReward;
        FirstSeed = firstSeed;
        Deterministic = deterministic;
    }

    /// <summary>Environment steps between evaluations.</summary>
    public long EverySteps { get; }

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; }

    /// <summary>Where the best model is saved (null: not saved).</summary>
    public string? BestModelPath { get; }

    /// <summary>The CSV file of evaluations (null: none).</summary>
    public string? LogPath { get; }

    /// <summary>The mean return at which training stops (null: never).</summary>
    public double? StopAtMeanReward { get; }

    /// <summary>Seed of the first evaluation episode.</summary>
    public int FirstSeed { get; }

    /// <summary>Whether evaluation acts deterministically.</summary>
    public bool Deterministic { get; }

    /// <summary>Every evaluation so far (after a resume: those read back from <see cref="LogPath"/> too).</summary>
    public IReadOnlyList<EvaluationPoint> History => _history;

    /// <summary>The most recent evaluation (null before the first).</summary>
    public EvaluationPoint? Last => _history.Count > 0 ? _history[^1] : null;

    /// <summary>The evaluation with the highest mean return so far (the earliest of equal ones; null before the first).</summary>
    public EvaluationPoint? Best { get; private set; }

    /// <summary>The step at which the threshold was reached (null while not reached).</summary>
    public long? ThresholdReachedAt { get; private set; }

    /// <summary>Runs one evaluation of <paramref name="model"/> now, with this callback's settings (not recorded).</summary>
    public Evaluation Evaluate(BaseAlgorithm model) => Evaluation.Run(model, _env, Episodes, FirstSeed, Deterministic);

    /// <inheritdoc />
    public override void OnTrainingStart(TrainingContext context)
    {
        _next = (context.NumTimesteps / EverySteps + 1) * EverySteps;
        if (LogPath is not null) ReadBack(context.NumTimesteps);
    }

    /// <inheritdoc />
    public override void OnRolloutStart(TrainingContext context) => EvaluateIfDue(context);

    /// <inheritdoc />
    public override bool OnStep(TrainingContext context)
    {
        if (!context.IsSynchronous) EvaluateIfDue(context);
        return true;
    }

    /// <summary>Evaluates once more if training ended past a mark not yet evaluated (the last one of the budget).</summary>
    public override void OnTrainingEnd(TrainingContext context) => EvaluateIfDue(context);

    private void EvaluateIfDue(TrainingContext context)
    {
        if (context.NumTimesteps < _next) return;
        while (_next <= context.NumTimesteps) _next += EverySteps;
        var model = context.Algorithm;
        var result = Evaluate(model);
        var point = new EvaluationPoint(context.NumTimesteps, result.MeanReturn, result.StdReturn, result.Lengths.Average());
        _history.Add(point);

        var logger = context.Logger;
        logger.Record(LogKeys.EvalMeanReward, point.MeanReward);
        logger.Record(LogKeys.EvalStdReward, point.StdReward);
        logger.Record(LogKeys.EvalMeanEpisodeLength, point.MeanEpisodeLength);
        logger.Record(LogKeys.TotalTimesteps, point.Timesteps);
        logger.Dump(point.Timesteps);
        if (LogPath is not null) Append(point);

        if (Best is null || point.MeanReward > Best.MeanReward)
        {
            Best = point;
            if (BestModelPath is not null) model.Save(BestModelPath);
        }
        if (StopAtMeanReward is double threshold && point.MeanReward >= threshold)
        {
            ThresholdReachedAt ??= point.Timesteps;
            context.RequestStop();
        }
    }

    private void Append(EvaluationPoint p)
    {
        bool fresh = !File.Exists(LogPath) || new FileInfo(LogPath!).Length == 0;
        var line = new StringBuilder();
        if (fresh) line.Append(Header).Append('\n');
        line.Append(p.Timesteps.ToString(CultureInfo.InvariantCulture)).Append(',').Append(CsvText.FormatNumber(p.MeanReward)).Append(',')
            .Append(CsvText.FormatNumber(p.StdReward)).Append(',').Append(CsvText.FormatNumber(p.MeanEpisodeLength)).Append('\n');
        File.AppendAllText(LogPath!, line.ToString());
    }

    /// <summary>Reads the evaluations up to <paramref name="step"/> back from the log file (later rows, from an interrupted run, are ignored).</summary>
    private void ReadBack(long step)
    {
        _history.Clear();
        Best = null;
        if (!File.Exists(LogPath)) return;
        var lines = File.ReadAllLines(LogPath!);
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != 4 || !long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long t)
                || !CsvText.TryParseNumber(cells[1], out double mean) || !CsvText.TryParseNumber(cells[2], out double std) || !CsvText.TryParseNumber(cells[3], out double length))
                throw new InvalidDataException($"{LogPath}: line {i + 1} is not '{Header}': '{lines[i]}'.");
            if (t > step) continue;
            var point = new EvaluationPoint(t, mean, std, length);
            _history.Add(point);
            if (Best is null || point.MeanReward > Best.MeanReward) Best = point;
        }
    }
}

/// <summary>One evaluation: the step, the mean and standard deviation of the return, the mean episode length.</summary>
public sealed record EvaluationPoint(long Timesteps, double MeanReward, double StdReward, double MeanEpisodeLength);
