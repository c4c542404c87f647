namespace Ascent.Search;

/// <summary>
/// Orders a generation by fitness, best first; ties go to the lower candidate index, so the order is a
/// deterministic function of the fitness values. Also computes OpenAI-ES's centered ranks.
/// </summary>
public sealed class FitnessRanking
{
    private readonly Comparer _comparer = new();
    private int[] _order = [];
    private int _count;

    /// <summary>Candidate indices, best first, from the last <see cref="Rank"/>.</summary>
    public ReadOnlySpan<int> Order => _order.AsSpan(0, _count);

    /// <summary>Sorts the candidates by <paramref name="fitness"/>, best first.</summary>
    public void Rank(ReadOnlySpan<double> fitness)
    {
        _count = fitness.Length;
        if (_order.Length < _count)
        {
            _order = new int[_count];
            _comparer.Fitness = new double[_count];
        }
        fitness.CopyTo(_comparer.Fitness);
        for (int i = 0; i < _count; i++) _order[i] = i;
        Array.Sort(_order, 0, _count, _comparer);
    }

    /// <summary>
    /// Centered ranks (Salimans et al. 2017): the worst candidate gets −0.5, the best +0.5, the others evenly
    /// spaced by rank — fitness shaping that ignores the scale of returns and resists outliers.
    /// </summary>
    public void CenteredRanks(ReadOnlySpan<double> fitness, Span<double> shaped)
    {
        if (shaped.Length != fitness.Length)
            throw new ArgumentException($"FitnessRanking: {shaped.Length} outputs for {fitness.Length} fitness values.", nameof(shaped));
        Rank(fitness);
        int n = fitness.Length;
        if (n == 1) { shaped[0] = 0; return; }
        for (int place = 0; place < n; place++)
        {
            int rankFromWorst = n - 1 - place;
            shaped[_order[place]] = (double)rankFromWorst / (n - 1) - 0.5;
        }
    }

    private sealed class Comparer : IComparer<int>
    {
        public double[] Fitness = [];

        public int Compare(int a, int b)
        {
            int byFitness = Fitness[b].CompareTo(Fitness[a]); // descending
            return byFitness != 0 ? byFitness : a.CompareTo(b);
        }
    }
}
