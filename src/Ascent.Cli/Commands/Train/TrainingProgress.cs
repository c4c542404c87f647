using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ascent.Algorithms.GradientFree;
using Ascent.Training;
using Ascent.Training.Callbacks;
using Ascent.Training.Logging;
using Spectre.Console;

namespace Ascent.Cli.Commands.Train;

/// <summary>
/// The progress of a training run: a Spectre.Console live display (a bar with the percentage, elapsed time, ETA and
/// steps/s; then the steps, recent mean return, episodes, the last evaluation and the latest losses) when the output is an
/// interactive terminal, otherwise a plain line every
/// <see cref="PlainInterval"/> seconds, e.g.
/// <c>steps 40000/500000 (8%)  fps 105000  ETA 0:00:04  ep_rew_mean 123.4  eval 500.0  pg_loss -0.0123  value_loss 0.532</c>.
/// A policy search reports after every generation instead, with the generation's statistics in place of the losses
/// (<c>steps 21345/50000 (43%)  fps 95000  ETA 0:00:01  gen 7  best 500.0  mean 212.3  std 151.2  σ 0.41  eval 500.0</c>).
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
    private LiveDisplayContext? _live;
    private long _lastReport, _reportedSteps = -1;

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
        var progress = new TrainingProgress(null, evaluation, stopping);
        AnsiConsole.Live(new Text("starting…"))
            .AutoClear(false)
            .Start(live =>
            {
                progress._live = live;
                train(progress);
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
        bool generation = context.Algorithm is PolicySearch;           // one OnStep per generation: report every one
        if (!generation && since < (_live is null ? PlainInterval : 0.1)) return true;
        _lastReport = now;
        Report(context);
        return true;
    }

    /// <inheritdoc />
    public override void OnTrainingEnd(TrainingContext context)
    {
        if (context.Algorithm is not PolicySearch || context.NumTimesteps != _reportedSteps) Report(context); // a search's last generation is already shown
    }

    private void Report(TrainingContext c)
    {
        _reportedSteps = c.NumTimesteps;
        long done = c.NumTimesteps - c.StartTimesteps, total = c.TargetTimesteps - c.StartTimesteps;
        double fraction = total > 0 ? Math.Min(1.0, (double)done / total) : 1.0;
        long session = c.NumTimesteps - c.SessionStartTimesteps;
        double fps = c.ElapsedSeconds > 0 ? session / c.ElapsedSeconds : 0;
        string eta = fps > 0 && c.NumTimesteps < c.TargetTimesteps ? Duration((c.TargetTimesteps - c.NumTimesteps) / fps) : "0:00:00";
        string details = Details(c);
        string stopping = _stopping() ? "stopping: " : "";
        if (_live is not null)
        {
            int width = Math.Clamp(AnsiConsole.Profile.Width - 60, 10, 50), filled = (int)Math.Round(fraction * width);
            string bar = $"[green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/]";
            _live.UpdateTarget(new Rows(
                new Markup(string.Create(CultureInfo.InvariantCulture,
                    $"{Markup.Escape(stopping)}{bar} {100 * fraction,3:F0}%  elapsed {Duration(c.TotalElapsedSeconds)}  ETA {eta}  {fps:N0} steps/s")),
                new Text(string.Create(CultureInfo.InvariantCulture, $"steps {c.NumTimesteps:N0}/{c.TargetTimesteps:N0}{details}"))));
            _live.Refresh();
            return;
        }
        _plain!.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stopping}steps {c.NumTimesteps}/{c.TargetTimesteps} ({100 * fraction:F0}%)  fps {fps:F0}{(c.NumTimesteps < c.TargetTimesteps ? "  ETA " + eta : "")}{details}"));
    }

    /// <summary>
    /// "  ep_rew_mean 123.4  episodes 812  eval 500.0  pg_loss …": the returns, then the latest losses; for a policy search
    /// "  gen 7  best 500.0  mean 212.3  std 151.2  σ 0.41  eval 500.0": the last generation's fitness and step size.
    /// </summary>
    private string Details(TrainingContext c)
    {
        var text = new StringBuilder();
        if (c.Algorithm is PolicySearch { LastGeneration: { } g } search)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"  gen {g.Generation}  best {g.Best:F1}  mean {g.Mean:F1}  std {g.Std:F1}  σ {g.StepSize:G3}"));
            // The search's own evaluation after every generation (eval_episodes) is newer than the periodic one.
            double? eval = search.Settings.EvalEpisodes > 0 ? search.LastEvaluation?.MeanReturn : _evaluation?.Last?.MeanReward;
            if (eval is double v) text.Append("  eval ").Append(v.ToString("F1", CultureInfo.InvariantCulture));
            return text.ToString();
        }
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
