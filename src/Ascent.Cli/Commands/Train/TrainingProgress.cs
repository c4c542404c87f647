using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;
using Spectre.Console;

namespace Ascent.Cli.Commands.Train;

/// <summary>
/// The progress of a training run: a Spectre.Console live bar (steps, steps/s, recent mean return, the last evaluation,
/// the latest losses; elapsed time and ETA) when the output is an interactive terminal, otherwise a plain line every
/// <see cref="PlainInterval"/> seconds, e.g.
/// <c>steps 40000/500000 (8%)  fps 105000  ETA 0:00:04  ep_rew_mean 123.4  eval 500.0  pg_loss -0.0123  value_loss 0.532</c>.
/// </summary>
internal sealed class TrainingProgress : TrainingCallback
{
    private const double PlainInterval = 5.0;

    /// <summary>The losses shown when an algorithm logs them, with their short labels.</summary>
    private static readonly (string Key, string Label)[] Losses =
    [
        (LogKeys.PolicyGradientLoss, "pg_loss"), (LogKeys.ValueLoss, "value_loss"), (LogKeys.ApproxKl, "approx_kl"), (LogKeys.Kl, "kl"),
    ];

    private readonly TextWriter? _plain;
    private readonly EvalCallback? _evaluation;
    private readonly Func<bool> _stopping;
    private ProgressTask? _bar;
    private long _lastReport;

    private TrainingProgress(TextWriter? plain, EvalCallback? evaluation, Func<bool> stopping)
    {
        _plain = plain;
        _evaluation = evaluation;
        _stopping = stopping;
    }

    /// <summary>
    /// Runs <paramref name="train"/> with progress shown on <paramref name="output"/> (nothing when it is null), showing the
    /// last result of <paramref name="evaluation"/> and "stopping" once <paramref name="stopping"/> returns true.
    /// </summary>
    public static void Run(TextWriter? output, EvalCallback? evaluation, Func<bool> stopping, Action<TrainingCallback?> train)
    {
        if (output is null) { train(null); return; }
        if (!IsLiveTerminal(output)) { train(new TrainingProgress(output, evaluation, stopping)); return; }
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var progress = new TrainingProgress(null, evaluation, stopping) { _bar = ctx.AddTask("training", maxValue: 1.0) };
                train(progress);
                progress._bar.Value = progress._bar.MaxValue;
            });
    }

    /// <summary>Whether <paramref name="output"/> is an interactive terminal (the process's standard output, not redirected).</summary>
    public static bool IsLiveTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <inheritdoc />
    public override void OnTrainingStart(TrainingContext context) => _lastReport = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override bool OnStep(TrainingContext context)
    {
        long now = Stopwatch.GetTimestamp();
        double since = Stopwatch.GetElapsedTime(_lastReport, now).TotalSeconds;
        if (since < (_bar is null ? PlainInterval : 0.1)) return true;
        _lastReport = now;
        Report(context);
        return true;
    }

    /// <inheritdoc />
    public override void OnTrainingEnd(TrainingContext context) => Report(context);

    private void Report(TrainingContext c)
    {
        long done = c.NumTimesteps - c.StartTimesteps, total = c.TargetTimesteps - c.StartTimesteps;
        double fraction = total > 0 ? Math.Min(1.0, (double)done / total) : 1.0;
        long session = c.NumTimesteps - c.SessionStartTimesteps;
        double fps = c.ElapsedSeconds > 0 ? session / c.ElapsedSeconds : 0;
        var details = Details(c);
        if (_bar is not null)
        {
            _bar.Value = fraction;
            _bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{(_stopping() ? "stopping: " : "")}{c.NumTimesteps:N0} steps  {fps:N0} steps/s{details}"));
            return;
        }
        string eta = fps > 0 && c.NumTimesteps < c.TargetTimesteps ? "  ETA " + Duration((c.TargetTimesteps - c.NumTimesteps) / fps) : "";
        _plain!.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(_stopping() ? "stopping: " : "")}steps {c.NumTimesteps}/{c.TargetTimesteps} ({100 * fraction:F0}%)  fps {fps:F0}{eta}{details}"));
    }

    /// <summary>"  ep_rew_mean 123.4  episodes 812  eval 500.0  pg_loss …": the returns, then the latest losses.</summary>
    private string Details(TrainingContext c)
    {
        var text = new StringBuilder();
        text.Append("  ep_rew_mean ").Append(c.Episodes.Count > 0 ? c.Episodes.MeanReturn.ToString("F1", CultureInfo.InvariantCulture) : "–");
        text.Append("  episodes ").Append(c.Episodes.TotalEpisodes.ToString(CultureInfo.InvariantCulture));
        if (_evaluation?.Last is { } e) text.Append("  eval ").Append(e.MeanReward.ToString("F1", CultureInfo.InvariantCulture));
        foreach (var (key, label) in Losses)
        {
            double v = c.Logger.Latest(key);
            if (double.IsFinite(v)) text.Append("  ").Append(label).Append(' ').Append(v.ToString("G4", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>h:mm:ss.</summary>
    internal static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "–";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}");
    }
}
