using System.Text.Json;
using System.Text.Json.Nodes;
using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Numerics;

namespace Ascent.Io.Models;

/// <summary>
/// Collects what a model or checkpoint holds — spaces, options, counters, tensors — and writes it as an
/// Ascent model file (a zip; see docs/model-format.md), atomically when saved to a path.
/// </summary>
/// <remarks>
/// Every <c>Add</c> copies its data, so the caller may keep training while the writer is alive. A typical
/// checkpoint:
/// <code>
/// var w = new ModelWriter("ppo", env.Spec!.Id, env.ObservationSpace, env.ActionSpace);
/// w.SetOptions(OptionsBinder.ToSettings(options));
/// w.AddParameters(policy.Parameters);
/// w.Add("optim/adam.m/" + p.Name, m);           // optimizer moments
/// w.AddRngState("sampler", rng.GetState());
/// w.AddNormalizer("obs", obsNormalizer.Statistics);
/// w.SetCounter("num_timesteps", steps);
/// w.Save(path);
/// </code>
/// </remarks>
public sealed class ModelWriter
{
    /// <summary>The format name written to <c>metadata.json</c>.</summary>
    public const string FormatName = "ascent-model";

    /// <summary>The format version this build writes (and the newest it reads).</summary>
    public const int FormatVersion = 1;

    private readonly List<TensorStore.Pending> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, JsonObject> _sections = new(StringComparer.Ordinal);

    /// <summary>Starts a model of <paramref name="algorithm"/> trained on <paramref name="envId"/> with the given spaces.</summary>
    public ModelWriter(string algorithm, string envId, Space observationSpace, Space actionSpace)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        ArgumentException.ThrowIfNullOrEmpty(envId);
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        SpaceJson.Canonical(observationSpace); // fails early for unsupported space types
        SpaceJson.Canonical(actionSpace);
        Algorithm = algorithm; EnvId = envId; ObservationSpace = observationSpace; ActionSpace = actionSpace;
    }

    /// <summary>The algorithm name, e.g. <c>ppo</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The environment id, e.g. <c>CartPole-v1</c>.</summary>
    public string EnvId { get; }

    /// <summary>The observation space the model was trained on.</summary>
    public Space ObservationSpace { get; }

    /// <summary>The action space the model was trained on.</summary>
    public Space ActionSpace { get; }

    /// <summary>Records the algorithm's options as <c>key → value</c> texts in <c>--set</c> syntax
    /// (see <c>OptionsBinder.ToSettings</c>); replaces any options set before.</summary>
    public void SetOptions(IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _options.Clear();
        foreach (var (key, value) in settings)
        {
            CheckKey(key, "option");
            ArgumentNullException.ThrowIfNull(value);
            if (!_options.TryAdd(key, value)) throw new ArgumentException($"ModelWriter: option '{key}' is given twice.");
        }
    }

    /// <summary>Sets the integer counter <paramref name="name"/> (e.g. <c>num_timesteps</c>, <c>episodes</c>, <c>updates</c>).</summary>
    public void SetCounter(string name, long value)
    {
        CheckKey(name, "counter");
        _counters[name] = value;
    }

    /// <summary>Stores a free-form JSON object under <paramref name="name"/> (copied).</summary>
    public void SetSection(string name, JsonObject content)
    {
        CheckKey(name, "section");
        ArgumentNullException.ThrowIfNull(content);
        _sections[name] = (JsonObject)content.DeepClone();
    }

    /// <summary>Adds a float32 tensor with its shape.</summary>
    public void Add(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Add(name, TensorDType.Float32, tensor.Shape, TensorStore.ToBytes<float>(tensor.Data), tensor.Size);
    }

    /// <summary>Adds float32 values with the given shape.</summary>
    public void Add(string name, ReadOnlySpan<float> values, ReadOnlySpan<int> shape) =>
        Add(name, TensorDType.Float32, shape, TensorStore.ToBytes(values), values.Length);

    /// <summary>Adds float64 values with the given shape.</summary>
    public void Add(string name, ReadOnlySpan<double> values, ReadOnlySpan<int> shape) =>
        Add(name, TensorDType.Float64, shape, TensorStore.ToBytes(values), values.Length);

    /// <summary>Adds int64 values with the given shape.</summary>
    public void Add(string name, ReadOnlySpan<long> values, ReadOnlySpan<int> shape) =>
        Add(name, TensorDType.Int64, shape, TensorStore.ToBytes(values), values.Length);

    /// <summary>Adds bytes with the given shape.</summary>
    public void Add(string name, ReadOnlySpan<byte> values, ReadOnlySpan<int> shape) =>
        Add(name, TensorDType.UInt8, shape, values.ToArray(), values.Length);

    /// <summary>Adds each parameter's value as <c>params/&lt;name&gt;</c>.</summary>
    public void AddParameters(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters) Add(ModelSections.Parameters + p.Name, p.Value);
    }

    /// <summary>Adds a random-generator state as <c>rng/&lt;name&gt;</c> (int64[7]: state high/low, increment high/low,
    /// spare normal's bits, has-spare flag, children spawned).</summary>
    public void AddRngState(string name, RngState state)
    {
        long[] words =
        [
            unchecked((long)state.StateHigh), unchecked((long)state.StateLow),
            unchecked((long)state.IncHigh), unchecked((long)state.IncLow),
            BitConverter.DoubleToInt64Bits(state.SpareNormal), state.HasSpareNormal ? 1 : 0, state.ChildrenSpawned,
        ];
        Add(ModelSections.Rng + name, words, [RngStateWords]);
    }

    internal const int RngStateWords = 7;

    /// <summary>Adds normaliser statistics as <c>normalizer/&lt;name&gt;/mean</c>, <c>/var</c> and <c>/count</c>.</summary>
    public void AddNormalizer(string name, NormalizerStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        statistics.Validate($"ModelWriter.AddNormalizer('{name}')");
        string prefix = ModelSections.Normalizer + name + "/";
        Add(prefix + "mean", statistics.Mean, [statistics.Mean.Length]);
        Add(prefix + "var", statistics.Variance, [statistics.Variance.Length]);
        Add(prefix + "count", [statistics.Count], []);
    }

    /// <summary>Writes the model file to <paramref name="path"/> atomically (temporary file, fsync, rename):
    /// if anything fails, a previous file at <paramref name="path"/> is left intact.</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Writes the model file to <paramref name="destination"/>.</summary>
    public void WriteTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] tensors = TensorStore.Encode(_tensors);
        byte[] metadata = EncodeMetadata();
        long limit = ModelArchive.MaxEntryBytes(ModelArchive.MetadataEntry);
        if (metadata.Length > limit)
            throw new InvalidOperationException($"ModelWriter: metadata.json would take {metadata.Length} bytes, more than the {limit} a reader accepts (large non-uniform space bounds or sections?).");
        // Build the archive in memory so a failing destination never sees a half-built zip structure.
        using var buffer = new MemoryStream(capacity: tensors.Length + metadata.Length + 4096);
        ModelArchive.Write(buffer, metadata, tensors);
        buffer.Position = 0;
        buffer.CopyTo(destination);
    }

    private byte[] EncodeMetadata()
    {
        using var ms = new MemoryStream();
        // Relaxed escaping keeps quotes and non-ASCII readable; the file is never embedded in HTML.
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("format_version", FormatVersion);
            w.WriteString("algorithm", Algorithm);
            w.WriteString("env_id", EnvId);
            w.WritePropertyName("observation_space");
            SpaceJson.Write(w, ObservationSpace);
            w.WritePropertyName("action_space");
            SpaceJson.Write(w, ActionSpace);
            w.WriteStartObject("options");
            foreach (var (k, v) in _options) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteStartObject("counters");
            foreach (var (k, v) in _counters) w.WriteNumber(k, v);
            w.WriteEndObject();
            w.WriteStartObject("sections");
            foreach (var (k, v) in _sections)
            {
                w.WritePropertyName(k);
                v.WriteTo(w);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private void Add(string name, TensorDType dtype, ReadOnlySpan<int> shape, byte[] data, int count)
    {
        if (name is null || !ModelNames.IsValidTensorName(name))
            throw new ArgumentException($"ModelWriter: tensor name '{name}' is invalid (allowed: {ModelNames.TensorNameRule}).", nameof(name));
        if (shape.Length > TensorStore.MaxRank)
            throw new ArgumentException($"ModelWriter: tensor '{name}' has rank {shape.Length}; at most {TensorStore.MaxRank} is supported.", nameof(shape));
        long size = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"ModelWriter: tensor '{name}' has a negative dimension in shape {Tensor.Format(shape)}.", nameof(shape));
            size *= d;
            if (size > Array.MaxLength) throw new ArgumentException($"ModelWriter: tensor '{name}' shape {Tensor.Format(shape)} is too large.", nameof(shape));
        }
        if (size != count)
            throw new ArgumentException($"ModelWriter: tensor '{name}' has {count} values but shape {Tensor.Format(shape)} needs {size}.", nameof(shape));
        if (!_names.Add(name)) throw new ArgumentException($"ModelWriter: tensor '{name}' was already added.", nameof(name));
        if (_tensors.Count >= TensorStore.MaxTensors)
            throw new InvalidOperationException($"ModelWriter: a model file holds at most {TensorStore.MaxTensors} tensors.");
        _tensors.Add(new TensorStore.Pending(name, dtype, shape.ToArray(), data));
    }

    private static void CheckKey(string key, string what)
    {
        if (key is null || !ModelNames.IsValidKey(key))
            throw new ArgumentException($"ModelWriter: {what} name '{key}' is invalid (allowed: {ModelNames.KeyRule}).");
    }
}
