using System.Text.Json;
using System.Text.Json.Nodes;
using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Numerics;

namespace Ascent.Io.Models;

/// <summary>
/// Reads an Ascent model file (see docs/model-format.md) safely: the whole file is validated — sizes,
/// checksums, header, every tensor's shape and byte range — before anything is handed out, nothing in
/// the file is executed or used to pick a type, and every problem is a <see cref="ModelFormatException"/>
/// saying what is wrong and where.
/// </summary>
/// <remarks>
/// Memory is bounded by the file: a file of n bytes allocates at most a small multiple of n (plus a
/// constant), whatever its header claims. Getters take the shape the caller expects and reject a tensor of
/// any other shape or dtype.
/// </remarks>
public sealed class ModelReader
{
    private readonly byte[] _store;
    private readonly int _dataStart;
    private readonly Dictionary<string, TensorInfo> _byName;
    private readonly Dictionary<string, string> _sections;

    private ModelReader(string source, byte[] store, int dataStart, IReadOnlyList<TensorInfo> tensors, MetadataFields meta)
    {
        Source = source;
        _store = store;
        _dataStart = dataStart;
        Tensors = tensors;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Algorithm = meta.Algorithm;
        EnvId = meta.EnvId;
        ObservationSpace = meta.ObservationSpace;
        ActionSpace = meta.ActionSpace;
        FormatVersion = meta.FormatVersion;
        Options = meta.Options;
        Counters = meta.Counters;
        _sections = meta.Sections;
    }

    /// <summary>Reads and validates the model file at <paramref name="path"/>.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid model (truncated, corrupt, too large, inconsistent).</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public static ModelReader Open(string path)
    {
        UserPath.RequireFile(path, "Model file");
        var info = new FileInfo(path);
        if (info.Length > ModelArchive.MaxFileBytes)
            throw new ModelFormatException(path, $"the file has {info.Length} bytes, more than the limit of {ModelArchive.MaxFileBytes}.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream, path);
    }

    /// <summary>Reads and validates a model file from <paramref name="stream"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="ModelFormatException">The content is not a valid model.</exception>
    public static ModelReader Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Read(ReadBounded(stream, sourceName), sourceName);
    }

    /// <summary>Reads and validates a model file held in memory.</summary>
    internal static ModelReader Read(byte[] file, string source)
    {
        var (metadata, store) = ModelArchive.Read(file, source);
        var meta = MetadataFields.Decode(metadata, source);
        var tensors = TensorStore.Decode(store, source, out int dataStart);
        return new ModelReader(source, store, dataStart, tensors, meta);
    }

    private static byte[] ReadBounded(Stream stream, string source)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > ModelArchive.MaxFileBytes)
                throw new ModelFormatException(source, $"the file has {remaining} bytes, more than the limit of {ModelArchive.MaxFileBytes}.");
            var exact = new byte[remaining];
            stream.ReadExactly(exact);
            return exact;
        }
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (ms.Length + n > ModelArchive.MaxFileBytes)
                throw new ModelFormatException(source, $"the stream holds more than the limit of {ModelArchive.MaxFileBytes} bytes.");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    /// <summary>Where the model was read from (path or the given source name).</summary>
    public string Source { get; }

    /// <summary>The format version of the file.</summary>
    public int FormatVersion { get; }

    /// <summary>The algorithm that wrote the model, e.g. <c>ppo</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The environment id the model was trained on.</summary>
    public string EnvId { get; }

    /// <summary>The observation space the model was trained on.</summary>
    public Space ObservationSpace { get; }

    /// <summary>The action space the model was trained on.</summary>
    public Space ActionSpace { get; }

    /// <summary>The algorithm's options as <c>key → value</c> in <c>--set</c> syntax (see <c>OptionsBinder.ApplySettings</c>).</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>The integer counters (e.g. <c>num_timesteps</c>).</summary>
    public IReadOnlyDictionary<string, long> Counters { get; }

    /// <summary>The names of the free-form sections.</summary>
    public IReadOnlyCollection<string> SectionNames => _sections.Keys;

    /// <summary>Every tensor in the file, in file order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Whether the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The counter <paramref name="name"/>.</summary>
    /// <exception cref="ModelFormatException">The file has no such counter.</exception>
    public long GetCounter(string name) =>
        Counters.TryGetValue(name, out long v) ? v
            : throw new ModelFormatException(Source, $"it has no counter '{name}' (counters: {List(Counters.Keys)}).");

    /// <summary>The counter <paramref name="name"/>, which must be at least <paramref name="min"/>.</summary>
    /// <exception cref="ModelFormatException">The file has no such counter, or it is below <paramref name="min"/>.</exception>
    public long GetCounter(string name, long min)
    {
        long v = GetCounter(name);
        return v >= min ? v : throw new ModelFormatException(Source, $"counter '{name}' = {v} is out of range: must be ≥ {min}.");
    }

    /// <summary>A copy of the free-form section <paramref name="name"/>.</summary>
    /// <exception cref="ModelFormatException">The file has no such section.</exception>
    public JsonObject GetSection(string name) =>
        _sections.TryGetValue(name, out var json)
            ? (JsonObject)JsonNode.Parse(json)!
            : throw new ModelFormatException(Source, $"it has no section '{name}' (sections: {List(_sections.Keys)}).");

    /// <summary>The float32 tensor <paramref name="name"/>, which must have shape <paramref name="expectedShape"/> (rank ≤ 4).</summary>
    /// <exception cref="ModelFormatException">The tensor is missing or has another dtype or shape.</exception>
    public Tensor GetTensor(string name, ReadOnlySpan<int> expectedShape)
    {
        var info = Find(name, TensorDType.Float32, expectedShape);
        var t = new Tensor(expectedShape.ToArray());
        TensorStore.CopyData(_store, _dataStart, info, t.Span);
        return t;
    }

    /// <summary>The float64 values of <paramref name="name"/>, which must have shape <paramref name="expectedShape"/>.</summary>
    public double[] GetFloat64(string name, ReadOnlySpan<int> expectedShape) => Get<double>(name, TensorDType.Float64, expectedShape);

    /// <summary>The int64 values of <paramref name="name"/>, which must have shape <paramref name="expectedShape"/>.</summary>
    public long[] GetInt64(string name, ReadOnlySpan<int> expectedShape) => Get<long>(name, TensorDType.Int64, expectedShape);

    /// <summary>The bytes of <paramref name="name"/>, which must have shape <paramref name="expectedShape"/>.</summary>
    public byte[] GetUInt8(string name, ReadOnlySpan<int> expectedShape) => Get<byte>(name, TensorDType.UInt8, expectedShape);

    /// <summary>The float32 values of <paramref name="name"/>, which must have shape <paramref name="expectedShape"/> (any rank ≤ 8).</summary>
    public float[] GetFloat32(string name, ReadOnlySpan<int> expectedShape) => Get<float>(name, TensorDType.Float32, expectedShape);

    /// <summary>
    /// Copies <c>params/&lt;name&gt;</c> into each parameter's value, checking every shape, and checks that
    /// the file holds no parameter the list lacks (a sign of another architecture).
    /// </summary>
    /// <exception cref="ModelFormatException">A parameter is missing, extra, or has another shape.</exception>
    public void LoadParameters(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var loaded = new List<(Parameter P, Tensor T)>();
        foreach (var p in parameters)
        {
            string name = ModelSections.Parameters + p.Name;
            expected.Add(name);
            var t = GetTensor(name, p.Value.Shape);
            CheckFinite(name, t.Span);
            loaded.Add((p, t));
        }
        var extra = Tensors.Where(t => t.Name.StartsWith(ModelSections.Parameters, StringComparison.Ordinal) && !expected.Contains(t.Name)).Select(t => t.Name).ToList();
        if (extra.Count > 0)
            throw new ModelFormatException(Source, $"it holds parameters the policy does not have: {List(extra)} (was it saved with another architecture?).");
        // Copy only after every check passed, so a failed load leaves the parameters untouched.
        foreach (var (p, t) in loaded) p.Value.CopyFrom(t);
    }

    /// <summary>The random-generator state <c>rng/&lt;name&gt;</c>, validated.</summary>
    public RngState GetRngState(string name)
    {
        string full = ModelSections.Rng + name;
        var w = GetInt64(full, [ModelWriter.RngStateWords]);
        if ((w[3] & 1) == 0) throw new ModelFormatException(Source, $"tensor '{full}': the generator increment is even, which PCG64 never produces.");
        if (w[5] is not (0 or 1)) throw new ModelFormatException(Source, $"tensor '{full}': the has-spare-normal flag is {w[5]}, not 0 or 1.");
        if (w[6] < 0 || w[6] > uint.MaxValue) throw new ModelFormatException(Source, $"tensor '{full}': children spawned {w[6]} is out of range [0, {uint.MaxValue}].");
        double spare = BitConverter.Int64BitsToDouble(w[4]);
        if (!double.IsFinite(spare)) throw new ModelFormatException(Source, $"tensor '{full}': the spare normal draw is not finite.");
        return new RngState(unchecked((ulong)w[0]), unchecked((ulong)w[1]), unchecked((ulong)w[2]), unchecked((ulong)w[3]), spare, w[5] == 1, (uint)w[6]);
    }

    /// <summary>The normaliser statistics <c>normalizer/&lt;name&gt;/…</c> for <paramref name="expectedSize"/> coordinates, validated.</summary>
    public NormalizerStatistics GetNormalizer(string name, int expectedSize)
    {
        string prefix = ModelSections.Normalizer + name + "/";
        var stats = new NormalizerStatistics(
            GetFloat64(prefix + "mean", [expectedSize]),
            GetFloat64(prefix + "var", [expectedSize]),
            GetFloat64(prefix + "count", [])[0]);
        try
        {
            stats.Validate($"normalizer '{name}'");
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException(Source, ex.Message, ex);
        }
        return stats;
    }

    /// <summary>Throws unless the model was written by <paramref name="algorithm"/>.</summary>
    /// <exception cref="IncompatibleModelException">It was written by another algorithm; the message names both.</exception>
    public void CheckAlgorithm(string algorithm)
    {
        if (!string.Equals(algorithm, Algorithm, StringComparison.OrdinalIgnoreCase))
            throw new IncompatibleModelException($"Model '{Source}' was saved by {Algorithm}, not {algorithm}; load it with {Algorithm}.");
    }

    /// <summary>Throws unless the model's spaces equal the environment's exactly (type, shape, bounds).</summary>
    /// <param name="envId">The environment's id, for the message.</param>
    /// <param name="observationSpace">The environment's observation space.</param>
    /// <param name="actionSpace">The environment's action space.</param>
    /// <exception cref="IncompatibleModelException">The spaces differ; the message names the model's and the environment's.</exception>
    public void CheckCompatible(string envId, Space observationSpace, Space actionSpace)
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        bool obsOk = SpaceJson.Canonical(observationSpace) == SpaceJson.Canonical(ObservationSpace);
        bool actOk = SpaceJson.Canonical(actionSpace) == SpaceJson.Canonical(ActionSpace);
        if (obsOk && actOk) return;
        string what = (obsOk, actOk) switch { (false, false) => "observation and action spaces", (false, true) => "observation space", _ => "action space" };
        throw new IncompatibleModelException(
            $"Model '{Source}' was saved for {EnvId} (observation space {ObservationSpace}, action space {ActionSpace}) " +
            $"and cannot be used with {envId} (observation space {observationSpace}, action space {actionSpace}): the {what} differ.");
    }

    // A saved parameter is never NaN or infinite (training stops before such an update is applied), so one is damage or forgery.
    private void CheckFinite(string name, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ModelFormatException(Source, $"tensor '{name}' holds the non-finite value {values[i]} at index {i}.");
    }

    private T[] Get<T>(string name, TensorDType dtype, ReadOnlySpan<int> expectedShape) where T : unmanaged
    {
        var info = Find(name, dtype, expectedShape);
        var values = new T[info.ElementCount];
        TensorStore.CopyData(_store, _dataStart, info, values.AsSpan());
        return values;
    }

    private TensorInfo Find(string name, TensorDType dtype, ReadOnlySpan<int> expectedShape)
    {
        if (!_byName.TryGetValue(name, out var info))
        {
            int slash = name.IndexOf('/');
            string section = slash > 0 ? name[..(slash + 1)] : "";
            var near = Tensors.Where(t => t.Name.StartsWith(section, StringComparison.Ordinal)).Select(t => t.Name).ToList();
            throw new ModelFormatException(Source, $"it has no tensor '{name}' ({(section.Length > 0 ? $"tensors under '{section}'" : "tensors")}: {List(near)}).");
        }
        if (info.DType != dtype)
            throw new ModelFormatException(Source, $"tensor '{name}' is {TensorDTypes.Name(info.DType)}, expected {TensorDTypes.Name(dtype)}.");
        if (!info.ShapeSpan.SequenceEqual(expectedShape))
            throw new ModelFormatException(Source, $"tensor '{name}' has shape {Tensor.Format(info.ShapeSpan)}, expected {Tensor.Format(expectedShape)}.");
        return info;
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        if (all.Count == 0) return "none";
        return all.Count <= 12 ? string.Join(", ", all) : string.Join(", ", all.Take(12)) + $", … ({all.Count} in all)";
    }
}
