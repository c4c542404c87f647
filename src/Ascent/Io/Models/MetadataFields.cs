using System.Text.Json;
using Ascent.Environments.Spaces;

namespace Ascent.Io.Models;

/// <summary>The decoded and validated content of <c>metadata.json</c>.</summary>
internal sealed class MetadataFields
{
    public required int FormatVersion { get; init; }
    public required string Algorithm { get; init; }
    public required string EnvId { get; init; }
    public required Space ObservationSpace { get; init; }
    public required Space ActionSpace { get; init; }
    public required Dictionary<string, string> Options { get; init; }
    public required Dictionary<string, long> Counters { get; init; }
    /// <summary>Section name → the section's JSON text.</summary>
    public required Dictionary<string, string> Sections { get; init; }

    private static bool IsPlainText(string s) => s.Length is > 0 and <= ModelNames.MaxLength && !s.Any(char.IsControl);

    /// <summary>Validates <paramref name="bytes"/> (UTF-8 JSON); unknown top-level fields are ignored.</summary>
    public static MetadataFields Decode(byte[] bytes, string source)
    {
        ModelFormatException Bad(string problem, Exception? inner = null) => new(source, $"{ModelArchive.MetadataEntry}: {problem}", inner);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw Bad($"not valid JSON ({ex.Message}).", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("not a JSON object.");
            JsonElement Field(string name, JsonValueKind kind)
            {
                if (!root.TryGetProperty(name, out var v) || v.ValueKind != kind)
                    throw Bad($"the field '{name}' is missing or not a JSON {kind.ToString().ToLowerInvariant()}.");
                return v;
            }
            string format = Field("format", JsonValueKind.String).GetString()!;
            if (format != ModelWriter.FormatName)
                throw Bad($"the format is '{ModelNames.Printable(format)}', not '{ModelWriter.FormatName}'.");
            if (!Field("format_version", JsonValueKind.Number).TryGetInt32(out int version) || version < 1)
                throw Bad("'format_version' is not a positive integer.");
            if (version > ModelWriter.FormatVersion)
                throw Bad($"format version {version} was written by a newer Ascent; this build reads up to version {ModelWriter.FormatVersion}.");
            string algorithm = Field("algorithm", JsonValueKind.String).GetString()!;
            string envId = Field("env_id", JsonValueKind.String).GetString()!;
            if (!IsPlainText(algorithm) || !IsPlainText(envId))
                throw Bad($"'algorithm' and 'env_id' must be 1 to {ModelNames.MaxLength} printable characters.");

            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in Field("options", JsonValueKind.Object).EnumerateObject())
            {
                if (!ModelNames.IsValidKey(p.Name) || p.Value.ValueKind != JsonValueKind.String || !options.TryAdd(p.Name, p.Value.GetString()!))
                    throw Bad($"option '{ModelNames.Printable(p.Name)}' has an invalid or repeated name or a value that is not a string.");
            }
            var counters = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var p in Field("counters", JsonValueKind.Object).EnumerateObject())
            {
                if (!ModelNames.IsValidKey(p.Name) || p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out long v) || !counters.TryAdd(p.Name, v))
                    throw Bad($"counter '{ModelNames.Printable(p.Name)}' has an invalid or repeated name or a value that is not a 64-bit integer.");
            }
            var sections = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in Field("sections", JsonValueKind.Object).EnumerateObject())
            {
                if (!ModelNames.IsValidKey(p.Name) || p.Value.ValueKind != JsonValueKind.Object || !sections.TryAdd(p.Name, p.Value.GetRawText()))
                    throw Bad($"section '{ModelNames.Printable(p.Name)}' has an invalid or repeated name or is not a JSON object.");
            }
            return new MetadataFields
            {
                FormatVersion = version,
                Algorithm = algorithm,
                EnvId = envId,
                ObservationSpace = SpaceJson.Read(Field("observation_space", JsonValueKind.Object), "observation_space", source),
                ActionSpace = SpaceJson.Read(Field("action_space", JsonValueKind.Object), "action_space", source),
                Options = options,
                Counters = counters,
                Sections = sections,
            };
        }
    }
}
