using System.Globalization;
using Ascent.Io.Reports;
using Ascent.Training.Logging;

namespace Ascent.Training;

/// <summary>
/// A training run's directory, <c>&lt;root&gt;/&lt;env&gt;__&lt;algo&gt;__&lt;seed&gt;__&lt;yyyyMMdd-HHmmss&gt;/</c>, as
/// <see cref="RunDirectory"/> and <c>ascent report</c> read it: the resolved options as <c>config.yaml</c>, the machine as
/// <c>machine.json</c>, and a logger writing <c>progress.csv</c>, <c>progress.jsonl</c> and a TensorBoard event file.
/// </summary>
public static class TrainingRun
{
    /// <summary>The file name of the model saved at the end of a run.</summary>
    public const string ModelFile = "model.zip";

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
        Directory.CreateDirectory(path);
        string comment = $"{model.AlgorithmName} on {model.EnvId}, seed {model.Seed.ToString(CultureInfo.InvariantCulture)}" + (command is null ? "" : $"\n{command}");
        File.WriteAllText(Path.Combine(path, RunDirectory.ConfigFile), model.OptionsYaml(comment));
        MachineInfo.WriteJson(Path.Combine(path, RunDirectory.MachineFile));
        var previous = model.Logger;
        model.Logger = Logger.ForRunDirectory(path, console);
        previous.Dispose();
        return path;
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
