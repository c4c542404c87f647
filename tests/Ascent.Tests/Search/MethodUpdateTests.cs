using Ascent.Search;

namespace Ascent.Tests.Search;

/// <summary>Each method's update equals its textbook equations, checked on one generation with fitness told by hand.</summary>
public class MethodUpdateTests
{
    private static double[] Fitness(Population p, ObjectiveFunction f) => Enumerable.Range(0, p.Count).Select(i => f(p[i])).ToArray();

    [Fact]
    public void CmaEs_DefaultStrategyParameters_MatchHansensFormulas_ForN10()
    {
        var cma = new CovarianceMatrixAdaptation(new double[10]);
        Assert.Equal((10, 5), (cma.PopulationSize, cma.ParentCount));
        Assert.Equal(3.1672992814107017, cma.MuEff, 12);
        double[] weights = [0.45627264690340597, 0.2707530970017852, 0.16223111715866978, 0.08523354710016448, 0.025509591835974777];
        for (int i = 0; i < 5; i++) Assert.Equal(weights[i], cma.Weights[i], 12);
        var (cSigma, dSigma, cc, c1, cMu) = cma.LearningRates;
        Assert.Equal(0.28442858794636744, cSigma, 12);
        Assert.Equal(1.2844285879463675, dSigma, 12);
        Assert.Equal(0.29499038303562225, cc, 12);
        Assert.Equal(0.015283824524751714, c1, 12);
        Assert.Equal(0.02015428276120837, cMu, 12);
    }

    [Fact]
    public void CmaEs_FirstUpdate_FollowsTheTutorialEquations()
    {
        const int n = 4;
        double sigma0 = 0.3;
        var m0 = new[] { 0.5, -0.2, 1.0, 0.0 };
        var cma = new CovarianceMatrixAdaptation(m0, new CmaEsOptions { InitialStepSize = sigma0 }, seed: 5);
        var population = cma.Ask();
        var x = population.ToArrays();
        var fitness = Fitness(population, v => -TestFunctions.Rosenbrock(v));
        cma.Tell(fitness);

        int lambda = cma.PopulationSize, mu = cma.ParentCount;
        var (cSigma, dSigma, cc, c1, cMu) = cma.LearningRates;
        var order = Enumerable.Range(0, lambda).OrderByDescending(i => fitness[i]).ToArray();
        var y = x.Select(xi => xi.Select((v, j) => (v - m0[j]) / sigma0).ToArray()).ToArray();
        var yw = new double[n];
        for (int i = 0; i < mu; i++) for (int j = 0; j < n; j++) yw[j] += cma.Weights[i] * y[order[i]][j];

        // m₁ = m₀ + σ₀⟨y⟩_w
        for (int j = 0; j < n; j++) Assert.Equal(m0[j] + sigma0 * yw[j], cma.Current[j], 12);

        // With C₀ = I: p_σ = √(c_σ(2−c_σ)μ_eff)⟨y⟩_w, σ₁ = σ₀ exp(c_σ/d_σ (‖p_σ‖/E‖N(0,I)‖ − 1)).
        double chiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        double normPSigma = Math.Sqrt(cSigma * (2 - cSigma) * cma.MuEff) * Math.Sqrt(yw.Sum(v => v * v));
        Assert.Equal(sigma0 * Math.Exp(cSigma / dSigma * (normPSigma / chiN - 1)), cma.StepSize, 12);

        // C₁ = (1 − c₁ − c_μ) I + c₁ p_c p_cᵀ + c_μ Σ wᵢ yᵢ:λ yᵢ:λᵀ, p_c = √(c_c(2−c_c)μ_eff)⟨y⟩_w (h_σ = 1 here).
        bool hSigma = normPSigma / Math.Sqrt(1 - Math.Pow(1 - cSigma, 2)) < (1.4 + 2.0 / (n + 1)) * chiN;
        Assert.True(hSigma);
        var pc = yw.Select(v => Math.Sqrt(cc * (2 - cc) * cma.MuEff) * v).ToArray();
        var c = cma.Covariance;
        for (int r = 0; r < n; r++)
            for (int k = 0; k < n; k++)
            {
                double rankMu = 0;
                for (int i = 0; i < mu; i++) rankMu += cma.Weights[i] * y[order[i]][r] * y[order[i]][k];
                double expected = (r == k ? 1 - c1 - cMu : 0) + c1 * pc[r] * pc[k] + cMu * rankMu;
                Assert.Equal(expected, c[r, k], 12);
            }
    }

    [Fact]
    public void CmaEs_SamplesFollowTheAdaptedCovariance()
    {
        // After adapting on an ellipsoid, the eigenvalues of C spread out by orders of magnitude (the method learns the scaling).
        var cma = new CovarianceMatrixAdaptation(Enumerable.Repeat(1.0, 4).ToArray(), new CmaEsOptions(), seed: 2);
        using var loop = new SearchLoop(cma, FunctionObjective.Minimize(4, x => x[0] * x[0] + 1e4 * x[1] * x[1] + 1e2 * x[2] * x[2] + x[3] * x[3]), new EvaluationOptions { MaxDegreeOfParallelism = 1 });
        loop.Run(SearchBudget.Generations(300));
        Assert.True(cma.Condition > 1e3, $"condition {cma.Condition}");
        var c = cma.Covariance;
        Assert.True(c[0, 0] > 30 * c[1, 1], $"C₀₀ {c[0, 0]} vs C₁₁ {c[1, 1]}");
    }

    [Fact]
    public void HillClimbing_OneFifthRule_GrowsOnSuccess_ShrinksOnFailure()
    {
        var hill = new HillClimbing([0.0, 0.0, 0.0], new HillClimbingOptions { InitialStepSize = 1, Damping = 2 });
        hill.Ask();
        hill.Tell([0.0, 1.0]); // parent 0, offspring better: success
        Assert.Equal(Math.Exp(1.0 / 2), hill.StepSize, 14);
        Assert.Equal(1.0, hill.ParentFitness);
        double sigma = hill.StepSize;
        var child = hill.Ask();
        Assert.Equal(1, child.Count); // the parent is not re-evaluated by default
        hill.Tell([0.5]);               // worse: failure
        Assert.Equal(sigma * Math.Exp(-1.0 / (4 * 2)), hill.StepSize, 14);
        Assert.Equal(1.0, hill.ParentFitness);
    }

    [Fact]
    public void NelderMead_Reflects_ThenExpands_ByTheStandardCoefficients()
    {
        var nm = new NelderMead([0.0, 0.0], new NelderMeadOptions { InitialStep = 1, Adaptive = false });
        Assert.Equal((1.0, 2.0, 0.5, 0.5), nm.Coefficients);
        var simplex = nm.Ask().ToArrays();
        Assert.Equal([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], simplex);
        nm.Tell([0.0, 1.0, 2.0]);                // best (0,1), then (1,0), worst (0,0)
        var reflected = nm.Ask()[0].ToArray();    // x̄ = (0.5, 0.5), x_r = x̄ + (x̄ − (0,0)) = (1, 1)
        Assert.Equal([1.0, 1.0], reflected);
        nm.Tell([3.0]);                           // better than the best: expand
        var expanded = nm.Ask()[0].ToArray();     // x_e = x̄ + 2(x_r − x̄) = (1.5, 1.5)
        Assert.Equal([1.5, 1.5], expanded);
        nm.Tell([4.0]);
        Assert.Equal([1.5, 1.5], nm.Current.ToArray());
        var adaptive = new NelderMead(new double[10]);
        Assert.Equal((1.0, 1.2, 0.7, 0.9), adaptive.Coefficients);
    }

    [Fact]
    public void NelderMead_ShrinksTowardTheBest_WhenContractionFails()
    {
        var nm = new NelderMead([0.0, 0.0], new NelderMeadOptions { InitialStep = 1, Adaptive = false });
        nm.Ask();
        nm.Tell([0.0, 1.0, 2.0]);              // best (0,1), (1,0), worst (0,0); x_r = (1,1)
        nm.Ask();
        nm.Tell([-5.0]);                       // worse than the worst: inside contraction x_cc = x̄ + ½((0,0) − x̄) = (0.25, 0.25)
        Assert.Equal([0.25, 0.25], nm.Ask()[0].ToArray());
        nm.Tell([-6.0]);                       // no better than the worst: shrink toward (0,1) by ½
        var shrunk = nm.Ask().ToArrays();
        Assert.Equal([[0.5, 0.5], [0.0, 0.5]], shrunk);
    }

    [Fact]
    public void GeneticAlgorithm_Elitism_NeverLosesTheBest()
    {
        var ga = new GeneticAlgorithm(Enumerable.Repeat(2.0, 5).ToArray(), new GeneticAlgorithmOptions { PopulationSize = 20, EliteCount = 2 }, seed: 4);
        double previous = double.NegativeInfinity;
        for (int g = 0; g < 30; g++)
        {
            var population = ga.Ask();
            Assert.Equal(g == 0 ? 20 : 18, population.Count); // elites keep their fitness and are not re-evaluated
            ga.Tell(Fitness(population, x => -TestFunctions.Sphere(x)));
            double current = -TestFunctions.Sphere(ga.Current);
            Assert.True(current >= previous, $"generation {g}: {current} < {previous}");
            Assert.Equal(ga.BestFitness, current);
            previous = current;
        }
    }

    [Fact]
    public void CrossEntropyMethod_Update_FitsMeanAndStdOfTheElites()
    {
        var cem = new CrossEntropyMethod([1.0, -1.0, 0.5], new CrossEntropyMethodOptions { PopulationSize = 20, EliteFraction = 0.25 }, seed: 8);
        Assert.Equal(5, cem.EliteCount);
        var population = cem.Ask();
        var x = population.ToArrays();
        var fitness = Fitness(population, v => -TestFunctions.Sphere(v));
        cem.Tell(fitness);
        var elites = Enumerable.Range(0, 20).OrderByDescending(i => fitness[i]).Take(5).Select(i => x[i]).ToArray();
        for (int j = 0; j < 3; j++)
        {
            double mean = elites.Average(e => e[j]);
            double std = Math.Sqrt(elites.Average(e => (e[j] - mean) * (e[j] - mean)));
            Assert.Equal(mean, cem.Current[j], 12);
            Assert.Equal(std, cem.StandardDeviations[j], 12);
        }
    }

    [Fact]
    public void CrossEntropyMethod_SmoothingExtraNoiseAndFloor()
    {
        var options = new CrossEntropyMethodOptions { PopulationSize = 10, EliteFraction = 0.2, Smoothing = 0.5, ExtraNoise = 0.04, ExtraNoiseDecrement = 0.01, NoiseFloor = 0.3 };
        var cem = new CrossEntropyMethod([0.0, 0.0], options, seed: 8);
        var population = cem.Ask();
        var x = population.ToArrays();
        var fitness = Fitness(population, v => v[0] + v[1]);
        cem.Tell(fitness);
        var elites = Enumerable.Range(0, 10).OrderByDescending(i => fitness[i]).Take(2).Select(i => x[i]).ToArray();
        for (int j = 0; j < 2; j++)
        {
            double mean = elites.Average(e => e[j]);
            double variance = elites.Average(e => (e[j] - mean) * (e[j] - mean)) + 0.04; // Z₀ = a
            Assert.Equal(0.5 * mean, cem.Current[j], 12);
            Assert.Equal(Math.Max(0.5 * Math.Sqrt(variance) + 0.5 * 0.5, 0.3), cem.StandardDeviations[j], 12);
        }
    }

    [Fact]
    public void FitnessRanking_CenteredRanks_AndTiesByIndex()
    {
        var ranking = new FitnessRanking();
        var shaped = new double[4];
        ranking.CenteredRanks([3.0, 1.0, 2.0, 5.0], shaped);
        double[] expected = [1.0 / 6, -0.5, -1.0 / 6, 0.5];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], shaped[i], 14);
        ranking.Rank([1.0, 2.0, 1.0, 2.0]);
        Assert.Equal([1, 3, 0, 2], ranking.Order.ToArray());
    }

    [Fact]
    public void EvolutionStrategies_Update_IsAdamOnTheRankShapedMirroredEstimate()
    {
        var theta0 = new[] { 0.3, -0.1, 0.2 };
        var options = new EvolutionStrategiesOptions { PopulationSize = 8, NoiseStd = 0.1, LearningRate = 0.05, WeightDecay = 0.01 };
        var es = new EvolutionStrategies(theta0, options, seed: 1);
        var population = es.Ask();
        var x = population.ToArrays();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(x[2 * i][j] - theta0[j], theta0[j] - x[2 * i + 1][j], 12); // mirrored pairs
        var fitness = Fitness(population, v => -TestFunctions.Sphere(v));
        es.Tell(fitness);

        var shaped = new double[8];
        new FitnessRanking().CenteredRanks(fitness, shaped);
        for (int j = 0; j < 3; j++)
        {
            double g = 0;
            for (int i = 0; i < 4; i++) g += (shaped[2 * i] - shaped[2 * i + 1]) * (x[2 * i][j] - theta0[j]) / options.NoiseStd;
            g = g / 8 - options.WeightDecay * theta0[j];
            Assert.Equal(g, es.LastGradient[j], 12);
            // Adam's first step moves each coordinate by α·sign(g) (up to ε).
            Assert.Equal(theta0[j] + options.LearningRate * Math.Sign(g), es.Current[j], 6);
        }
    }

    [Fact]
    public void AugmentedRandomSearch_Update_UsesTheTopDirectionsScaledBySigmaR()
    {
        var m0 = new[] { 0.1, 0.2, -0.3 };
        var options = new AugmentedRandomSearchOptions { Directions = 6, TopDirections = 2, StepSize = 0.1, NoiseStd = 0.05 };
        var ars = new AugmentedRandomSearch(m0, options, seed: 3);
        var population = ars.Ask();
        var x = population.ToArrays();
        var fitness = Fitness(population, v => -TestFunctions.Sphere(v) + 3 * v[0]);
        ars.Tell(fitness);

        var top = Enumerable.Range(0, 6).OrderByDescending(k => Math.Max(fitness[2 * k], fitness[2 * k + 1])).Take(2).ToArray();
        var used = top.SelectMany(k => new[] { fitness[2 * k], fitness[2 * k + 1] }).ToArray();
        double sigmaR = Math.Sqrt(used.Average(r => (r - used.Average()) * (r - used.Average())));
        for (int j = 0; j < 3; j++)
        {
            double step = top.Sum(k => (fitness[2 * k] - fitness[2 * k + 1]) * (x[2 * k][j] - m0[j]) / options.NoiseStd);
            Assert.Equal(m0[j] + options.StepSize / (2 * sigmaR) * step, ars.Current[j], 12);
        }
        Assert.True(ars.NormalizesObservations);
        Assert.False(new AugmentedRandomSearch(m0, options with { Version = ArsVersion.V1 }).NormalizesObservations);
    }

    [Fact]
    public void AugmentedRandomSearch_EqualReturns_LeaveTheParametersAlone()
    {
        var ars = new AugmentedRandomSearch([1.0, 2.0], new AugmentedRandomSearchOptions { Directions = 3 });
        ars.Ask();
        ars.Tell(new double[6]);
        Assert.Equal([1.0, 2.0], ars.Current.ToArray());
    }

    [Theory, InlineData(PerturbationDirections.Coordinate), InlineData(PerturbationDirections.RandomSigns)]
    public void FiniteDifference_RecoversTheExactGradient_OfAQuadratic(PerturbationDirections directions)
    {
        // J(θ) = −½θᵀAθ + bᵀθ, ∇J = −Aθ + b; central differences are exact for quadratics.
        double[,] a = { { 2, 0.5, 0 }, { 0.5, 1, 0.3 }, { 0, 0.3, 3 } };
        double[] b = [1, -2, 0.5];
        double J(ReadOnlySpan<double> t)
        {
            double value = 0;
            for (int i = 0; i < 3; i++)
            {
                value += b[i] * t[i];
                for (int k = 0; k < 3; k++) value -= 0.5 * t[i] * a[i, k] * t[k];
            }
            return value;
        }
        var theta = new[] { 0.4, -0.7, 1.1 };
        var fd = new FiniteDifferenceGradient(theta, new FiniteDifferenceGradientOptions { Directions = directions, Epsilon = 0.1 }, seed: 6);
        var population = fd.Ask();
        Assert.Equal(directions == PerturbationDirections.Coordinate ? 6 : 12, population.Count);
        fd.Tell(Fitness(population, J));
        for (int i = 0; i < 3; i++)
        {
            double exact = b[i];
            for (int k = 0; k < 3; k++) exact -= a[i, k] * theta[k];
            Assert.Equal(exact, fd.LastGradient[i], 8);
            Assert.Equal(theta[i] + 0.01 * fd.LastGradient[i], fd.Current[i], 12); // θ ← θ + α ĝ
        }
    }

    [Fact]
    public void KohlStone_AdjustmentRule_ZeroWhenUnperturbedIsBest_StepOfLengthEta()
    {
        const double eps = 0.1, eta = 0.2;
        var theta = new[] { 1.0, 2.0, 3.0 };
        var ks = new KohlStonePolicyGradient(theta, new KohlStoneOptions { Policies = 300, Epsilon = eps, StepSize = eta }, seed: 2);
        var population = ks.Ask();
        var x = population.ToArrays();
        int Sign(int i, int j) => (int)Math.Round((x[i][j] - theta[j]) / eps);
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(theta[j] + Sign(i, j) * eps, x[i][j], 14); // θ + {−ε, 0, +ε}
        // Score: leaving parameter 0 alone is best; raising parameter 1 helps; lowering parameter 2 helps a little.
        // With 300 policies each group average is precise enough for the rule's outcome to be certain.
        var fitness = Enumerable.Range(0, x.Length).Select(i => -2.0 * Math.Abs(Sign(i, 0)) + Sign(i, 1) - 0.5 * Sign(i, 2)).ToArray();
        ks.Tell(fitness);
        var step = ks.LastStep.ToArray();
        Assert.Equal(0, step[0]);
        Assert.True(step[1] > 0 && step[2] < 0);
        Assert.Equal(eta, Math.Sqrt(step.Sum(v => v * v)), 12);
        for (int j = 0; j < 3; j++) Assert.Equal(theta[j] + step[j], ks.Current[j], 14);
    }
}
