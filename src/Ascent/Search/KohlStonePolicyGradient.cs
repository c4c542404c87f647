namespace Ascent.Search;

/// <summary>
/// Finite-difference policy gradient as Kohl &amp; Stone used it to learn a fast AIBO walk ("Policy gradient
/// reinforcement learning for fast quadrupedal locomotion", ICRA 2004; seed lecture 000).
/// </summary>
/// <remarks>
/// <para>Each generation, around the current policy π (parameters θ):</para>
/// <list type="number">
/// <item>generate t policies Rᵢ = θ + Δᵢ, each coordinate Δᵢⱼ drawn uniformly from {−εⱼ, 0, +εⱼ}, and evaluate them;</item>
/// <item>for every parameter j, average the scores of the policies with a positive, a zero and a negative
/// perturbation of j: Avg₊ⱼ, Avg₀ⱼ, Avg₋ⱼ;</item>
/// <item>Aⱼ = 0 if Avg₀ⱼ beats both Avg₊ⱼ and Avg₋ⱼ (leaving j alone looks best), else Aⱼ = Avg₊ⱼ − Avg₋ⱼ;</item>
/// <item>step a fixed length along the normalised adjustment vector: θ ← θ + η·A/‖A‖.</item>
/// </list>
/// <para>When no policy perturbed j up (or none down), Aⱼ = 0; when no policy left j unchanged, the zero test is
/// skipped. If A = 0 the policy stays. The step length η does not shrink near an optimum, so the policy
/// hovers within about η of it unless <see cref="KohlStoneOptions.StepSizeDecay"/> &lt; 1.</para>
/// </remarks>
public sealed class KohlStonePolicyGradient : SearchMethod
{
    private readonly KohlStoneOptions _options;
    private readonly double[] _theta;
    private readonly double[] _epsilon;
    private readonly sbyte[][] _signs; // Δᵢⱼ / εⱼ ∈ {−1, 0, +1}
    private readonly double[] _adjustment;
    private double _eta;

    /// <summary>Starts at θ = <paramref name="start"/>.</summary>
    public KohlStonePolicyGradient(ReadOnlySpan<double> start, KohlStoneOptions? options = null, ulong seed = 0)
        : base(start, seed)
    {
        options ??= new KohlStoneOptions();
        const string prefix = nameof(KohlStoneOptions) + ".";
        OptionCheck.AtLeast(prefix + nameof(options.Policies), options.Policies, 2);
        OptionCheck.Positive(prefix + nameof(options.Epsilon), options.Epsilon);
        if (options.EpsilonPerParameter is { } perParameter)
            OptionCheck.PositivePerParameter(prefix + nameof(options.EpsilonPerParameter), perParameter, Dimension);
        OptionCheck.Positive(prefix + nameof(options.StepSize), options.StepSize);
        OptionCheck.Fraction(prefix + nameof(options.StepSizeDecay), options.StepSizeDecay);
        _options = options;
        _theta = start.ToArray();
        _epsilon = options.EpsilonPerParameter?.ToArray() ?? Enumerable.Repeat(options.Epsilon, Dimension).ToArray();
        _signs = new sbyte[options.Policies][];
        for (int i = 0; i < _signs.Length; i++) _signs[i] = new sbyte[Dimension];
        _adjustment = new double[Dimension];
        _eta = options.StepSize;
    }

    /// <inheritdoc/>
    public override string Name => "fd-kohl-stone";

    /// <summary>θ, the current policy.</summary>
    public override ReadOnlySpan<double> Current => _theta;

    /// <summary>η, the current step length.</summary>
    public override double StepSize => _eta;

    /// <summary>A/‖A‖·η, the last step taken (zero if none).</summary>
    public ReadOnlySpan<double> LastStep => _adjustment;

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        population.Resize(_options.Policies);
        for (int i = 0; i < population.Count; i++)
        {
            var r = population.Row(i);
            var s = _signs[i];
            for (int j = 0; j < Dimension; j++)
            {
                s[j] = (sbyte)(Random.Integer(3) - 1);   // −εⱼ, 0 or +εⱼ, uniformly
                r[j] = _theta[j] + s[j] * _epsilon[j];
            }
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        double normSquared = 0;
        for (int j = 0; j < Dimension; j++)
        {
            double plus = 0, zero = 0, minus = 0;
            int nPlus = 0, nZero = 0, nMinus = 0;
            for (int i = 0; i < fitness.Length; i++)
            {
                switch (_signs[i][j])
                {
                    case > 0: plus += fitness[i]; nPlus++; break;
                    case 0: zero += fitness[i]; nZero++; break;
                    default: minus += fitness[i]; nMinus++; break;
                }
            }
            double a = 0;
            if (nPlus > 0 && nMinus > 0)
            {
                double avgPlus = plus / nPlus, avgMinus = minus / nMinus;
                bool zeroIsBest = nZero > 0 && zero / nZero > avgPlus && zero / nZero > avgMinus;
                a = zeroIsBest ? 0 : avgPlus - avgMinus;
            }
            _adjustment[j] = a;
            normSquared += a * a;
        }
        if (normSquared > 0)
        {
            double scale = _eta / Math.Sqrt(normSquared);
            for (int j = 0; j < Dimension; j++)
            {
                _adjustment[j] *= scale;          // A ← η·A/‖A‖
                _theta[j] += _adjustment[j];      // π ← π + A
            }
        }
        _eta *= _options.StepSizeDecay;
    }
}
