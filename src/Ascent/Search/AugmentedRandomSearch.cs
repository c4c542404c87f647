namespace Ascent.Search;

/// <summary>
/// Augmented random search (Mania, Guy &amp; Recht 2018, "Simple random search provides a competitive approach to
/// reinforcement learning"), versions V1/V2 with the top-b refinement (V1-t, V2-t).
/// </summary>
/// <remarks>
/// <para>Each generation, for parameters M (e.g. a linear policy's matrix, flattened):</para>
/// <list type="number">
/// <item>draw N directions δₖ ~ N(0, I) and evaluate the mirrored pair M + νδₖ and M − νδₖ, with returns r⁺ₖ, r⁻ₖ;</item>
/// <item>rank the directions by max(r⁺ₖ, r⁻ₖ) and keep the best b;</item>
/// <item>step: M ← M + α/(b σ_R) Σₖ (r⁺ₖ − r⁻ₖ) δₖ over the kept directions, where σ_R is the standard deviation
/// of their 2b returns (a scale-free step; when all 2b returns are equal there is no signal and M stays).</item>
/// </list>
/// <para>V2 differs only in what the policy sees: states normalised as diag(Σ)^{−½}(x − μ) with the mean and
/// variance of all states met so far, frozen during a generation. That lives with the policy-evaluating
/// objective (<see cref="GenerationObservationNormalizer"/> through <see cref="IGenerationHooks"/>); this
/// class tells it to via <see cref="NormalizesObservations"/>.</para>
/// </remarks>
public sealed class AugmentedRandomSearch : SearchMethod
{
    private readonly AugmentedRandomSearchOptions _options;
    private readonly int _top;
    private readonly double[] _m;
    private readonly double[][] _directions;
    private readonly double[] _scores;
    private readonly FitnessRanking _ranking = new();

    /// <summary>Starts at M = <paramref name="start"/> (the paper starts from zero).</summary>
    public AugmentedRandomSearch(ReadOnlySpan<double> start, AugmentedRandomSearchOptions? options = null, ulong seed = 0)
        : base(start, seed)
    {
        options ??= new AugmentedRandomSearchOptions();
        const string prefix = nameof(AugmentedRandomSearchOptions) + ".";
        OptionCheck.AtLeast(prefix + nameof(options.Directions), options.Directions, 1);
        _top = options.TopDirections ?? options.Directions;
        OptionCheck.InRange(prefix + nameof(options.TopDirections), _top, 1, options.Directions);
        OptionCheck.Positive(prefix + nameof(options.StepSize), options.StepSize);
        OptionCheck.Positive(prefix + nameof(options.NoiseStd), options.NoiseStd);
        if (!Enum.IsDefined(options.Version))
            throw new ArgumentOutOfRangeException(prefix + nameof(options.Version), options.Version, $"{prefix}{nameof(options.Version)} = {options.Version} is not V1 or V2.");
        _options = options;
        _m = start.ToArray();
        _directions = new double[options.Directions][];
        for (int k = 0; k < _directions.Length; k++) _directions[k] = new double[Dimension];
        _scores = new double[options.Directions];
    }

    /// <inheritdoc/>
    public override string Name => "ars";

    /// <summary>M, the current parameters.</summary>
    public override ReadOnlySpan<double> Current => _m;

    /// <summary>ν, the exploration noise.</summary>
    public override double StepSize => _options.NoiseStd;

    /// <summary>b, the directions used per update.</summary>
    public int TopDirections => _top;

    /// <summary>Whether the policy objective must normalise observations (V2).</summary>
    public bool NormalizesObservations => _options.Version == ArsVersion.V2;

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        population.Resize(2 * _options.Directions);
        double nu = _options.NoiseStd;
        for (int k = 0; k < _directions.Length; k++)
        {
            var delta = _directions[k];
            Random.Normal(delta.AsSpan());
            Span<double> plus = population.Row(2 * k), minus = population.Row(2 * k + 1);
            for (int j = 0; j < Dimension; j++)
            {
                plus[j] = _m[j] + nu * delta[j];   // M + νδₖ
                minus[j] = _m[j] - nu * delta[j];  // M − νδₖ
            }
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        for (int k = 0; k < _scores.Length; k++) _scores[k] = Math.Max(fitness[2 * k], fitness[2 * k + 1]);
        _ranking.Rank(_scores);
        var top = _ranking.Order[.._top];

        // σ_R: the standard deviation of the 2b returns used.
        double mean = 0;
        foreach (int k in top) mean += fitness[2 * k] + fitness[2 * k + 1];
        mean /= 2 * _top;
        double variance = 0;
        foreach (int k in top)
        {
            double a = fitness[2 * k] - mean, b = fitness[2 * k + 1] - mean;
            variance += a * a + b * b;
        }
        double sigmaR = Math.Sqrt(variance / (2 * _top));
        if (!(sigmaR > 0)) return; // all returns equal: no direction is better than another

        double scale = _options.StepSize / (_top * sigmaR);
        foreach (int k in top)
        {
            double difference = fitness[2 * k] - fitness[2 * k + 1]; // r⁺ₖ − r⁻ₖ
            var delta = _directions[k];
            for (int j = 0; j < Dimension; j++) _m[j] += scale * difference * delta[j];
        }
    }
}
