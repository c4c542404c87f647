using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ascent.Io.Reports;

/// <summary>
/// A training run's directory, <c>runs/&lt;env&gt;__&lt;algo&gt;__&lt;seed&gt;__&lt;time&gt;/</c>, as the report reads it:
/// <c>progress.csv</c> (required), <c>config.yaml</c> and <c>machine.json</c> (optional).
/// </summary>
public sealed partial class RunDirectory
{
    /// <summary>The progress log's file name.</summary>
    public const string ProgressFile = "progress.csv";
    /// <summary>The resolved configuration's file name.</summary>
    public const string ConfigFile = "config.yaml";
    /// <summary>The machine description's file name.</summary>
    public const string MachineFile = "machine.json";

    private RunDirectory(string path, string name, string env, string algorithm, int? seed, string? started,
        ProgressTable progress, string? config, IReadOnlyList<KeyValuePair<string, string>> machine)
    {
        Path = path;
        Name = name;
        Env = env;
        Algorithm = algorithm;
        Seed = seed;
        Started = started;
        Progress = progress;
        Config = config;
        Machine = machine;
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The directory's name.</summary>
    public string Name { get; }

    /// <summary>The environment id (from the directory name, else <c>env</c>/<c>env_id</c> in the config, else "unknown").</summary>
    public string Env { get; }

    /// <summary>The algorithm (from the directory name, else <c>algo</c>/<c>algorithm</c> in the config, else "unknown").</summary>
    public string Algorithm { get; }

    /// <summary>The seed, if the directory name or the config gives one.</summary>
    public int? Seed { get; }

    /// <summary>The start time part of the directory name, if any.</summary>
    public string? Started { get; }

    /// <summary>The logged scalars.</summary>
    public ProgressTable Progress { get; }

    /// <summary>The text of <c>config.yaml</c>, if present.</summary>
    public string? Config { get; }

    /// <summary>The entries of <c>machine.json</c> (nested values as JSON text), empty if absent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Machine { get; }

    /// <summary>
    /// Reads a run directory; throws <see cref="DirectoryNotFoundException"/> or <see cref="FileNotFoundException"/> naming what is
    /// missing, <see cref="IOException"/> when a path is of the wrong kind (see <see cref="UserPath"/>), <see cref="FormatException"/>
    /// for a malformed <c>progress.csv</c> (see <see cref="ProgressTable"/>).
    /// </summary>
    public static RunDirectory Load(string path)
    {
        UserPath.RequireDirectory(path, "Run directory");
        string full = System.IO.Path.GetFullPath(path);
        string progressPath = System.IO.Path.Combine(full, ProgressFile);
        if (!File.Exists(progressPath) && !Directory.Exists(progressPath))
            throw new FileNotFoundException($"Run directory '{path}' has no {ProgressFile}.", progressPath);
        UserPath.RequireFile(progressPath, "Progress log");
        var progress = ProgressTable.Load(progressPath);

        string configPath = System.IO.Path.Combine(full, ConfigFile);
        string? config = File.Exists(configPath) ? File.ReadAllText(configPath) : null;
        string machinePath = System.IO.Path.Combine(full, MachineFile);
        var machine = File.Exists(machinePath) ? ReadMachine(machinePath) : [];

        string name = System.IO.Path.GetFileName(full.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var parts = name.Split("__");
        string? env = null, algo = null, started = null;
        int? seed = null;
        if (parts.Length >= 3)
        {
            env = parts[0];
            algo = parts[1];
            if (int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int s)) seed = s;
            if (parts.Length >= 4) started = string.Join("__", parts[3..]);
        }
        env ??= ConfigValue(config, "env", "env_id");
        algo ??= ConfigValue(config, "algo", "algorithm");
        if (seed is null && int.TryParse(ConfigValue(config, "seed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int configSeed)) seed = configSeed;
        return new RunDirectory(full, name, env ?? "unknown", algo ?? "unknown", seed, started, progress, config, machine);
    }

    private static List<KeyValuePair<string, string>> ReadMachine(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return [new("machine.json", doc.RootElement.GetRawText())];
            return [.. doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name,
                p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))];
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>A top-level <c>key: value</c> of a YAML text (the first of <paramref name="keys"/> found), without parsing the rest.</summary>
    private static string? ConfigValue(string? yaml, params string[] keys)
    {
        if (yaml is null) return null;
        foreach (var key in keys)
        {
            var match = Regex.Match(yaml, $@"^{Regex.Escape(key)}:[ \t]*['""]?([^'""\r\n#]+?)['""]?[ \t]*(#.*)?$", RegexOptions.Multiline);
            if (match.Success) return match.Groups[1].Value;
        }
        return null;
    }
}
