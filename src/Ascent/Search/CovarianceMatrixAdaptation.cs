using MathNet.Numerics.LinearAlgebra;

namespace Ascent.Search;

/// <summary>
/// The covariance matrix adaptation evolution strategy, Hansen's standard (μ/μ_w, λ)-CMA-ES with cumulative
/// step-size adaptation and rank-one plus rank-μ covariance updates (Hansen &amp; Ostermeier 2001; Hansen 2016,
/// "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, with positive recombination weights only).
/// </summary>
/// <remarks>
/// <para><b>Sample</b> λ candidates xₖ = m + σ yₖ, yₖ = B D zₖ ~ N(0, C), zₖ ~ N(0, I), where C = B D² Bᵀ.</para>
/// <para><b>Update</b>, with yᵢ:λ the i-th best step and ⟨y⟩_w = Σᵢ₌₁^μ wᵢ yᵢ:λ:</para>
/// <list type="number">
/// <item>mean: m ← m + σ ⟨y⟩_w;</item>
/// <item>step-size path: p_σ ← (1−c_σ) p_σ + √(c_σ(2−c_σ)μ_eff) C^{−½} ⟨y⟩_w;</item>
/// <item>covariance path: p_c ← (1−c_c) p_c + h_σ √(c_c(2−c_c)μ_eff) ⟨y⟩_w, where h_σ = 1 if
/// ‖p_σ‖/√(1−(1−c_σ)^{2(g+1)}) &lt; (1.4 + 2/(n+1)) E‖N(0, I)‖ and 0 otherwise (stalls p_c while σ grows fast);</item>
/// <item>covariance: C ← (1 − c₁ − c_μ + c₁δ(h_σ)) C + c₁ p_c p_cᵀ + c_μ Σᵢ wᵢ yᵢ:λ yᵢ:λᵀ, δ(h_σ) = (1−h_σ)c_c(2−c_c)
/// (rank-one update from the path, rank-μ update from the generation);</item>
/// <item>step size: σ ← σ exp((c_σ/d_σ)(‖p_σ‖/E‖N(0, I)‖ − 1)) — lengthen steps when consecutive steps
/// point the same way, shorten them when they cancel.</item>
/// </list>
/// <para><b>Defaults</b> (tutorial, Table 1): λ = 4 + ⌊3 ln n⌋, μ = ⌊λ/2⌋, wᵢ ∝ ln((λ+1)/2) − ln i for i ≤ μ
/// (summing to 1), μ_eff = 1/Σwᵢ², c_σ = (μ_eff+2)/(n+μ_eff+5), d_σ = 1 + 2 max(0, √((μ_eff−1)/(n+1)) − 1) + c_σ,
/// c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n), c₁ = 2/((n+1.3)² + μ_eff),
/// c_μ = min(1 − c₁, 2(μ_eff − 2 + 1/μ_eff)/((n+2)² + μ_eff)), E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)).</para>
/// <para>The eigendecomposition (MathNet's symmetric EVD) costs O(n³); as in the tutorial it is redone only
/// when λ/(c₁+c_μ)/n/10 generations have passed, which keeps its cost per sample O(n²). Memory is O(n²):
/// full CMA-ES suits up to a few thousand parameters.</para>
/// </remarks>
public sealed class CovarianceMatrixAdaptation : SearchMethod
{
    private readonly CmaEsOptions _options;
    private readonly int _n, _lambda, _mu;
    private readonly double[] _weights;
    private readonly double _muEff, _cSigma, _dSigma, _cc, _c1, _cMu, _chiN;
    private readonly double[] _mean;
    private readonly double[] _pSigma, _pc;
    private readonly double[] _c;       // C, n×n row-major, symmetric
    private readonly double[] _b;       // B, n×n row-major: column j is the j-th eigenvector
    private readonly double[] _d;       // D: square roots of the eigenvalues
    private readonly double[][] _y;     // the steps yₖ of the pending generation
    private readonly double[] _z, _yw, _tmp;
    private readonly FitnessRanking _ranking = new();
    private double _sigma;
    private int _eigenGeneration;

    /// <summary>Starts with m = <paramref name="start"/>, C = I, σ = σ₀.</summary>
    public CovarianceMatrixAdaptation(ReadOnlySpan<double> start, CmaEsOptions? options = null, ulong seed = 0)
        : base(start, seed)
    {
        options ??= new CmaEsOptions();
        const string prefix = nameof(CmaEsOptions) + ".";
        OptionCheck.Positive(prefix + nameof(options.InitialStepSize), options.InitialStepSize);
        int n = Dimension;
        int lambda = options.PopulationSize ?? 4 + (int)Math.Floor(3 * Math.Log(n));
        OptionCheck.AtLeast(prefix + nameof(options.PopulationSize), lambda, 2);
        int mu = options.ParentCount ?? lambda / 2;
        OptionCheck.InRange(prefix + nameof(options.ParentCount), mu, 1, lambda);
        OptionCheck.NonNegative(prefix + nameof(options.RelativeTolerance), options.RelativeTolerance);
        if (!(options.MaxCondition > 1))
            throw new ArgumentOutOfRangeException(prefix + nameof(options.MaxCondition), options.MaxCondition, $"{prefix}{nameof(options.MaxCondition)} = {options.MaxCondition} is out of range: it must be > 1.");
        _options = options;
        _n = n; _lambda = lambda; _mu = mu;

        // Recombination weights wᵢ ∝ ln((λ+1)/2) − ln i, i = 1…μ, normalised to sum 1.
        _weights = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) sum += _weights[i] = Math.Log((lambda + 1) / 2.0) - Math.Log(i + 1);
        double sumSquares = 0;
        for (int i = 0; i < mu; i++) { _weights[i] /= sum; sumSquares += _weights[i] * _weights[i]; }
        _muEff = 1 / sumSquares;

        _cSigma = (_muEff + 2) / (n + _muEff + 5);
        _dSigma = 1 + 2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (n + 1)) - 1) + _cSigma;
        _cc = (4 + _muEff / n) / (n + 4 + 2 * _muEff / n);
        _c1 = 2 / ((n + 1.3) * (n + 1.3) + _muEff);
        _cMu = Math.Min(1 - _c1, 2 * (_muEff - 2 + 1 / _muEff) / ((n + 2) * (n + 2) + _muEff));
        _chiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));

        _mean = start.ToArray();
        _pSigma = new double[n];
        _pc = new double[n];
        _c = new double[n * n];
        _b = new double[n * n];
        _d = new double[n];
        for (int i = 0; i < n; i++) { _c[i * n + i] = 1; _b[i * n + i] = 1; _d[i] = 1; }
        _y = new double[lambda][];
        for (int k = 0; k < lambda; k++) _y[k] = new double[n];
        _z = new double[n]; _yw = new double[n]; _tmp = new double[n];
        _sigma = options.InitialStepSize;
    }

    /// <inheritdoc/>
    public override string Name => "cma-es";

    /// <summary>m, the mean of the search distribution.</summary>
    public override ReadOnlySpan<double> Current => _mean;

    /// <summary>σ, the global step size.</summary>
    public override double StepSize => _sigma;

    /// <summary>λ.</summary>
    public int PopulationSize => _lambda;

    /// <summary>μ.</summary>
    public int ParentCount => _mu;

    /// <summary>The recombination weights w₁ … w_μ.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>μ_eff = 1/Σwᵢ², the variance-effective selection mass.</summary>
    public double MuEff => _muEff;

    /// <summary>The learning rates and damping in use: (c_σ, d_σ, c_c, c₁, c_μ).</summary>
    public (double CSigma, double DSigma, double Cc, double C1, double CMu) LearningRates => (_cSigma, _dSigma, _cc, _c1, _cMu);

    /// <summary>The covariance matrix C (row-major copy).</summary>
    public double[,] Covariance
    {
        get
        {
            var c = new double[_n, _n];
            for (int i = 0; i < _n; i++)
                for (int j = 0; j < _n; j++) c[i, j] = _c[i * _n + j];
            return c;
        }
    }

    /// <summary>The condition number of C (from its last eigendecomposition).</summary>
    public double Condition
    {
        get
        {
            double max = 0, min = double.PositiveInfinity;
            foreach (double d in _d) { max = Math.Max(max, d); min = Math.Min(min, d); }
            return max * max / (min * min);
        }
    }

    /// <inheritdoc/>
    public override bool HasConverged
    {
        get
        {
            double maxD = 0;
            foreach (double d in _d) maxD = Math.Max(maxD, d);
            return _sigma * maxD < _options.RelativeTolerance * _options.InitialStepSize || Condition > _options.MaxCondition;
        }
    }

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        population.Resize(_lambda);
        for (int k = 0; k < _lambda; k++)
        {
            for (int j = 0; j < _n; j++) _z[j] = _d[j] * Random.Normal();  // D zₖ
            var y = _y[k];
            for (int i = 0; i < _n; i++)                                      // yₖ = B (D zₖ)
            {
                double s = 0;
                for (int j = 0; j < _n; j++) s += _b[i * _n + j] * _z[j];
                y[i] = s;
            }
            var x = population.Row(k);
            for (int i = 0; i < _n; i++) x[i] = _mean[i] + _sigma * y[i];    // xₖ = m + σ yₖ
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        int n = _n;
        _ranking.Rank(fitness);
        var order = _ranking.Order;

        // ⟨y⟩_w = Σ wᵢ yᵢ:λ, and the mean moves along it: m ← m + σ⟨y⟩_w.
        Array.Clear(_yw);
        for (int i = 0; i < _mu; i++)
        {
            var y = _y[order[i]];
            for (int j = 0; j < n; j++) _yw[j] += _weights[i] * y[j];
        }
        for (int j = 0; j < n; j++) _mean[j] += _sigma * _yw[j];

        // Step-size path with C^{−½}⟨y⟩_w = B D⁻¹ Bᵀ ⟨y⟩_w.
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += _b[i * n + j] * _yw[i];
            _tmp[j] = s / _d[j];
        }
        double pathScale = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
        double normSquared = 0;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += _b[i * n + j] * _tmp[j];
            _pSigma[i] = (1 - _cSigma) * _pSigma[i] + pathScale * s;
            normSquared += _pSigma[i] * _pSigma[i];
        }
        double normPSigma = Math.Sqrt(normSquared);

        // h_σ stalls the covariance path while ‖p_σ‖ is large (σ is still growing).
        int g = Generation;
        bool hSigma = normPSigma / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2.0 * (g + 1))) < (1.4 + 2.0 / (n + 1)) * _chiN;
        double ccScale = Math.Sqrt(_cc * (2 - _cc) * _muEff);
        for (int i = 0; i < n; i++) _pc[i] = (1 - _cc) * _pc[i] + (hSigma ? ccScale * _yw[i] : 0);

        // C ← (1 − c₁ − c_μ + c₁δ(h_σ)) C + c₁ p_c p_cᵀ + c_μ Σ wᵢ yᵢ:λ yᵢ:λᵀ (upper triangle, then mirrored).
        double deltaH = hSigma ? 0 : _cc * (2 - _cc);
        double keep = 1 - _c1 - _cMu + _c1 * deltaH;
        for (int r = 0; r < n; r++)
            for (int c = r; c < n; c++)
            {
                double rankMu = 0;
                for (int i = 0; i < _mu; i++)
                {
                    var y = _y[order[i]];
                    rankMu += _weights[i] * y[r] * y[c];
                }
                double value = keep * _c[r * n + c] + _c1 * _pc[r] * _pc[c] + _cMu * rankMu;
                _c[r * n + c] = value;
                _c[c * n + r] = value;
            }

        // Cumulative step-size adaptation.
        _sigma *= Math.Exp(_cSigma / _dSigma * (normPSigma / _chiN - 1));

        // Lazy eigendecomposition C = B D² Bᵀ.
        if (g + 1 - _eigenGeneration > _lambda / (_c1 + _cMu) / n / 10)
        {
            _eigenGeneration = g + 1;
            Decompose();
        }
    }

    private void Decompose()
    {
        int n = _n;
        var c = Matrix<double>.Build.Dense(n, n, (i, j) => _c[i * n + j]);
        var evd = c.Evd(Symmetricity.Symmetric);
        var vectors = evd.EigenVectors;
        for (int j = 0; j < n; j++)
        {
            double eigenvalue = evd.EigenValues[j].Real;
            _d[j] = Math.Sqrt(Math.Max(eigenvalue, double.Epsilon));
            for (int i = 0; i < n; i++) _b[i * n + j] = vectors[i, j];
        }
    }
}
