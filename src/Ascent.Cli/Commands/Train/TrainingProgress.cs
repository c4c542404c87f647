using System.Diagnostics;
using System.Globalization;
using Ascent.Algorithms.GradientFree;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Spectre.Console;

namespace Ascent.Cli.Commands.Train;

/// <summary>
/// The progress of a training run: a Spectre.Console live bar when the output is an interactive terminal, otherwise
/// a plain line every <see cref="PlainInterval"/> seconds (<c>steps 40000/500000 (8%)  ep_rew_mean 123.4  fps 105000</c>);
/// for a policy search, one line per generation instead (<c>gen 7  steps 21345/50000 (43%)  best 500.0  mean 212.3  std 151.2  σ 0.41</c>).
/// </summary>
internal sealed class TrainingProgress : TrainingCallback
{
    private const double PlainInterval = 5.0;
    private readonly TextWriter? _plain;
    private ProgressTask? _bar;
    private long _lastReport;

    private TrainingProgress(TextWriter? plain) => _plain = plain;

    /// <summary>Runs <paramref name="train"/> with progress shown on <paramref name="output"/> (nothing when it is null).</summary>
    public static void Run(TextWriter? output, Action<TrainingCallback?> train)
    {
        if (output is null) { train(null); return; }
        bool live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!live) { train(new TrainingProgress(output)); return; }
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var progress = new TrainingProgress(null) { _bar = ctx.AddTask("training", maxValue: 1.0) };
                train(progress);
                progress._bar.Value = progress._bar.MaxValue;
            });
    }

    /// <inheritdoc />
    public override void OnTrainingStart(TrainingContext context) => _lastReport = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override void OnRolloutEnd(TrainingContext context)
    {
        if (context.Algorithm is not PolicySearch { LastGeneration: { } g } search) return;
        long done = context.NumTimesteps - context.StartTimesteps, total = context.TargetTimesteps - context.StartTimesteps;
        double fraction = total > 0 ? Math.Min(1.0, (double)done / total) : 1.0;
        string eval = search.Settings.EvalEpisodes > 0 && search.LastEvaluation is { } e ? string.Create(CultureInfo.InvariantCulture, $"  eval {e.MeanReturn:F1}") : "";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"gen {g.Generation}  steps {context.NumTimesteps}/{context.TargetTimesteps} ({100 * fraction:F0}%)  best {g.Best:F1}  mean {g.Mean:F1}  std {g.Std:F1}  σ {g.StepSize:G3}{eval}");
        if (_bar is not null)
        {
            _bar.Value = fraction;
            _bar.Description = Markup.Escape(line);
            return;
        }
        _plain!.WriteLine(line);
    }

    /// <inheritdoc />
    public override bool OnStep(TrainingContext context)
    {
        if (context.Algorithm is PolicySearch) return true; // reported per generation

        long now = Stopwatch.GetTimestamp();
        double since = Stopwatch.GetElapsedTime(_lastReport, now).TotalSeconds;
        if (since < (_bar is null ? PlainInterval : 0.1)) return true;
        _lastReport = now;
        Report(context);
        return true;
    }

    /// <inheritdoc />
    public override void OnTrainingEnd(TrainingContext context)
    {
        if (context.Algorithm is not PolicySearch) Report(context);
    }

    private void Report(TrainingContext c)
    {
        long done = c.NumTimesteps - c.StartTimesteps, total = c.TargetTimesteps - c.StartTimesteps;
        double fraction = total > 0 ? Math.Min(1.0, (double)done / total) : 1.0;
        double fps = c.ElapsedSeconds > 0 ? done / c.ElapsedSeconds : 0;
        string reward = c.Episodes.Count > 0 ? c.Episodes.MeanReturn.ToString("F1", CultureInfo.InvariantCulture) : "–";
        if (_bar is not null)
        {
            _bar.Value = fraction;
            _bar.Description = $"{c.NumTimesteps:N0} steps  ep_rew_mean {Markup.Escape(reward)}  {fps:N0} steps/s";
            return;
        }
        _plain!.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steps {c.NumTimesteps}/{c.TargetTimesteps} ({100 * fraction:F0}%)  ep_rew_mean {reward}  episodes {c.Episodes.TotalEpisodes}  fps {fps:F0}"));
    }
}
