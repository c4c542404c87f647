using System.Globalization;
using Ascent.Io;
using Ascent.Io.Reports;
using Ascent.Training.Logging;

namespace Ascent.Training;

/// <summary>
/// A training run's directory, <c>&lt;root&gt;/&lt;env&gt;__&lt;algo&gt;__&lt;seed&gt;__&lt;yyyyMMdd-HHmmss&gt;/</c>, as
/// <see cref="RunDirectory"/> and <c>ascent report</c> read it: the resolved options as <c>config.yaml</c>, the machine as
/// <c>machine.json</c>, a logger writing <c>progress.csv</c>, <c>progress.jsonl</c> and a TensorBoard event file, and the
/// names of what training adds: <c>checkpoints/</c>, <c>model.zip</c>, <c>best_model.zip</c>, <c>evaluations.csv</c>,
/// <c>report.html</c>.
/// </summary>
public static class TrainingRun
{
    /// <summary>The file name of the model saved at the end of a run.</summary>
    public const string ModelFile = "model.zip";

    /// <summary>The folder of a run's checkpoints (<c>checkpoint_&lt;step&gt;.zip</c>).</summary>
    public const string CheckpointDirectory = "checkpoints";

    /// <summary>The file name of the model with the best evaluation so far.</summary>
    public const string BestModelFile = "best_model.zip";

    /// <summary>The file name of the evaluations (one CSV row each).</summary>
    public const string EvaluationsFile = "evaluations.csv";

    /// <summary>The file name of the HTML report written at the end of a run.</summary>
    public const string ReportFile = "report.html";

    /// <summary>
    /// Creates the run directory for <paramref name="model"/> under <paramref name="root"/>, writes <c>config.yaml</c> (with
    /// <paramref name="command"/> as a comment) and <c>machine.json</c>, and points <paramref name="model"/>'s logger at it
    /// (plus a console table when <paramref name="console"/> is given). Returns the directory's path.
    /// </summary>
    public static string Start(BaseAlgorithm model, string root, string? command = null, TextWriter? console = null, DateTime? started = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(root);
        string stamp = (started ?? DateTime.Now).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string name = $"{Safe(model.EnvId)}__{model.AlgorithmName}__{model.Seed.ToString(CultureInfo.InvariantCulture)}__{stamp}";
        string path = Path.Combine(root, name);
        for (int k = 1; Directory.Exists(path); k++) path = Path.Combine(root, $"{name}-{k.ToString(CultureInfo.InvariantCulture)}");
        try
        {
            Directory.CreateDirectory(path);
            string comment = $"{model.AlgorithmName} on {model.EnvId}, seed {model.Seed.ToString(CultureInfo.InvariantCulture)}" + (command is null ? "" : $"\n{command}");
            File.WriteAllText(Path.Combine(path, RunDirectory.ConfigFile), model.OptionsYaml(comment));
            MachineInfo.WriteJson(Path.Combine(path, RunDirectory.MachineFile));
            Directory.CreateDirectory(Path.Combine(path, CheckpointDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create the run directory '{Path.GetFullPath(path)}' (under '{root}'): {e.Message}", e);
        }
        UseLogger(model, Logger.ForRunDirectory(path, console));
        return path;
    }

    /// <summary>
    /// Continues the run directory <paramref name="runDirectory"/> with <paramref name="model"/>, loaded from one of its
    /// checkpoints: rows of <c>progress.csv</c>, <c>progress.jsonl</c> and <see cref="EvaluationsFile"/> logged after the
    /// model's step (by the interrupted part of the run) are dropped, and the model's logger appends to the files; the new
    /// TensorBoard event file tells TensorBoard to drop those steps too.
    /// </summary>
    public static void Resume(BaseAlgorithm model, string runDirectory, TextWriter? console = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        long step = model.NumTimesteps;
        ProgressTruncation.Csv(Path.Combine(runDirectory, CsvSink.DefaultFileName), LogKeys.TotalTimesteps, step);
        ProgressTruncation.JsonLines(Path.Combine(runDirectory, JsonLinesSink.DefaultFileName), LogKeys.TotalTimesteps, step);
        ProgressTruncation.Csv(Path.Combine(runDirectory, EvaluationsFile), "timesteps", step);
        UseLogger(model, Logger.ForRunDirectory(runDirectory, console, appendCsv: true, resumeAfterStep: step));
    }

    /// <summary>The checkpoints of the run directory, keeping the newest <paramref name="keep"/>.</summary>
    public static CheckpointSeries Checkpoints(string runDirectory, int keep) => new(Path.Combine(runDirectory, CheckpointDirectory), keep);

    /// <summary>Writes the run's self-contained HTML report (<see cref="ReportFile"/>) and returns its path.</summary>
    public static string WriteReport(string runDirectory)
    {
        string path = Path.Combine(runDirectory, ReportFile);
        RunReport.Write([runDirectory], path);
        return path;
    }

    private static void UseLogger(BaseAlgorithm model, Logger logger)
    {
        var previous = model.Logger;
        model.Logger = logger;
        previous.Dispose();
    }

    /// <summary>The id with path separators and other unusual characters replaced by '-', and no "__" (the name's field separator).</summary>
    private static string Safe(string id)
    {
        var chars = id.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            bool plain = char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '-' or '.' or '_';
            if (!plain || (chars[i] == '_' && i > 0 && chars[i - 1] == '_')) chars[i] = '-';
        }
        return new string(chars);
    }
}
