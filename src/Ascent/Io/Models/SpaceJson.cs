using System.Text.Json;
using Ascent.Environments.Spaces;

namespace Ascent.Io.Models;

/// <summary>
/// Observation and action spaces as JSON in a model file, e.g. <c>{"type":"discrete","n":2,"start":0}</c> or
/// <c>{"type":"box","shape":[3],"low":-8,"high":[1,1,8]}</c> (bounds as one number when uniform, infinite
/// bounds as <c>"inf"</c>/<c>"-inf"</c>). Reading maps the closed set of type names to constructors; no type is
/// ever looked up by name.
/// </summary>
internal static class SpaceJson
{
    /// <summary>The most elements a space in a model file may have (keeps a tiny file from describing a huge box).</summary>
    public const int MaxElements = 1 << 20;

    public static void Write(Utf8JsonWriter w, Space space)
    {
        w.WriteStartObject();
        switch (space)
        {
            case Discrete d:
                w.WriteString("type", "discrete");
                w.WriteNumber("n", d.N);
                w.WriteNumber("start", d.Start);
                break;
            case Box b:
                w.WriteString("type", "box");
                w.WriteStartArray("shape");
                foreach (int s in b.Shape) w.WriteNumberValue(s);
                w.WriteEndArray();
                WriteBounds(w, "low", b.Low);
                WriteBounds(w, "high", b.High);
                break;
            case MultiDiscrete md:
                w.WriteString("type", "multi_discrete");
                w.WriteStartArray("nvec");
                foreach (int n in md.Nvec) w.WriteNumberValue(n);
                w.WriteEndArray();
                break;
            case MultiBinary mb:
                w.WriteString("type", "multi_binary");
                w.WriteNumber("n", mb.N);
                break;
            default:
                throw new NotSupportedException($"Model file: the space type {space.GetType().Name} ({space}) cannot be saved; supported are Discrete, Box, MultiDiscrete and MultiBinary.");
        }
        w.WriteEndObject();
    }

    private static void WriteBounds(Utf8JsonWriter w, string name, ReadOnlySpan<float> values)
    {
        bool uniform = true;
        foreach (float v in values) if (v.CompareTo(values[0]) != 0) { uniform = false; break; }
        w.WritePropertyName(name);
        if (uniform) WriteFloat(w, values[0]);
        else
        {
            w.WriteStartArray();
            foreach (float v in values) WriteFloat(w, v);
            w.WriteEndArray();
        }
    }

    private static void WriteFloat(Utf8JsonWriter w, float v)
    {
        if (float.IsPositiveInfinity(v)) w.WriteStringValue("inf");
        else if (float.IsNegativeInfinity(v)) w.WriteStringValue("-inf");
        else w.WriteNumberValue(v);
    }

    /// <summary>A canonical compact JSON text of the space, used to compare spaces exactly.</summary>
    public static string Canonical(Space space)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms)) Write(w, space);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Rebuilds a space; <paramref name="where"/> names the field for error messages.</summary>
    public static Space Read(JsonElement e, string where, string source)
    {
        ModelFormatException Bad(string problem) => new(source, $"metadata.json: {where}: {problem}");
        if (e.ValueKind != JsonValueKind.Object) throw Bad("not a JSON object.");
        string type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : throw Bad("no 'type' string.");
        try
        {
            switch (type)
            {
                case "discrete":
                    return new Discrete(Int(e, "n", 1, int.MaxValue, Bad), Int(e, "start", int.MinValue, int.MaxValue, Bad));
                case "multi_binary":
                    return new MultiBinary(Int(e, "n", 1, MaxElements, Bad));
                case "multi_discrete":
                {
                    var nvec = IntArray(e, "nvec", Bad);
                    return new MultiDiscrete(nvec);
                }
                case "box":
                {
                    var shape = IntArray(e, "shape", Bad);
                    long size = 1;
                    foreach (int d in shape)
                    {
                        if (d <= 0) throw Bad($"box shape {Ascent.Numerics.Tensor.Format(shape)} has a non-positive dimension.");
                        size *= d;
                        if (size > MaxElements) throw Bad($"box shape {Ascent.Numerics.Tensor.Format(shape)} has more than {MaxElements} elements.");
                    }
                    if (shape.Length == 0) throw Bad("box shape is empty.");
                    var low = Bounds(e, "low", (int)size, Bad);
                    var high = Bounds(e, "high", (int)size, Bad);
                    return new Box(low, high, shape);
                }
                default:
                    throw Bad($"unknown space type '{ModelNames.Printable(type)}' (allowed: discrete, box, multi_discrete, multi_binary).");
            }
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException(source, $"metadata.json: {where}: {ex.Message}", ex);
        }
    }

    private static int Int(JsonElement e, string name, int min, int max, Func<string, ModelFormatException> bad)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int x) || x < min || x > max)
            throw bad($"'{name}' must be an integer in [{min}, {max}].");
        return x;
    }

    private static int[] IntArray(JsonElement e, string name, Func<string, ModelFormatException> bad)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
            throw bad($"'{name}' must be an array of integers.");
        int n = v.GetArrayLength();
        if (n > MaxElements) throw bad($"'{name}' has {n} entries, more than {MaxElements}.");
        var result = new int[n];
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out result[i]))
                throw bad($"'{name}' entry {i} is not a 32-bit integer.");
            i++;
        }
        return result;
    }

    private static float[] Bounds(JsonElement e, string name, int size, Func<string, ModelFormatException> bad)
    {
        if (!e.TryGetProperty(name, out var v)) throw bad($"no '{name}' bounds.");
        if (v.ValueKind == JsonValueKind.Array)
        {
            if (v.GetArrayLength() != size) throw bad($"'{name}' has {v.GetArrayLength()} values but the shape needs {size}.");
            var result = new float[size];
            int i = 0;
            foreach (var item in v.EnumerateArray()) result[i++] = Float(item, name, bad);
            return result;
        }
        var all = new float[size];
        Array.Fill(all, Float(v, name, bad));
        return all;
    }

    private static float Float(JsonElement v, string name, Func<string, ModelFormatException> bad)
    {
        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString() switch
            {
                "inf" => float.PositiveInfinity,
                "-inf" => float.NegativeInfinity,
                _ => throw bad($"'{name}' holds a string other than \"inf\" or \"-inf\"."),
            };
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetSingle(out float f) || !float.IsFinite(f))
            throw bad($"'{name}' holds a value that is not a finite float32 number, \"inf\" or \"-inf\".");
        return f;
    }
}
