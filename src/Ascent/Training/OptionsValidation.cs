using Ascent.Io.Config;

namespace Ascent.Training;

/// <summary>
/// Checks an options record built in code exactly as a YAML file or <c>--set</c> would be checked (ranges, allowed
/// values, relations), so <c>new A2c(env, new A2cOptions { … })</c> rejects what the command line rejects.
/// </summary>
public static class OptionsValidation
{
    /// <summary>Returns <paramref name="options"/> (an equal record) or throws a <see cref="ConfigException"/> listing every problem, each naming the key, the value and the allowed range.</summary>
    public static T Validate<T>(T options) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        return OptionsBinder.ApplySettings(new T(), OptionsBinder.ToSettings(options), typeof(T).Name);
    }
}
