using Ascent.Numerics;

namespace Ascent.Search;

/// <summary>
/// The common plumbing of the search methods: the ask/tell protocol, the best candidate so far and the
/// counters. A method implements <see cref="Sample"/> (propose a generation) and <see cref="Update"/> (learn
/// from its fitness), which read like the method's textbook description.
/// </summary>
public abstract class SearchMethod : ISearchMethod
{
    private readonly double[] _best;
    private bool _pending;

    /// <summary>Starts a search at <paramref name="start"/> with the method's generator seeded by <paramref name="seed"/>.</summary>
    /// <param name="start">The initial point; its length is the number of parameters (at least 1), every entry finite.</param>
    /// <param name="seed">Seeds the method's own generator (sampling candidates), independent of the evaluation seeds.</param>
    protected SearchMethod(ReadOnlySpan<double> start, ulong seed)
    {
        if (start.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(start), 0, $"{GetType().Name}: the parameter count is 0; the start vector must have at least 1 parameter.");
        for (int i = 0; i < start.Length; i++)
            if (!double.IsFinite(start[i]))
                throw new ArgumentException($"{GetType().Name}: start[{i}] = {start[i]} is not finite.", nameof(start));
        Dimension = start.Length;
        _best = start.ToArray();
        Random = new Rng(seed);
        Candidates = new Population(Dimension);
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public int Generation { get; private set; }

    /// <inheritdoc/>
    public long CandidatesEvaluated { get; private set; }

    /// <inheritdoc/>
    public ReadOnlySpan<double> Best => _best;

    /// <inheritdoc/>
    public double BestFitness { get; private set; } = double.NegativeInfinity;

    /// <inheritdoc/>
    public abstract ReadOnlySpan<double> Current { get; }

    /// <inheritdoc/>
    public abstract double StepSize { get; }

    /// <inheritdoc/>
    public virtual bool HasConverged => false;

    /// <summary>The method's random generator (used only inside <see cref="Sample"/> and <see cref="Update"/>).</summary>
    protected Rng Random { get; }

    /// <summary>The population handed out by <see cref="Ask"/>.</summary>
    protected Population Candidates { get; }

    /// <inheritdoc/>
    public Population Ask()
    {
        if (_pending) return Candidates;
        Sample(Candidates);
        if (Candidates.Count == 0) throw new InvalidOperationException($"{Name}: Sample proposed no candidates.");
        _pending = true;
        return Candidates;
    }

    /// <inheritdoc/>
    public void Tell(ReadOnlySpan<double> fitness)
    {
        if (!_pending) throw new InvalidOperationException($"{Name}: Tell called without a pending generation; call Ask first.");
        if (fitness.Length != Candidates.Count)
            throw new ArgumentException($"{Name}: Tell got {fitness.Length} fitness values for {Candidates.Count} candidates.", nameof(fitness));
        for (int i = 0; i < fitness.Length; i++)
            if (!double.IsFinite(fitness[i]))
                throw new ArgumentException($"{Name}: the fitness of candidate {i} is {fitness[i]}; fitness must be finite.", nameof(fitness));
        for (int i = 0; i < fitness.Length; i++)
        {
            if (fitness[i] > BestFitness)
            {
                BestFitness = fitness[i];
                Candidates[i].CopyTo(_best);
            }
        }
        Update(fitness);
        _pending = false;
        CandidatesEvaluated += fitness.Length;
        Generation++;
    }

    /// <summary>Writes the candidates of the next generation into <paramref name="population"/> (resize it first).</summary>
    protected abstract void Sample(Population population);

    /// <summary>Updates the method from the fitness of the candidates last sampled (finite, in candidate order).</summary>
    protected abstract void Update(ReadOnlySpan<double> fitness);
}
