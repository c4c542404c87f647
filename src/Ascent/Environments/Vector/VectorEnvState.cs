using Ascent.Numerics;

namespace Ascent.Environments.Vector;

/// <summary>
/// The complete dynamic state of a vector environment as named arrays — each level's buffers, every copy's physics,
/// episode clock and random generator — so that a training checkpoint can continue stepping exactly as the environment
/// would have. Written by <see cref="VectorEnv.SaveState"/>, read by <see cref="VectorEnv.LoadState"/>; model files keep
/// it under <c>env/</c> (see <c>docs/model-format.md</c>).
/// </summary>
/// <remarks>
/// Values are kept as float64 (observations are float32, so they round-trip exactly) or int64 (counters and generator
/// words). <see cref="Nested"/> gives a view whose names carry a prefix, so wrappers store their own state beside the
/// wrapped environment's. A missing name or a length that does not fit is an <see cref="InvalidDataException"/> naming
/// both, never a silent default.
/// </remarks>
public sealed class VectorEnvState
{
    /// <summary>Words of a stored generator before its spawn key: state high/low, increment high/low, spare normal's bits, has-spare flag, children spawned, seed.</summary>
    private const int RngWords = 8;

    /// <summary>The longest spawn key a stored generator may have.</summary>
    private const int MaxSpawnKey = 64;

    private readonly SortedDictionary<string, double[]> _reals;
    private readonly SortedDictionary<string, long[]> _integers;
    private readonly string _prefix;

    /// <summary>An empty state.</summary>
    public VectorEnvState() : this(new(StringComparer.Ordinal), new(StringComparer.Ordinal), "") { }

    private VectorEnvState(SortedDictionary<string, double[]> reals, SortedDictionary<string, long[]> integers, string prefix)
    {
        _reals = reals;
        _integers = integers;
        _prefix = prefix;
    }

    /// <summary>The float64 arrays by full name.</summary>
    public IReadOnlyDictionary<string, double[]> Reals => _reals;

    /// <summary>The int64 arrays by full name.</summary>
    public IReadOnlyDictionary<string, long[]> Integers => _integers;

    /// <summary>A view of the same state whose names are prefixed with <paramref name="name"/><c>/</c>.</summary>
    public VectorEnvState Nested(string name)
    {
        CheckName(name);
        return new VectorEnvState(_reals, _integers, _prefix + name + "/");
    }

    /// <summary>Adds an array read back from storage under its full name (as <see cref="Reals"/> lists it).</summary>
    public void AddReal(string fullName, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckFullName(fullName);
        _reals[fullName] = values;
    }

    /// <summary>Adds an array read back from storage under its full name (as <see cref="Integers"/> lists it).</summary>
    public void AddInteger(string fullName, long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckFullName(fullName);
        _integers[fullName] = values;
    }

    /// <summary>Whether a real or integer array named <paramref name="name"/> (in this view) exists.</summary>
    public bool Contains(string name) => _reals.ContainsKey(_prefix + name) || _integers.ContainsKey(_prefix + name);

    /// <summary>Stores float64 values.</summary>
    public void Set(string name, ReadOnlySpan<double> values) => _reals[Full(name)] = values.ToArray();

    /// <summary>Stores float32 values (as float64, exactly).</summary>
    public void Set(string name, ReadOnlySpan<float> values)
    {
        var copy = new double[values.Length];
        for (int i = 0; i < values.Length; i++) copy[i] = values[i];
        _reals[Full(name)] = copy;
    }

    /// <summary>Stores integers.</summary>
    public void Set(string name, ReadOnlySpan<int> values)
    {
        var copy = new long[values.Length];
        for (int i = 0; i < values.Length; i++) copy[i] = values[i];
        _integers[Full(name)] = copy;
    }

    /// <summary>Stores a generator completely: its state, seed and spawn key.</summary>
    public void SetRng(string name, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var s = rng.GetState();
        var key = rng.SpawnKey;
        var words = new long[RngWords + key.Length];
        words[0] = unchecked((long)s.StateHigh);
        words[1] = unchecked((long)s.StateLow);
        words[2] = unchecked((long)s.IncHigh);
        words[3] = unchecked((long)s.IncLow);
        words[4] = BitConverter.DoubleToInt64Bits(s.SpareNormal);
        words[5] = s.HasSpareNormal ? 1 : 0;
        words[6] = s.ChildrenSpawned;
        words[7] = unchecked((long)rng.Seed);
        for (int i = 0; i < key.Length; i++) words[RngWords + i] = key[i];
        _integers[Full(name)] = words;
    }

    /// <summary>Reads float64 values into <paramref name="destination"/>, whose length must match.</summary>
    public void Get(string name, Span<double> destination) => RealsOf(name, destination.Length).CopyTo(destination);

    /// <summary>Reads float32 values into <paramref name="destination"/>, whose length must match.</summary>
    public void Get(string name, Span<float> destination)
    {
        var values = RealsOf(name, destination.Length);
        for (int i = 0; i < values.Length; i++) destination[i] = (float)values[i];
    }

    /// <summary>Reads integers into <paramref name="destination"/>, whose length must match; each must fit an <see cref="int"/>.</summary>
    public void Get(string name, Span<int> destination)
    {
        var values = IntegersOf(name, destination.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is < int.MinValue or > int.MaxValue)
                throw new InvalidDataException($"environment state '{Full(name)}': entry {i} = {values[i]} does not fit a 32-bit integer.");
            destination[i] = (int)values[i];
        }
    }

    /// <summary>Reads one integer.</summary>
    public int GetInt(string name)
    {
        Span<int> one = stackalloc int[1];
        Get(name, one);
        return one[0];
    }

    /// <summary>A new generator equal to the one stored by <see cref="SetRng"/>: same seed and spawn key, same state.</summary>
    public Rng GetRng(string name)
    {
        string full = Full(name);
        if (!_integers.TryGetValue(full, out var w))
            throw new InvalidDataException($"environment state '{full}' (a random generator) is missing.");
        if (w.Length < RngWords || w.Length > RngWords + MaxSpawnKey)
            throw new InvalidDataException($"environment state '{full}' has {w.Length} words; a random generator has {RngWords} plus a spawn key of at most {MaxSpawnKey}.");
        if (w[5] is not (0 or 1) || w[6] is < 0 or > uint.MaxValue)
            throw new InvalidDataException($"environment state '{full}' is not a valid generator state (spare flag {w[5]}, children {w[6]}).");
        var key = new uint[w.Length - RngWords];
        for (int i = 0; i < key.Length; i++)
        {
            if (w[RngWords + i] is < 0 or > uint.MaxValue)
                throw new InvalidDataException($"environment state '{full}': spawn-key word {i} = {w[RngWords + i]} is not a 32-bit unsigned integer.");
            key[i] = (uint)w[RngWords + i];
        }
        var rng = new Rng(unchecked((ulong)w[7]), key);
        try
        {
            rng.SetState(new RngState(unchecked((ulong)w[0]), unchecked((ulong)w[1]), unchecked((ulong)w[2]), unchecked((ulong)w[3]),
                BitConverter.Int64BitsToDouble(w[4]), w[5] == 1, (uint)w[6]));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"environment state '{full}': {e.Message}", e);
        }
        return rng;
    }

    private double[] RealsOf(string name, int length)
    {
        string full = Full(name);
        if (!_reals.TryGetValue(full, out var values))
            throw new InvalidDataException($"environment state '{full}' is missing.");
        if (values.Length != length)
            throw new InvalidDataException($"environment state '{full}' has {values.Length} values; this environment needs {length}.");
        return values;
    }

    private long[] IntegersOf(string name, int length)
    {
        string full = Full(name);
        if (!_integers.TryGetValue(full, out var values))
            throw new InvalidDataException($"environment state '{full}' is missing.");
        if (values.Length != length)
            throw new InvalidDataException($"environment state '{full}' has {values.Length} values; this environment needs {length}.");
        return values;
    }

    private string Full(string name)
    {
        CheckName(name);
        return _prefix + name;
    }

    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                throw new ArgumentException($"VectorEnvState: name '{name}' may use only letters, digits, '_', '-' and '.'.", nameof(name));
    }

    private static void CheckFullName(string fullName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullName);
        foreach (var part in fullName.Split('/')) CheckName(part);
    }
}
