using MathNet.Numerics.LinearAlgebra;

namespace Ascent.Search;

/// <summary>
/// Finite-difference policy gradient by central differences and regression (Peters &amp; Schaal 2008,
/// "Reinforcement learning of motor skills with policy gradients", §3.1; the textbook form of the AIBO method).
/// </summary>
/// <remarks>
/// <para>Each generation evaluates m mirrored pairs θ ± Δₖ. For a smooth J, the central difference
/// dₖ = (J(θ + Δₖ) − J(θ − Δₖ))/2 = Δₖᵀ∇J + O(‖Δ‖³) — exact for a quadratic. Stacking the Δₖ as rows of ΔΘ,
/// the gradient is the least-squares solution ĝ = (ΔΘᵀΔΘ)⁻¹ ΔΘᵀ d (a ridge of 10⁻¹⁰·tr(ΔΘᵀΔΘ)/n guards against
/// an unlucky rank-deficient draw).</para>
/// <para>With coordinate directions Δⱼ = ε eⱼ, ΔΘᵀΔΘ = ε²I and the regression reduces to
/// ĝⱼ = (J(θ + εeⱼ) − J(θ − εeⱼ))/(2ε), computed directly. With random signs Δₖ = ε sₖ, sₖ ∈ {−1, +1}ⁿ, all
/// parameters move in every evaluation, as on a robot where one-at-a-time changes are too small to measure.</para>
/// <para>Then step: θ ← θ + α ĝ, or Adam on ĝ.</para>
/// </remarks>
public sealed class FiniteDifferenceGradient : SearchMethod
{
    private readonly FiniteDifferenceGradientOptions _options;
    private readonly int _pairs;
    private readonly double[] _theta;
    private readonly sbyte[][]? _signs;
    private readonly double[] _gradient;
    private readonly AdamAscent? _adam;

    /// <summary>Starts at θ = <paramref name="start"/>.</summary>
    public FiniteDifferenceGradient(ReadOnlySpan<double> start, FiniteDifferenceGradientOptions? options = null, ulong seed = 0)
        : base(start, seed)
    {
        options ??= new FiniteDifferenceGradientOptions();
        const string prefix = nameof(FiniteDifferenceGradientOptions) + ".";
        if (!Enum.IsDefined(options.Directions))
            throw new ArgumentOutOfRangeException(prefix + nameof(options.Directions), options.Directions, $"{prefix}{nameof(options.Directions)} = {options.Directions} is not Coordinate or RandomSigns.");
        if (!Enum.IsDefined(options.Step))
            throw new ArgumentOutOfRangeException(prefix + nameof(options.Step), options.Step, $"{prefix}{nameof(options.Step)} = {options.Step} is not Plain or Adam.");
        OptionCheck.Positive(prefix + nameof(options.Epsilon), options.Epsilon);
        OptionCheck.Positive(prefix + nameof(options.LearningRate), options.LearningRate);
        _options = options;
        if (options.Directions == PerturbationDirections.RandomSigns)
        {
            _pairs = options.Perturbations ?? 2 * Dimension;
            OptionCheck.AtLeast(prefix + nameof(options.Perturbations), _pairs, Dimension);
            _signs = new sbyte[_pairs][];
            for (int k = 0; k < _pairs; k++) _signs[k] = new sbyte[Dimension];
        }
        else _pairs = Dimension;
        _theta = start.ToArray();
        _gradient = new double[Dimension];
        if (options.Step == GradientStepRule.Adam) _adam = new AdamAscent(Dimension, options.LearningRate);
    }

    /// <inheritdoc/>
    public override string Name => "fd";

    /// <summary>θ, the current parameters.</summary>
    public override ReadOnlySpan<double> Current => _theta;

    /// <summary>ε, the perturbation size.</summary>
    public override double StepSize => _options.Epsilon;

    /// <summary>ĝ, the gradient estimated in the last generation.</summary>
    public ReadOnlySpan<double> LastGradient => _gradient;

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        population.Resize(2 * _pairs);
        double eps = _options.Epsilon;
        for (int k = 0; k < _pairs; k++)
        {
            Span<double> plus = population.Row(2 * k), minus = population.Row(2 * k + 1);
            _theta.CopyTo(plus);
            _theta.CopyTo(minus);
            if (_signs is null)
            {
                plus[k] += eps;   // θ + ε eₖ
                minus[k] -= eps;  // θ − ε eₖ
                continue;
            }
            var s = _signs[k];
            for (int j = 0; j < Dimension; j++)
            {
                s[j] = (sbyte)(Random.NextUInt64() >> 63 == 0 ? -1 : 1);
                plus[j] += eps * s[j];   // θ + ε sₖ
                minus[j] -= eps * s[j];  // θ − ε sₖ
            }
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        double eps = _options.Epsilon;
        if (_signs is null)
        {
            for (int j = 0; j < Dimension; j++) _gradient[j] = (fitness[2 * j] - fitness[2 * j + 1]) / (2 * eps);
        }
        else
        {
            Regress(fitness, eps);
        }
        if (_adam is not null) _adam.Step(_theta, _gradient);
        else for (int j = 0; j < Dimension; j++) _theta[j] += _options.LearningRate * _gradient[j];
    }

    /// <summary>ĝ = (ΔΘᵀΔΘ + λI)⁻¹ ΔΘᵀ d with ΔΘ = ε S and dₖ = (J⁺ₖ − J⁻ₖ)/2.</summary>
    private void Regress(ReadOnlySpan<double> fitness, double eps)
    {
        int n = Dimension;
        var normal = Matrix<double>.Build.Dense(n, n);
        var rhs = Vector<double>.Build.Dense(n);
        for (int k = 0; k < _pairs; k++)
        {
            var s = _signs![k];
            double d = (fitness[2 * k] - fitness[2 * k + 1]) / 2;
            for (int r = 0; r < n; r++)
            {
                rhs[r] += eps * s[r] * d;
                for (int c = 0; c < n; c++) normal[r, c] += eps * eps * s[r] * s[c];
            }
        }
        double ridge = 1e-10 * normal.Trace() / n;
        for (int r = 0; r < n; r++) normal[r, r] += ridge;
        var g = normal.Cholesky().Solve(rhs);
        for (int j = 0; j < n; j++) _gradient[j] = g[j];
    }
}
