using Ascent.Environments.Vector;
using Ascent.Io.Models;

namespace Ascent.Training;

/// <summary>
/// Stores a training environment's <see cref="VectorEnvState"/> in a model file, one tensor per entry under a prefix
/// (<c>env/observations</c>, <c>env/inner/rng3</c>, …; float64 or int64), and reads it back.
/// </summary>
internal static class EnvironmentCheckpoint
{
    /// <summary>The prefix of an on-policy algorithm's environment state.</summary>
    public const string Prefix = "env/";

    /// <summary>Adds <paramref name="env"/>'s state under <paramref name="prefix"/> when it can save one (nothing otherwise).</summary>
    public static void Write(ModelWriter writer, VectorEnv env, string prefix)
    {
        if (!env.SupportsState) return;
        var state = new VectorEnvState();
        env.SaveState(state);
        foreach (var (name, values) in state.Reals) writer.Add(prefix + name, values, [values.Length]);
        foreach (var (name, values) in state.Integers) writer.Add(prefix + name, values, [values.Length]);
    }

    /// <summary>The state stored under <paramref name="prefix"/>, or null when the file holds none.</summary>
    public static VectorEnvState? Read(ModelReader reader, string prefix)
    {
        VectorEnvState? state = null;
        foreach (var t in reader.Tensors)
        {
            if (!t.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            state ??= new VectorEnvState();
            string name = t.Name[prefix.Length..];
            if (t.Shape.Count != 1)
                throw new ModelFormatException(reader.Source, $"environment-state tensor '{t.Name}' has shape {t}; a vector is expected.");
            int length = t.Shape[0];
            switch (t.DType)
            {
                case TensorDType.Float64: state.AddReal(name, reader.GetFloat64(t.Name, [length])); break;
                case TensorDType.Int64: state.AddInteger(name, reader.GetInt64(t.Name, [length])); break;
                default: throw new ModelFormatException(reader.Source, $"environment-state tensor '{t}' must be float64 or int64.");
            }
        }
        return state;
    }

    /// <summary>
    /// Restores <paramref name="env"/> from the state under <paramref name="prefix"/>; returns false (leaving the environment
    /// to be reset) when the file holds none or the environment cannot load one. A state that does not fit is an error.
    /// </summary>
    public static bool TryRestore(ModelReader reader, VectorEnv env, string prefix)
    {
        if (!env.SupportsState || Read(reader, prefix) is not { } state) return false;
        try
        {
            env.LoadState(state);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new ModelFormatException(reader.Source, $"its environment state does not fit {env.Name} with {env.NumEnvs} envs: {e.Message}", e);
        }
        return true;
    }
}
