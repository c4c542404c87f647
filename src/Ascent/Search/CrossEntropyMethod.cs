namespace Ascent.Search;

/// <summary>
/// The cross-entropy method (Rubinstein 1999; de Boer et al. 2005) with a diagonal Gaussian, as used for
/// policy search by Szita &amp; Lőrincz (2006).
/// </summary>
/// <remarks>
/// <para>Each generation:</para>
/// <list type="number">
/// <item>sample λ candidates xₖ = μ + σ ⊙ zₖ, zₖ ~ N(0, I);</item>
/// <item>keep the ⌈ρλ⌉ fittest (the elites);</item>
/// <item>fit the Gaussian to the elites — the maximum-likelihood (cross-entropy minimising) estimate:
/// μ̂ = mean of the elites, σ̂ᵢ² = their variance in coordinate i (divided by the elite count) + Zₜ, with the
/// extra noise Zₜ = max(a − c·t, 0);</item>
/// <item>smooth: μ ← αμ̂ + (1−α)μ, σ ← ασ̂ + (1−α)σ, then σᵢ ← max(σᵢ, floor).</item>
/// </list>
/// </remarks>
public sealed class CrossEntropyMethod : SearchMethod
{
    private readonly CrossEntropyMethodOptions _options;
    private readonly int _eliteCount;
    private readonly double[] _mean;
    private readonly double[] _std;
    private readonly double[] _eliteMean;
    private readonly FitnessRanking _ranking = new();

    /// <summary>Starts with the Gaussian N(<paramref name="start"/>, σ₀²I).</summary>
    public CrossEntropyMethod(ReadOnlySpan<double> start, CrossEntropyMethodOptions? options = null, ulong seed = 0)
        : base(start, seed)
    {
        options ??= new CrossEntropyMethodOptions();
        const string prefix = nameof(CrossEntropyMethodOptions) + ".";
        OptionCheck.AtLeast(prefix + nameof(options.PopulationSize), options.PopulationSize, 2);
        OptionCheck.Fraction(prefix + nameof(options.EliteFraction), options.EliteFraction);
        OptionCheck.Positive(prefix + nameof(options.InitialStd), options.InitialStd);
        OptionCheck.Fraction(prefix + nameof(options.Smoothing), options.Smoothing);
        OptionCheck.NonNegative(prefix + nameof(options.ExtraNoise), options.ExtraNoise);
        OptionCheck.NonNegative(prefix + nameof(options.ExtraNoiseDecrement), options.ExtraNoiseDecrement);
        OptionCheck.NonNegative(prefix + nameof(options.NoiseFloor), options.NoiseFloor);
        _options = options;
        _eliteCount = Math.Min(options.PopulationSize, (int)Math.Ceiling(options.EliteFraction * options.PopulationSize - 1e-9));
        _mean = start.ToArray();
        _std = new double[Dimension];
        Array.Fill(_std, options.InitialStd);
        _eliteMean = new double[Dimension];
    }

    /// <inheritdoc/>
    public override string Name => "cem";

    /// <summary>μ, the mean of the sampling distribution.</summary>
    public override ReadOnlySpan<double> Current => _mean;

    /// <summary>σ, the per-coordinate standard deviations.</summary>
    public ReadOnlySpan<double> StandardDeviations => _std;

    /// <summary>The mean of the per-coordinate standard deviations.</summary>
    public override double StepSize
    {
        get
        {
            double sum = 0;
            foreach (double s in _std) sum += s;
            return sum / _std.Length;
        }
    }

    /// <summary>The number of elites per generation, ⌈ρλ⌉.</summary>
    public int EliteCount => _eliteCount;

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        population.Resize(_options.PopulationSize);
        for (int k = 0; k < population.Count; k++)
        {
            var x = population.Row(k);
            for (int i = 0; i < Dimension; i++) x[i] = _mean[i] + _std[i] * Random.Normal(); // xₖ = μ + σ ⊙ zₖ
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        _ranking.Rank(fitness);
        var elites = _ranking.Order[.._eliteCount];
        double alpha = _options.Smoothing;
        double extraVariance = Math.Max(_options.ExtraNoise - _options.ExtraNoiseDecrement * Generation, 0); // Zₜ
        for (int i = 0; i < Dimension; i++)
        {
            double m = 0;
            foreach (int e in elites) m += Candidates[e][i];
            m /= _eliteCount;
            double variance = 0;
            foreach (int e in elites) { double d = Candidates[e][i] - m; variance += d * d; }
            variance = variance / _eliteCount + extraVariance;
            _eliteMean[i] = m;
            _std[i] = Math.Max(alpha * Math.Sqrt(variance) + (1 - alpha) * _std[i], _options.NoiseFloor);
        }
        for (int i = 0; i < Dimension; i++) _mean[i] = alpha * _eliteMean[i] + (1 - alpha) * _mean[i];
    }
}
