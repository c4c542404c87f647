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
        string name = $"Ascent.Hyperparameters.{algorithm}.yml";
        using var stream = typeof(TunedHyperparameters).Assembly.GetManifestResourceStream(name);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return HyperparameterFile.Parse(reader.ReadToEnd(), $"hyperparams/{algorithm}.yml");
    }

    /// <summary>The tuned section of <paramref name="envId"/> for <paramref name="algorithm"/>, or null when there is none.</summary>
    public static ConfigMap? Section(string algorithm, string envId)
    {
        var file = For(algorithm);
        return file is not null && file.Contains(envId) ? file.Get(envId) : null;
    }
}
