namespace Ascent.Search;

/// <summary>
/// Hill climbing with an adaptive step: the (1+λ) evolution strategy with Rechenberg's 1/5th success rule.
/// </summary>
/// <remarks>
/// <para>Each generation perturbs the parent x with Gaussian steps, yₖ = x + σ zₖ, zₖ ~ N(0, I), k = 1…λ.
/// If the best offspring is at least as good as the parent, it becomes the parent (a success).</para>
/// <para>Step-size rule (Rechenberg 1973; the exponential form of Kern et al. 2004):
/// σ ← σ · exp( (1/d) · (s − p) / (1 − p) ) with s = 1 on success and 0 otherwise, target rate p = 1/5 and
/// damping d = √(n+1). σ grows by e^{1/d} on a success and shrinks by e^{−1/(4d)} on a failure, so it is
/// stationary when one generation in five succeeds: far from an optimum steps are too small and succeed
/// often (σ grows); close to it steps overshoot and fail (σ shrinks).</para>
/// <para>The first generation also evaluates the start point, the initial parent.</para>
/// </remarks>
public sealed class HillClimbing : SearchMethod
{
    private readonly HillClimbingOptions _options;
    private readonly double[] _parent;
    private readonly double _damping;
    private double _parentFitness = double.NegativeInfinity;
    private double _sigma;
    private bool _parentEvaluated;

    /// <summary>Starts at <paramref name="start"/>.</summary>
    public HillClimbing(ReadOnlySpan<double> start, HillClimbingOptions? options = null, ulong seed = 0)
        : base(start, seed)
    {
        options ??= new HillClimbingOptions();
        const string prefix = nameof(HillClimbingOptions) + ".";
        OptionCheck.Positive(prefix + nameof(options.InitialStepSize), options.InitialStepSize);
        OptionCheck.AtLeast(prefix + nameof(options.Offspring), options.Offspring, 1);
        if (!(options.TargetSuccessRate > 0 && options.TargetSuccessRate < 1))
            throw new ArgumentOutOfRangeException(prefix + nameof(options.TargetSuccessRate), options.TargetSuccessRate,
                $"{prefix}{nameof(options.TargetSuccessRate)} = {options.TargetSuccessRate} is out of range: it must be in (0, 1).");
        if (options.Damping is double d) OptionCheck.Positive(prefix + nameof(options.Damping), d);
        _options = options;
        _parent = start.ToArray();
        _sigma = options.InitialStepSize;
        _damping = options.Damping ?? Math.Sqrt(Dimension + 1.0);
    }

    /// <inheritdoc/>
    public override string Name => "hill";

    /// <summary>The parent.</summary>
    public override ReadOnlySpan<double> Current => _parent;

    /// <summary>σ, the current step size.</summary>
    public override double StepSize => _sigma;

    /// <summary>The fitness the parent was accepted (or last re-evaluated) with.</summary>
    public double ParentFitness => _parentFitness;

    private bool ParentInPopulation => !_parentEvaluated || _options.ReevaluateParent;

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        int first = ParentInPopulation ? 1 : 0;
        population.Resize(first + _options.Offspring);
        if (first == 1) _parent.CopyTo(population.Row(0));
        for (int k = first; k < population.Count; k++)
        {
            var y = population.Row(k);
            for (int i = 0; i < Dimension; i++) y[i] = _parent[i] + _sigma * Random.Normal(); // yₖ = x + σ zₖ
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        int first = ParentInPopulation ? 1 : 0;
        if (first == 1) _parentFitness = fitness[0];
        _parentEvaluated = true;

        int bestChild = first;
        for (int k = first + 1; k < fitness.Length; k++)
            if (fitness[k] > fitness[bestChild]) bestChild = k;

        bool success = fitness[bestChild] >= _parentFitness;
        if (success)
        {
            Candidates[bestChild].CopyTo(_parent);
            _parentFitness = fitness[bestChild];
        }
        double p = _options.TargetSuccessRate;
        _sigma *= Math.Exp(((success ? 1 : 0) - p) / (1 - p) / _damping);
    }
}
