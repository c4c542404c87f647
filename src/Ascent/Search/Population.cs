namespace Ascent.Search;

/// <summary>
/// The candidates of one generation: <see cref="Count"/> parameter vectors of length <see cref="Dimension"/>,
/// stored row by row in one array that is reused from generation to generation.
/// </summary>
public sealed class Population
{
    private double[] _values;

    /// <summary>Creates an empty population of vectors of length <paramref name="dimension"/>.</summary>
    public Population(int dimension, int capacity = 0)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Population: the dimension must be at least 1.");
        if (capacity < 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Population: the capacity must be non-negative.");
        Dimension = dimension;
        _values = new double[checked(dimension * capacity)];
    }

    /// <summary>The length of each candidate.</summary>
    public int Dimension { get; }

    /// <summary>The number of candidates.</summary>
    public int Count { get; private set; }

    /// <summary>Candidate <paramref name="index"/> (read-only).</summary>
    public ReadOnlySpan<double> this[int index] => Row(index);

    /// <summary>Candidate <paramref name="index"/>, for the method that fills it.</summary>
    public Span<double> Row(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Population: candidate index must be in [0, {Count}).");
        return _values.AsSpan(index * Dimension, Dimension);
    }

    /// <summary>Sets the number of candidates, growing the storage if needed (existing rows are kept).</summary>
    public void Resize(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Population: the count must be non-negative.");
        int needed = checked(count * Dimension);
        if (needed > _values.Length) Array.Resize(ref _values, needed);
        Count = count;
    }

    /// <summary>Copies the candidates into a new array of arrays (for inspection and tests).</summary>
    public double[][] ToArrays()
    {
        var result = new double[Count][];
        for (int i = 0; i < Count; i++) result[i] = this[i].ToArray();
        return result;
    }
}
