using System.Diagnostics;
using System.Globalization;
using Ascent.Cli.Commands.Bench;
using Ascent.Environments;
using Ascent.Io;
using Ascent.Io.Models;
using Ascent.Training;
using Ascent.Training.Callbacks;

namespace Ascent.Cli.Commands.Train;

/// <summary>
/// One <c>ascent train</c> run, new or resumed: the model and its run directory, then training with progress, periodic
/// evaluation (<see cref="EvalCallback"/>: <c>eval/mean_reward</c>, <c>best_model.zip</c>, <c>evaluations.csv</c>, optional
/// target return), periodic checkpoints (<c>checkpoints/</c>), a clean stop on Ctrl-C or SIGTERM (finish the iteration,
/// checkpoint, flush the logs), then <c>model.zip</c>, a final deterministic evaluation, <c>report.html</c> and a summary.
/// An algorithm that cannot be resumed (<see cref="TrainableAlgorithm.NotResumableBecause"/>: a policy search) writes no
/// checkpoints and is never offered <c>--resume</c>.
/// </summary>
internal sealed class TrainingSession : IDisposable
{
    /// <summary>Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The command-line settings of a session.</summary>
    internal sealed record Settings
    {
        public required string Runs { get; init; }
        public required int LogInterval { get; init; }
        public required long EvalFrequency { get; init; }
        public required int EvalEpisodes { get; init; }
        public double? TargetReward { get; init; }
        public required long CheckpointFrequency { get; init; }
        public required int KeepCheckpoints { get; init; }
        public bool Verbose { get; init; }
        public bool Json { get; init; }
        public required string CommandLine { get; init; }
    }

    private readonly TrainableAlgorithm _algorithm;
    private readonly BaseAlgorithm _model;
    private readonly Settings _settings;
    private readonly TextWriter _output, _error;
    private readonly long? _steps;
    private readonly string _source;
    private readonly long _resumedFrom;
    private readonly CheckpointSeries? _checkpoints;

    private TrainingSession(TrainableAlgorithm algorithm, BaseAlgorithm model, string runDirectory, long? steps, string source, long resumedFrom,
        Settings settings, TextWriter output, TextWriter error)
    {
        _algorithm = algorithm;
        _model = model;
        RunDirectory = runDirectory;
        _steps = steps;
        _source = source;
        _resumedFrom = resumedFrom;
        _settings = settings;
        _output = output;
        _error = error;
        _checkpoints = algorithm.NotResumableBecause is null ? TrainingRun.Checkpoints(runDirectory, settings.KeepCheckpoints) : null;
    }

    /// <summary>The run directory.</summary>
    public string RunDirectory { get; }

    /// <summary>The newest checkpoint in the run directory (null when there is none).</summary>
    public string? LastCheckpoint => _checkpoints?.Latest();

    /// <summary>A new run of <paramref name="model"/> (built from <paramref name="source"/>'s options) for <paramref name="steps"/> steps (null: n_timesteps).</summary>
    public static TrainingSession Start(TrainableAlgorithm algorithm, BaseAlgorithm model, string source, long? steps, Settings settings, TextWriter output, TextWriter error)
    {
        try
        {
            long budget = TrainCommand.CommonOptions.CheckSteps(steps ?? model.DefaultTimesteps);
            string runDir = TrainingRun.Start(model, settings.Runs, settings.CommandLine, Verbose(settings, output));
            if (algorithm.NotResumableBecause is not null) Directory.Delete(Path.Combine(runDir, TrainingRun.CheckpointDirectory)); // still empty, and stays so
            return new TrainingSession(algorithm, model, runDir, budget, source, resumedFrom: -1, settings, output, error);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Continues the run in <paramref name="runDirectory"/> from its newest checkpoint: the rest of the interrupted budget, or
    /// <paramref name="steps"/> more when given. The checkpoint must be <paramref name="algorithm"/>'s (and
    /// <paramref name="envId"/>'s, when given); options cannot change on resume.
    /// </summary>
    public static TrainingSession Resume(TrainableAlgorithm algorithm, string runDirectory, string? envId, long? steps, IReadOnlyList<string> overrides,
        string? configFile, Settings settings, TextWriter output, TextWriter error)
    {
        if (overrides.Count > 0 || configFile is not null)
            throw new ArgumentException("--resume continues with the options saved in the checkpoint; --seed, --set and --config cannot change them.");
        UserPath.RequireDirectory(runDirectory, "--resume: the run directory");
        string checkpoints = Path.Combine(runDirectory, TrainingRun.CheckpointDirectory);
        string latest = (Directory.Exists(checkpoints) ? TrainingRun.Checkpoints(runDirectory, settings.KeepCheckpoints).Latest() : null)
            ?? throw new FileNotFoundException($"--resume: '{runDirectory}' has no checkpoint in {TrainingRun.CheckpointDirectory}/ to continue from.");
        var header = ModelReader.Open(latest);
        if (header.Algorithm != algorithm.Name)
            throw new ArgumentException($"--resume: {latest} is a checkpoint of {header.Algorithm}, not {algorithm.Name}; continue it with: ascent train {header.Algorithm} --resume {runDirectory}");
        if (envId is not null && envId != header.EnvId)
            throw new ArgumentException($"--resume: the run trains on {header.EnvId}, not {envId}; leave ENV out or give {header.EnvId}.");
        var model = TrainableAlgorithm.Load(latest);
        try
        {
            if (steps is long n) TrainCommand.CommonOptions.CheckSteps(n);
            else if (model.RemainingTimesteps == 0)
                throw new ArgumentException($"--resume: the run in '{runDirectory}' already finished its {model.LearnTargetTimesteps - model.LearnStartTimesteps:N0} steps (at step {model.NumTimesteps:N0}); pass --steps N to train N more.");
            TrainingRun.Resume(model, runDirectory, Verbose(settings, output));
            return new TrainingSession(algorithm, model, runDirectory, steps, latest, model.NumTimesteps, settings, output, error);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static TextWriter? Verbose(Settings settings, TextWriter output) => settings.Verbose && !settings.Json ? output : null;

    /// <summary>Trains, saves, evaluates, reports and summarises; returns the exit code (0, or 130 when stopped by <paramref name="stop"/>).</summary>
    public int Run(CancellationToken stop)
    {
        var s = _settings;
        var progressOut = s.Json ? _error : _output;
        using var evalEnv = s.EvalFrequency > 0 && s.EvalEpisodes > 0 ? Envs.Make(_model.EnvId) : null;
        var evaluation = evalEnv is null ? null : new EvalCallback(evalEnv, s.EvalFrequency, s.EvalEpisodes,
            bestModelPath: Path.Combine(RunDirectory, TrainingRun.BestModelFile), logPath: Path.Combine(RunDirectory, TrainingRun.EvaluationsFile),
            stopAtMeanReward: s.TargetReward);
        var checkpoint = _checkpoints is null ? null : new CheckpointCallback(_checkpoints, s.CheckpointFrequency > 0 ? s.CheckpointFrequency : long.MaxValue);
        var cancellation = new StopOnCancellation(stop);
        if (!s.Json) progressOut.WriteLine(Heading());
        foreach (var note in _model.ConfigurationNotes) progressOut.WriteLine("note: " + note);

        var clock = Stopwatch.StartNew();
        TrainingProgress.Run(progressOut, evaluation, () => stop.IsCancellationRequested, progress =>
        {
            var callbacks = new List<TrainingCallback> { cancellation };
            if (evaluation is not null) callbacks.Add(evaluation);
            if (checkpoint is not null) callbacks.Add(checkpoint);
            if (progress is not null) callbacks.Add(progress);
            var all = new CallbackList(callbacks);
            if (_steps is long n) _model.Learn(n, all, s.LogInterval);
            else _model.ContinueLearning(all, s.LogInterval);
        });
        double seconds = clock.Elapsed.TotalSeconds;
        string modelPath = Path.Combine(RunDirectory, TrainingRun.ModelFile);
        _model.Save(modelPath);

        Evaluation? final = null;
        if (s.EvalEpisodes > 0 && !cancellation.Cancelled)
        {
            using var env = Envs.Make(_model.EnvId);
            final = Evaluation.Run(_model, env, s.EvalEpisodes);
        }
        _model.Logger.Dispose();                                     // flush the logs before the report reads them
        string report = TrainingRun.WriteReport(RunDirectory);
        WriteSummary(seconds, final, evaluation, cancellation.Cancelled, report);
        return cancellation.Cancelled ? InterruptedExitCode : 0;
    }

    private string Heading()
    {
        string seed = _model.Seed.ToString(CultureInfo.InvariantCulture);
        if (_resumedFrom < 0)
            return $"{_algorithm.Name} on {_model.EnvId}, seed {seed}, {_steps:N0} steps ({_source}); run directory {RunDirectory}";
        string what = _steps is long n ? $"{n:N0} more steps" : $"to step {_model.LearnTargetTimesteps:N0}";
        return $"{_algorithm.Name} on {_model.EnvId}, seed {seed}: resuming from step {_resumedFrom:N0} ({_source}), {what}; run directory {RunDirectory}";
    }

    private void WriteSummary(double seconds, Evaluation? final, EvalCallback? evaluation, bool interrupted, string report)
    {
        var m = _model;
        var w = m.Episodes;
        long session = m.NumTimesteps - Math.Max(0, _resumedFrom);
        double rate = session / Math.Max(seconds, 1e-9);
        if (_settings.Json)
        {
            var fields = new List<(string, object?)>
            {
                ("bench", "train"), ("algo", _algorithm.Name), ("env", m.EnvId), ("steps", m.NumTimesteps), ("seconds", seconds),
                ("steps_per_s", rate), ("mean_return_100", w.MeanReturn), ("std_return_100", w.StdReturn), ("episodes", w.TotalEpisodes),
                ("seed", m.Seed), ("run_dir", RunDirectory), ("interrupted", interrupted),
            };
            if (_resumedFrom >= 0) fields.Add(("resumed_from", _resumedFrom));
            if (final is not null) { fields.Add(("eval_mean_return", final.MeanReturn)); fields.Add(("eval_std_return", final.StdReturn)); fields.Add(("eval_episodes", final.Returns.Count)); }
            if (evaluation?.Best is { } b) { fields.Add(("best_eval_mean_return", b.MeanReward)); fields.Add(("best_eval_step", b.Timesteps)); }
            _output.WriteLine(BenchOutput.ToJson([.. fields]));
            return;
        }
        var table = new SummaryTable($"{_algorithm.Name} on {m.EnvId}")
            .Add("seed", m.Seed.ToString(CultureInfo.InvariantCulture))
            .Add("steps", interrupted || m.NumTimesteps < m.LearnTargetTimesteps
                ? $"{m.NumTimesteps:N0} of {m.LearnTargetTimesteps:N0} (stopped)"
                : m.NumTimesteps.ToString("N0", CultureInfo.InvariantCulture));
        if (_resumedFrom >= 0) table.Add("resumed from", $"step {_resumedFrom:N0}");
        table.Add("time", string.Create(CultureInfo.InvariantCulture, $"{seconds:F1} s ({rate:N0} steps/s)"))
            .Add("episodes", w.TotalEpisodes.ToString("N0", CultureInfo.InvariantCulture))
            .Add($"return, last {w.Count} episodes", w.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"{w.MeanReturn:F1} ± {w.StdReturn:F1}") : "–");
        if (final is not null)
            table.Add("evaluation", string.Create(CultureInfo.InvariantCulture, $"{final.MeanReturn:F1} ± {final.StdReturn:F1} over {final.Returns.Count} episodes (deterministic)"));
        if (evaluation?.Best is { } best)
            table.Add("best evaluation", string.Create(CultureInfo.InvariantCulture, $"{best.MeanReward:F1} at step {best.Timesteps:N0} ({TrainingRun.BestModelFile})"));
        if (evaluation?.ThresholdReachedAt is long reached)
            table.Add("target reached", string.Create(CultureInfo.InvariantCulture, $"{evaluation.StopAtMeanReward} at step {reached:N0}"));
        var files = new List<string> { TrainingRun.ModelFile };
        if (evaluation?.Best is not null) files.Add(TrainingRun.BestModelFile);
        files.Add(Path.GetFileName(report));
        if (LastCheckpoint is { } checkpoint) files.Add(Path.Combine(TrainingRun.CheckpointDirectory, Path.GetFileName(checkpoint)));
        table.Add("run directory", RunDirectory).Add("files", string.Join(" · ", files));
        table.Write(_output);
        if (_algorithm.NotResumableBecause is null && (interrupted || (m.RemainingTimesteps > 0 && evaluation?.ThresholdReachedAt is null)))
            _output.WriteLine($"Stopped at step {m.NumTimesteps:N0}; continue with: ascent train {_algorithm.Name} --resume {RunDirectory}");
        else
            _output.WriteLine($"Next: ascent eval {Path.Combine(RunDirectory, TrainingRun.ModelFile)}   ·   ascent export {Path.Combine(RunDirectory, TrainingRun.ModelFile)} policy.onnx");
    }

    /// <summary>Disposes the model (its environments and logger).</summary>
    public void Dispose() => _model.Dispose();
}
