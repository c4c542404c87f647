using System.Text.Json;

namespace Ascent.Cli.Commands.Mdp;

/// <summary>JSON values of the <c>ascent mdp</c> commands: numbers (non-finite as null), vectors and S×A tables.</summary>
internal static class MdpJsonOutput
{
    public static void Number(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }

    public static void Vector(Utf8JsonWriter writer, double[] values)
    {
        writer.WriteStartArray();
        foreach (var v in values) Number(writer, v);
        writer.WriteEndArray();
    }

    public static void Table(Utf8JsonWriter writer, double[,] values)
    {
        writer.WriteStartArray();
        for (int i = 0; i < values.GetLength(0); i++)
        {
            writer.WriteStartArray();
            for (int j = 0; j < values.GetLength(1); j++) Number(writer, values[i, j]);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes one JSON object produced by <paramref name="write"/> on one line.</summary>
    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
