namespace Ascent.Search;

/// <summary>
/// A real-coded genetic algorithm: tournament selection, uniform crossover, Gaussian mutation and elitism.
/// </summary>
/// <remarks>
/// <para>Generation 0 evaluates P members drawn around the start point, x₀ + σ₀ z. Each later generation:</para>
/// <list type="number">
/// <item>elitism: the E fittest members pass unchanged;</item>
/// <item>selection: each parent is the fittest of k members drawn uniformly with replacement (tournament);</item>
/// <item>crossover: with probability p_c a child takes each gene from one of two parents with probability ½
/// (uniform crossover), otherwise it copies the first parent;</item>
/// <item>mutation: each gene is mutated with probability p_m by adding σ_m·N(0, 1);</item>
/// <item>the P − E children are evaluated and, with the elites, form the next population.</item>
/// </list>
/// <para>σ_m is multiplied by <see cref="GeneticAlgorithmOptions.MutationDecay"/> after every generation.</para>
/// </remarks>
public sealed class GeneticAlgorithm : SearchMethod
{
    private readonly GeneticAlgorithmOptions _options;
    private readonly double _mutationRate;
    private double[][] _members;
    private double[] _memberFitness;
    private double[][] _next;
    private double[] _nextFitness;
    private readonly FitnessRanking _ranking = new();
    private double _mutationStd;
    private bool _initialized;

    /// <summary>Starts with a population around <paramref name="start"/>.</summary>
    public GeneticAlgorithm(ReadOnlySpan<double> start, GeneticAlgorithmOptions? options = null, ulong seed = 0)
        : base(start, seed)
    {
        options ??= new GeneticAlgorithmOptions();
        const string prefix = nameof(GeneticAlgorithmOptions) + ".";
        OptionCheck.AtLeast(prefix + nameof(options.PopulationSize), options.PopulationSize, 2);
        OptionCheck.InRange(prefix + nameof(options.EliteCount), options.EliteCount, 0, options.PopulationSize - 1);
        OptionCheck.InRange(prefix + nameof(options.TournamentSize), options.TournamentSize, 1, options.PopulationSize);
        OptionCheck.Probability(prefix + nameof(options.CrossoverRate), options.CrossoverRate);
        if (options.MutationRate is double pm) OptionCheck.Probability(prefix + nameof(options.MutationRate), pm);
        OptionCheck.Positive(prefix + nameof(options.MutationStd), options.MutationStd);
        OptionCheck.Fraction(prefix + nameof(options.MutationDecay), options.MutationDecay);
        OptionCheck.Positive(prefix + nameof(options.InitialStd), options.InitialStd);
        _options = options;
        _mutationRate = options.MutationRate ?? 1.0 / Dimension;
        _mutationStd = options.MutationStd;
        int p = options.PopulationSize;
        _members = NewMatrix(p, Dimension);
        _next = NewMatrix(p, Dimension);
        _memberFitness = new double[p];
        _nextFitness = new double[p];
        for (int m = 0; m < p; m++) start.CopyTo(_members[m]);
    }

    /// <inheritdoc/>
    public override string Name => "ga";

    /// <summary>The fittest member of the current population.</summary>
    public override ReadOnlySpan<double> Current => _initialized ? _members[_ranking.Order[0]] : _members[0];

    /// <summary>σ_m, the current mutation standard deviation.</summary>
    public override double StepSize => _mutationStd;

    private int Elites => _options.EliteCount;

    private int EvaluatedElites => _options.ReevaluateElites ? Elites : 0;

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        int p = _options.PopulationSize;
        if (!_initialized)
        {
            population.Resize(p);
            for (int m = 0; m < p; m++)
            {
                var x = population.Row(m);
                for (int i = 0; i < Dimension; i++) x[i] = _members[m][i] + _options.InitialStd * Random.Normal();
            }
            return;
        }
        population.Resize(EvaluatedElites + p - Elites);
        for (int e = 0; e < EvaluatedElites; e++) _members[_ranking.Order[e]].CopyTo(population.Row(e));
        for (int c = EvaluatedElites; c < population.Count; c++)
        {
            var child = population.Row(c);
            var mother = _members[Tournament()];
            if (Random.NextDouble() < _options.CrossoverRate)
            {
                var father = _members[Tournament()];
                for (int i = 0; i < Dimension; i++) child[i] = Random.NextDouble() < 0.5 ? mother[i] : father[i];
            }
            else mother.CopyTo(child);
            for (int i = 0; i < Dimension; i++)
                if (Random.NextDouble() < _mutationRate) child[i] += _mutationStd * Random.Normal();
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        int p = _options.PopulationSize;
        if (!_initialized)
        {
            for (int m = 0; m < p; m++) Candidates[m].CopyTo(_members[m]);
            fitness.CopyTo(_memberFitness);
            _initialized = true;
        }
        else
        {
            // Next population: the elites (re-evaluated or with their old fitness), then the children.
            for (int e = 0; e < Elites; e++)
            {
                int m = _ranking.Order[e];
                _members[m].CopyTo(_next[e]);
                _nextFitness[e] = e < EvaluatedElites ? fitness[e] : _memberFitness[m];
            }
            for (int c = EvaluatedElites; c < fitness.Length; c++)
            {
                int slot = Elites + c - EvaluatedElites;
                Candidates[c].CopyTo(_next[slot]);
                _nextFitness[slot] = fitness[c];
            }
            (_members, _next) = (_next, _members);
            (_memberFitness, _nextFitness) = (_nextFitness, _memberFitness);
            _mutationStd *= _options.MutationDecay;
        }
        _ranking.Rank(_memberFitness);
    }

    /// <summary>The index of the fittest of k members drawn uniformly with replacement.</summary>
    private int Tournament()
    {
        int winner = Random.Integer(_options.PopulationSize);
        for (int t = 1; t < _options.TournamentSize; t++)
        {
            int rival = Random.Integer(_options.PopulationSize);
            if (_memberFitness[rival] > _memberFitness[winner]) winner = rival;
        }
        return winner;
    }

    private static double[][] NewMatrix(int rows, int columns)
    {
        var m = new double[rows][];
        for (int r = 0; r < rows; r++) m[r] = new double[columns];
        return m;
    }
}
