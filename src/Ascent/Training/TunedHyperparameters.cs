using Ascent.Io.Config;

namespace Ascent.Training;

/// <summary>
/// The tuned hyperparameters shipped with Ascent (<c>hyperparams/&lt;algo&gt;.yml</c> in the repository, embedded in the
/// library): RL Baselines3 Zoo's settings per environment, in the Zoo's format.
/// </summary>
public static class TunedHyperparameters
{
    /// <summary>The file for <paramref name="algorithm"/> (e.g. <c>a2c</c>), or null when none is shipped.</summary>
    public static HyperparameterFile? For(string algorithm)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        return Load($"Ascent.Hyperparameters.{algorithm}.yml", $"hyperparams/{algorithm}.yml");
    }

    private static HyperparameterFile? Load(string resource, string source)
    {
        using var stream = typeof(TunedHyperparameters).Assembly.GetManifestResourceStream(resource);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return HyperparameterFile.Parse(reader.ReadToEnd(), source);
    }

    /// <summary>The names of the presets shipped for <paramref name="algorithm"/> (<c>hyperparams/presets/&lt;algo&gt;.&lt;preset&gt;.yml</c>), e.g. <c>cleanrl</c> for <c>ppo</c>.</summary>
    public static IReadOnlyList<string> Presets(string algorithm)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        string prefix = $"Ascent.Presets.{algorithm}.";
        return [.. typeof(TunedHyperparameters).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".yml", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^4]).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The section of <paramref name="envId"/> (or the preset's <c>default</c> section) in the preset
    /// <paramref name="preset"/> of <paramref name="algorithm"/>; an unknown preset is an error listing the shipped ones.
    /// </summary>
    public static ConfigMap Preset(string algorithm, string preset, string envId)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        ArgumentException.ThrowIfNullOrEmpty(preset);
        var file = Load($"Ascent.Presets.{algorithm}.{preset}.yml", $"hyperparams/presets/{algorithm}.{preset}.yml");
        if (file is null)
        {
            var known = Presets(algorithm);
            throw new ArgumentException($"--preset {preset}: no such preset for {algorithm}; " +
                (known.Count == 0 ? $"{algorithm} has no presets." : $"choose one of {string.Join(", ", known)}."));
        }
        return file.Get(envId);
    }

    /// <summary>The tuned section of <paramref name="envId"/> for <paramref name="algorithm"/>, or null when there is none.</summary>
    public static ConfigMap? Section(string algorithm, string envId)
    {
        var file = For(algorithm);
        return file is not null && file.Contains(envId) ? file.Get(envId) : null;
    }
}
