namespace Ascent.Search;

/// <summary>
/// OpenAI-style evolution strategies (Salimans, Ho, Chen, Sidor &amp; Sutskever 2017, "Evolution Strategies as a
/// Scalable Alternative to Reinforcement Learning"): a Gaussian-smoothed gradient estimate from mirrored
/// samples, centered-rank fitness shaping, Adam and weight decay.
/// </summary>
/// <remarks>
/// <para>The smoothed objective J(θ) = E_ε[F(θ + σε)] has gradient ∇J = (1/σ) E[F(θ + σε) ε]. Each generation:</para>
/// <list type="number">
/// <item>antithetic (mirrored) sampling: N/2 noise vectors εᵢ ~ N(0, I), candidates θ + σεᵢ and θ − σεᵢ;</item>
/// <item>fitness shaping: replace every fitness by its centered rank in [−½, ½] (invariant to the scale of
/// returns, robust to outliers);</item>
/// <item>gradient estimate: ĝ = (1/N) Σᵢ (r⁺ᵢ − r⁻ᵢ) εᵢ, with r± the shaped fitness of θ ± σεᵢ. The paper's
/// 1/σ is a constant factor; as in the authors' released code it is left to Adam, which is invariant to the
/// scale of the gradient, so the weight-decay coefficient keeps the meaning it has there;</item>
/// <item>Adam ascent on ĝ − λ_wd θ (L2 weight decay).</item>
/// </list>
/// </remarks>
public sealed class EvolutionStrategies : SearchMethod
{
    private readonly EvolutionStrategiesOptions _options;
    private readonly double[] _theta;
    private readonly double[][] _noise;
    private readonly double[] _shaped;
    private readonly double[] _gradient;
    private readonly AdamAscent _adam;
    private readonly FitnessRanking _ranking = new();

    /// <summary>Starts at θ = <paramref name="start"/>.</summary>
    public EvolutionStrategies(ReadOnlySpan<double> start, EvolutionStrategiesOptions? options = null, ulong seed = 0)
        : base(start, seed)
    {
        options ??= new EvolutionStrategiesOptions();
        const string prefix = nameof(EvolutionStrategiesOptions) + ".";
        OptionCheck.AtLeast(prefix + nameof(options.PopulationSize), options.PopulationSize, 2);
        OptionCheck.Even(prefix + nameof(options.PopulationSize), options.PopulationSize);
        OptionCheck.Positive(prefix + nameof(options.NoiseStd), options.NoiseStd);
        OptionCheck.Positive(prefix + nameof(options.LearningRate), options.LearningRate);
        OptionCheck.DecayRate(prefix + nameof(options.Beta1), options.Beta1);
        OptionCheck.DecayRate(prefix + nameof(options.Beta2), options.Beta2);
        OptionCheck.Positive(prefix + nameof(options.AdamEpsilon), options.AdamEpsilon);
        OptionCheck.NonNegative(prefix + nameof(options.WeightDecay), options.WeightDecay);
        _options = options;
        _theta = start.ToArray();
        _noise = new double[options.PopulationSize / 2][];
        for (int i = 0; i < _noise.Length; i++) _noise[i] = new double[Dimension];
        _shaped = new double[options.PopulationSize];
        _gradient = new double[Dimension];
        _adam = new AdamAscent(Dimension, options.LearningRate, options.Beta1, options.Beta2, options.AdamEpsilon);
    }

    /// <inheritdoc/>
    public override string Name => "es";

    /// <summary>θ, the center of the search distribution.</summary>
    public override ReadOnlySpan<double> Current => _theta;

    /// <summary>σ, the (fixed) noise standard deviation.</summary>
    public override double StepSize => _options.NoiseStd;

    /// <summary>ĝ − λ_wd θ, the ascent direction of the last update.</summary>
    public ReadOnlySpan<double> LastGradient => _gradient;

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        population.Resize(_options.PopulationSize);
        double sigma = _options.NoiseStd;
        for (int i = 0; i < _noise.Length; i++)
        {
            var eps = _noise[i];
            Random.Normal(eps.AsSpan());
            Span<double> plus = population.Row(2 * i), minus = population.Row(2 * i + 1);
            for (int j = 0; j < Dimension; j++)
            {
                plus[j] = _theta[j] + sigma * eps[j];  // θ + σεᵢ
                minus[j] = _theta[j] - sigma * eps[j]; // θ − σεᵢ
            }
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        _ranking.CenteredRanks(fitness, _shaped);
        Array.Clear(_gradient);
        for (int i = 0; i < _noise.Length; i++)
        {
            double difference = _shaped[2 * i] - _shaped[2 * i + 1]; // r⁺ᵢ − r⁻ᵢ
            var eps = _noise[i];
            for (int j = 0; j < Dimension; j++) _gradient[j] += difference * eps[j];
        }
        double n = _options.PopulationSize;
        for (int j = 0; j < Dimension; j++) _gradient[j] = _gradient[j] / n - _options.WeightDecay * _theta[j];
        _adam.Step(_theta, _gradient);
    }
}
