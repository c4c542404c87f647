namespace Ascent.Io.Config;

/// <summary>
/// An RL Zoo-style hyperparameter file: a YAML mapping from environment id to that environment's options,
/// e.g. <c>CartPole-v1: {n_envs: 8, learning_rate: lin_1e-3, …}</c>, with anchors and merge keys
/// (<c>&lt;&lt;: *defaults</c>) resolved and an optional <c>default</c> section used for ids not listed.
/// </summary>
public sealed class HyperparameterFile
{
    /// <summary>The largest file read (4 MiB).</summary>
    public const int MaxBytes = YamlConfigReader.MaxChars;

    private readonly List<KeyValuePair<string, ConfigMap>> _sections;

    private HyperparameterFile(string sourceName, List<KeyValuePair<string, ConfigMap>> sections)
    {
        SourceName = sourceName;
        _sections = sections;
    }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is not valid YAML or not a mapping of mappings.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public static HyperparameterFile Load(string path)
    {
        UserPath.RequireFile(path, "Hyperparameter file");
        var info = new FileInfo(path);
        if (info.Length > MaxBytes) throw new ConfigException($"{path}: the file has {info.Length} bytes, more than the limit of {MaxBytes}.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses YAML text; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="ConfigException">The text is not valid YAML or not a mapping of mappings.</exception>
    public static HyperparameterFile Parse(string yaml, string sourceName)
    {
        var root = YamlConfigReader.Parse(yaml, sourceName);
        var sections = new List<KeyValuePair<string, ConfigMap>>();
        if (root is null) return new HyperparameterFile(sourceName, sections);
        if (root is not ConfigMap map)
            throw new ConfigException($"{root.Source}: a hyperparameter file must be a mapping from environment id to options.");
        foreach (var (envId, value) in map.Entries)
        {
            if (value is not ConfigMap section)
                throw new ConfigException($"{value.Source}: the section '{envId}' must be a mapping of options, not {ValueConverter.Show(value)}.");
            sections.Add(new(envId, section));
        }
        return new HyperparameterFile(sourceName, sections);
    }

    /// <summary>Where the file came from.</summary>
    public string SourceName { get; }

    /// <summary>The section keys in file order (environment ids, and <c>default</c> or <c>atari</c> if present).</summary>
    public IReadOnlyList<string> EnvIds => _sections.Select(s => s.Key).ToList();

    /// <summary>Whether the file has a section for exactly <paramref name="envId"/>.</summary>
    public bool Contains(string envId) => _sections.Any(s => s.Key == envId);

    /// <summary>The options for <paramref name="envId"/>: its own section, else the <c>default</c> section.</summary>
    /// <exception cref="ConfigException">Neither exists; the message lists close environment ids.</exception>
    public ConfigMap Get(string envId)
    {
        foreach (var (id, section) in _sections)
            if (id == envId) return section;
        foreach (var (id, section) in _sections)
            if (id == "default") return section;
        string listed = _sections.Count == 0 ? "it has no sections" : "it has sections for " + string.Join(", ", _sections.Select(s => s.Key));
        throw new ConfigException($"{SourceName}: no hyperparameters for '{envId}' and no 'default' section.{NameSuggestions.DidYouMean(envId, _sections.Select(s => s.Key))} ({listed}.)");
    }
}
