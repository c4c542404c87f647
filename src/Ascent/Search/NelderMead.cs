namespace Ascent.Search;

/// <summary>
/// The Nelder–Mead simplex method (Nelder &amp; Mead 1965, in the form of Lagarias et al. 1998), maximising,
/// as an ask/tell state machine.
/// </summary>
/// <remarks>
/// <para>Keep n+1 vertices sorted best first, x₁ … xₙ₊₁, and let x̄ be the centroid of the best n. Each
/// iteration tries to replace the worst vertex xₙ₊₁:</para>
/// <list type="number">
/// <item>reflect: x_r = x̄ + α(x̄ − xₙ₊₁). If f₁ ≥ f_r &gt; fₙ, accept x_r.</item>
/// <item>expand (f_r &gt; f₁): x_e = x̄ + γ(x_r − x̄); accept the better of x_e and x_r.</item>
/// <item>contract outside (fₙ ≥ f_r &gt; fₙ₊₁): x_c = x̄ + ρ(x_r − x̄); accept if f_c ≥ f_r, else shrink.</item>
/// <item>contract inside (f_r ≤ fₙ₊₁): x_cc = x̄ + ρ(xₙ₊₁ − x̄); accept if f_cc &gt; fₙ₊₁, else shrink.</item>
/// <item>shrink: xᵢ ← x₁ + δ(xᵢ − x₁) for i = 2…n+1.</item>
/// </list>
/// <para>Each Ask is one of these steps: the initial simplex (n+1 candidates), one trial point, or a shrink
/// (n candidates). The method is sequential by nature, so most generations hold a single candidate and
/// parallel evaluation helps only the first generation and shrinks.</para>
/// <para><b>Why not MathNet's <c>NelderMeadSimplex</c>:</b> it is pull-style — <c>FindMinimum(objective, x₀)</c>
/// runs the whole loop and calls the objective itself, one point at a time, until its own convergence test
/// (or throws when out of iterations). It cannot hand out candidates, so it cannot share the ask/tell design,
/// the parallel evaluator, the seeds or the budgets of the other methods.</para>
/// <para>With a noisy objective the stored vertex values are single samples and go stale; the method is then
/// a weak baseline.</para>
/// </remarks>
public sealed class NelderMead : SearchMethod
{
    private enum Phase { Initial, Reflect, Expand, ContractOutside, ContractInside, Shrink }

    private readonly NelderMeadOptions _options;
    private readonly double _alpha, _gamma, _rho, _delta;
    private readonly double[][] _vertices; // sorted best first after each completed step
    private readonly double[] _values;
    private readonly double[] _centroid;
    private readonly double[] _reflected;
    private double _reflectedValue;
    private Phase _phase = Phase.Initial;

    /// <summary>Starts with the simplex x₀, x₀ + h·eᵢ around <paramref name="start"/>.</summary>
    public NelderMead(ReadOnlySpan<double> start, NelderMeadOptions? options = null) : base(start, 0)
    {
        options ??= new NelderMeadOptions();
        const string prefix = nameof(NelderMeadOptions) + ".";
        OptionCheck.Positive(prefix + nameof(options.InitialStep), options.InitialStep);
        OptionCheck.NonNegative(prefix + nameof(options.PointTolerance), options.PointTolerance);
        OptionCheck.NonNegative(prefix + nameof(options.FitnessTolerance), options.FitnessTolerance);
        _options = options;
        int n = Dimension;
        (_alpha, _gamma, _rho, _delta) = options.Adaptive
            ? (1.0, 1.0 + 2.0 / n, 0.75 - 1.0 / (2.0 * n), 1.0 - 1.0 / n)
            : (1.0, 2.0, 0.5, 0.5);
        if (n == 1) _delta = 0.5; // Gao–Han's δ = 1 − 1/n would be 0 in one dimension
        _vertices = new double[n + 1][];
        for (int i = 0; i <= n; i++)
        {
            _vertices[i] = start.ToArray();
            if (i > 0) _vertices[i][i - 1] += options.InitialStep;
        }
        _values = new double[n + 1];
        _centroid = new double[n];
        _reflected = new double[n];
    }

    /// <inheritdoc/>
    public override string Name => "nelder-mead";

    /// <summary>The best vertex.</summary>
    public override ReadOnlySpan<double> Current => _vertices[0];

    /// <summary>The simplex size: the largest max-norm distance of a vertex from the best one.</summary>
    public override double StepSize
    {
        get
        {
            double size = 0;
            for (int i = 1; i < _vertices.Length; i++)
                for (int j = 0; j < Dimension; j++)
                    size = Math.Max(size, Math.Abs(_vertices[i][j] - _vertices[0][j]));
            return size;
        }
    }

    /// <inheritdoc/>
    public override bool HasConverged =>
        _phase != Phase.Initial && StepSize <= _options.PointTolerance && _values[0] - _values[^1] <= _options.FitnessTolerance;

    /// <summary>(α, γ, ρ, δ): the reflection, expansion, contraction and shrink coefficients in use.</summary>
    public (double Reflection, double Expansion, double Contraction, double Shrink) Coefficients => (_alpha, _gamma, _rho, _delta);

    /// <inheritdoc/>
    protected override void Sample(Population population)
    {
        int n = Dimension;
        switch (_phase)
        {
            case Phase.Initial:
                population.Resize(n + 1);
                for (int i = 0; i <= n; i++) _vertices[i].CopyTo(population.Row(i));
                break;
            case Phase.Reflect:
                ComputeCentroid();
                population.Resize(1);
                Along(_vertices[n], -_alpha, population.Row(0)); // x_r = x̄ + α(x̄ − xₙ₊₁)
                break;
            case Phase.Expand:
                population.Resize(1);
                Along(_reflected, _gamma, population.Row(0));    // x_e = x̄ + γ(x_r − x̄)
                break;
            case Phase.ContractOutside:
                population.Resize(1);
                Along(_reflected, _rho, population.Row(0));      // x_c = x̄ + ρ(x_r − x̄)
                break;
            case Phase.ContractInside:
                population.Resize(1);
                Along(_vertices[n], _rho, population.Row(0));    // x_cc = x̄ + ρ(xₙ₊₁ − x̄)
                break;
            case Phase.Shrink:
                population.Resize(n);
                for (int i = 1; i <= n; i++)
                {
                    var x = population.Row(i - 1);
                    for (int j = 0; j < n; j++) x[j] = _vertices[0][j] + _delta * (_vertices[i][j] - _vertices[0][j]);
                }
                break;
        }
    }

    /// <inheritdoc/>
    protected override void Update(ReadOnlySpan<double> fitness)
    {
        int n = Dimension;
        double f = fitness[0];
        switch (_phase)
        {
            case Phase.Initial:
                fitness.CopyTo(_values);
                SortSimplex();
                _phase = Phase.Reflect;
                break;
            case Phase.Reflect:
                Candidates[0].CopyTo(_reflected);
                _reflectedValue = f;
                if (f > _values[0]) _phase = Phase.Expand;
                else if (f > _values[n - 1]) ReplaceWorst(_reflected, f);
                else _phase = f > _values[n] ? Phase.ContractOutside : Phase.ContractInside;
                break;
            case Phase.Expand:
                if (f > _reflectedValue) ReplaceWorst(Candidates[0], f);
                else ReplaceWorst(_reflected, _reflectedValue);
                break;
            case Phase.ContractOutside:
                if (f >= _reflectedValue) ReplaceWorst(Candidates[0], f);
                else _phase = Phase.Shrink;
                break;
            case Phase.ContractInside:
                if (f > _values[n]) ReplaceWorst(Candidates[0], f);
                else _phase = Phase.Shrink;
                break;
            case Phase.Shrink:
                for (int i = 1; i <= n; i++)
                {
                    Candidates[i - 1].CopyTo(_vertices[i]);
                    _values[i] = fitness[i - 1];
                }
                SortSimplex();
                _phase = Phase.Reflect;
                break;
        }
    }

    private void ComputeCentroid()
    {
        int n = Dimension;
        Array.Clear(_centroid);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) _centroid[j] += _vertices[i][j];
        for (int j = 0; j < n; j++) _centroid[j] /= n;
    }

    /// <summary>destination = x̄ + t·(point − x̄).</summary>
    private void Along(ReadOnlySpan<double> point, double t, Span<double> destination)
    {
        for (int j = 0; j < Dimension; j++) destination[j] = _centroid[j] + t * (point[j] - _centroid[j]);
    }

    private void ReplaceWorst(ReadOnlySpan<double> point, double value)
    {
        int n = Dimension;
        point.CopyTo(_vertices[n]);
        _values[n] = value;
        // Insert the new vertex at its place; it goes after vertices of equal value (Lagarias et al.'s tie rule).
        for (int i = n; i > 0 && _values[i] > _values[i - 1]; i--)
        {
            (_vertices[i], _vertices[i - 1]) = (_vertices[i - 1], _vertices[i]);
            (_values[i], _values[i - 1]) = (_values[i - 1], _values[i]);
        }
        _phase = Phase.Reflect;
    }

    private void SortSimplex()
    {
        // Stable insertion sort, best first: n is small and the simplex is nearly sorted.
        for (int i = 1; i < _values.Length; i++)
            for (int k = i; k > 0 && _values[k] > _values[k - 1]; k--)
            {
                (_vertices[k], _vertices[k - 1]) = (_vertices[k - 1], _vertices[k]);
                (_values[k], _values[k - 1]) = (_values[k - 1], _values[k]);
            }
    }
}
