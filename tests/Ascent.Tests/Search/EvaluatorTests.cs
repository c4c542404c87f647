using Ascent.Search;
using static Ascent.Tests.Search.SearchTestKit;

namespace Ascent.Tests.Search;

public class EvaluatorTests
{
    private static IEnumerable<Func<ISearchMethod>> Methods()
    {
        var x0 = Enumerable.Repeat(0.5, 6).ToArray();
        yield return () => new CovarianceMatrixAdaptation(x0, new CmaEsOptions(), seed: 3);
        yield return () => new EvolutionStrategies(x0, new EvolutionStrategiesOptions { PopulationSize = 12 }, seed: 3);
        yield return () => new CrossEntropyMethod(x0, new CrossEntropyMethodOptions { PopulationSize = 12 }, seed: 3);
        yield return () => new GeneticAlgorithm(x0, new GeneticAlgorithmOptions { PopulationSize = 12, ReevaluateElites = true }, seed: 3);
        yield return () => new AugmentedRandomSearch(x0, new AugmentedRandomSearchOptions { Directions = 5, TopDirections = 3 }, seed: 3);
        yield return () => new HillClimbing(x0, new HillClimbingOptions { Offspring = 7, ReevaluateParent = true }, seed: 3);
        yield return () => new KohlStonePolicyGradient(x0, new KohlStoneOptions(), seed: 3);
        yield return () => new FiniteDifferenceGradient(x0, new FiniteDifferenceGradientOptions { Directions = PerturbationDirections.RandomSigns }, seed: 3);
        yield return () => new NelderMead(x0);
    }

    [Fact]
    public void ParallelEvaluation_IsBitIdenticalToSerial_ForEveryMethod()
    {
        var objective = new NoisySphere(6, noise: 0.3);
        foreach (var create in Methods())
        {
            var serialMethod = create();
            var parallelMethod = create();
            var serial = Run(serialMethod, objective, new EvaluationOptions { Seed = 11, EpisodesPerCandidate = 3, MaxDegreeOfParallelism = 1 }, 15);
            var parallel = Run(parallelMethod, objective, new EvaluationOptions { Seed = 11, EpisodesPerCandidate = 3, MaxDegreeOfParallelism = 4 }, 15);
            Assert.Equal(serial.Count, parallel.Count);
            for (int g = 0; g < serial.Count; g++)
            {
                // Everything but wall time must agree to the bit.
                Assert.Equal(serial[g] with { Elapsed = default }, parallel[g] with { Elapsed = default });
            }
            Assert.True(serialMethod.Current.SequenceEqual(parallelMethod.Current), $"{serialMethod.Name}: Current differs");
            Assert.True(serialMethod.Best.SequenceEqual(parallelMethod.Best), $"{serialMethod.Name}: Best differs");
            Assert.Equal(BitConverter.DoubleToInt64Bits(serialMethod.BestFitness), BitConverter.DoubleToInt64Bits(parallelMethod.BestFitness));
        }
    }

    [Fact]
    public void CommonRandomNumbers_GiveEveryCandidateTheSameEpisodeSeeds_NewOnesEachGenerationAndEpisode()
    {
        var objective = new RecordingObjective(4);
        Run(new CrossEntropyMethod(new double[4], new CrossEntropyMethodOptions { PopulationSize = 8 }), objective,
            new EvaluationOptions { Seed = 5, EpisodesPerCandidate = 3, CommonRandomNumbers = true, MaxDegreeOfParallelism = 2 }, 4);
        var contexts = objective.Contexts.ToList();
        Assert.Equal(4 * 8 * 3, contexts.Count);
        var seedPerGenerationAndEpisode = contexts.GroupBy(c => (c.Generation, c.Episode)).ToList();
        Assert.Equal(4 * 3, seedPerGenerationAndEpisode.Count);
        foreach (var group in seedPerGenerationAndEpisode)
        {
            Assert.Equal(8, group.Select(c => c.Candidate).Distinct().Count());
            Assert.Single(group.Select(c => c.EpisodeSeed).Distinct());
            Assert.Equal(EpisodeSeeds.Derive(5, group.Key.Generation, 0, group.Key.Episode, commonRandomNumbers: true), group.First().EpisodeSeed);
        }
        Assert.Equal(4 * 3, contexts.Select(c => c.EpisodeSeed).Distinct().Count());
    }

    [Fact]
    public void WithoutCommonRandomNumbers_EveryEpisodeHasItsOwnSeed()
    {
        var objective = new RecordingObjective(4);
        Run(new CrossEntropyMethod(new double[4], new CrossEntropyMethodOptions { PopulationSize = 8 }), objective,
            new EvaluationOptions { Seed = 5, EpisodesPerCandidate = 3, MaxDegreeOfParallelism = 2 }, 4);
        var contexts = objective.Contexts.ToList();
        Assert.Equal(contexts.Count, contexts.Select(c => c.EpisodeSeed).Distinct().Count());
        foreach (var c in contexts)
            Assert.Equal(EpisodeSeeds.Derive(5, c.Generation, c.Candidate, c.Episode, commonRandomNumbers: false), c.EpisodeSeed);
    }

    [Fact]
    public void EpisodeSeeds_AreNonNegativeInts_AndDependOnTheRunSeed()
    {
        for (int g = 0; g < 20; g++)
            for (int c = 0; c < 20; c++)
            {
                int seed = EpisodeSeeds.Derive(123, g, c, 0, false);
                Assert.InRange(seed, 0, int.MaxValue);
                Assert.NotEqual(seed, EpisodeSeeds.Derive(124, g, c, 0, false));
            }
    }

    [Theory, InlineData(1), InlineData(3)]
    public void NonFiniteFitness_IsReported_WithCandidateEpisodeAndSeed_NeverAveraged(int threads)
    {
        var objective = new FaultyObjective(3, double.NaN, (Candidate: 5, Episode: 1), (Candidate: 9, Episode: 0));
        var method = new CrossEntropyMethod(new double[3], new CrossEntropyMethodOptions { PopulationSize = 12 });
        using var loop = new SearchLoop(method, objective, new EvaluationOptions { Seed = 2, EpisodesPerCandidate = 2, MaxDegreeOfParallelism = threads });
        var e = Assert.Throws<NonFiniteFitnessException>(() => loop.Run(SearchBudget.Generations(1)));
        int expectedSeed = EpisodeSeeds.Derive(2, 0, 5, 1, false);
        Assert.Equal((0, 5, 1, expectedSeed), (e.Generation, e.Candidate, e.Episode, e.EpisodeSeed));
        Assert.True(double.IsNaN(e.Value));
        Assert.Contains("candidate 5", e.Message);
        Assert.Contains($"episode seed {expectedSeed}", e.Message);
        Assert.Equal(0, method.Generation); // nothing was told
        Assert.Equal(double.NegativeInfinity, method.BestFitness);
    }

    [Fact]
    public void InfiniteFitness_IsReportedToo()
    {
        var objective = new FaultyObjective(3, double.PositiveInfinity, (Candidate: 0, Episode: 0));
        using var loop = new SearchLoop(new HillClimbing(new double[3]), objective, new EvaluationOptions { MaxDegreeOfParallelism = 1 });
        var e = Assert.Throws<NonFiniteFitnessException>(() => loop.Run(SearchBudget.Generations(1)));
        Assert.Equal(0, e.Candidate);
    }

    [Fact]
    public void Tell_RejectsNonFiniteFitness_NamingTheCandidate()
    {
        var method = new CovarianceMatrixAdaptation(new double[3]);
        var population = method.Ask();
        var fitness = new double[population.Count];
        fitness[2] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => method.Tell(fitness));
        Assert.Contains("candidate 2", e.Message);
    }

    [Fact]
    public void AskTwice_ReturnsTheSamePendingGeneration_AndTellWithoutAskThrows()
    {
        var method = new CovarianceMatrixAdaptation(new double[3], new CmaEsOptions(), seed: 1);
        var first = method.Ask().ToArrays();
        var second = method.Ask().ToArrays();
        Assert.Equal(first, second);
        method.Tell(new double[first.Length]);
        Assert.Throws<InvalidOperationException>(() => method.Tell(new double[first.Length]));
        Assert.Throws<ArgumentException>(() => { method.Ask(); method.Tell(new double[first.Length + 1]); });
    }

    [Fact]
    public void EvaluationBudget_IsNeverExceeded_AndTheNextRunContinues()
    {
        var method = new CovarianceMatrixAdaptation(new double[4], new CmaEsOptions { PopulationSize = 8 });
        using var loop = new SearchLoop(method, FunctionObjective.Minimize(4, TestFunctions.Sphere), new EvaluationOptions { EpisodesPerCandidate = 2, MaxDegreeOfParallelism = 1 });
        var result = loop.Run(SearchBudget.Evaluations(100)); // 16 per generation: 6 generations = 96
        Assert.Equal(StopReason.Evaluations, result.Reason);
        Assert.Equal(96, result.Evaluations);
        Assert.Equal(6, result.Generations);
        var more = loop.Run(SearchBudget.Evaluations(32));
        Assert.Equal(128, more.Evaluations);
        Assert.Equal(8, more.Generations);
    }

    [Fact]
    public void GenerationStepAndTargetBudgets_StopTheLoop()
    {
        var objective = new NoisySphere(3, noise: 0);
        using (var loop = new SearchLoop(new CovarianceMatrixAdaptation(new double[3]), objective, new EvaluationOptions { MaxDegreeOfParallelism = 1 }))
        {
            var r = loop.Run(SearchBudget.Generations(3));
            Assert.Equal((StopReason.Generations, 3), (r.Reason, r.Generations));
            var s = loop.Run(SearchBudget.Steps(1000));
            Assert.Equal(StopReason.Steps, s.Reason);
            Assert.True(s.Steps - r.Steps >= 1000);
        }
        var sphere = FunctionObjective.Minimize(3, TestFunctions.Sphere);
        using (var loop = new SearchLoop(new CovarianceMatrixAdaptation(Enumerable.Repeat(1.0, 3).ToArray()), sphere))
        {
            var t = loop.Run(new SearchBudget { TargetFitness = -1e-6, MaxGenerations = 10_000 });
            Assert.Equal(StopReason.TargetReached, t.Reason);
            Assert.True(t.BestFitness >= -1e-6);
        }
        Assert.Throws<ArgumentException>(() => new SearchBudget().Validate());
    }

    [Fact]
    public void ConvergedMethod_StopsTheLoop()
    {
        using var loop = new SearchLoop(new NelderMead([1.0, 2.0]), FunctionObjective.Minimize(2, TestFunctions.Sphere));
        var r = loop.Run(SearchBudget.Evaluations(1_000_000));
        Assert.Equal(StopReason.Converged, r.Reason);
        Assert.True(TestFunctions.Sphere(r.Best) < 1e-15);
    }

    [Fact]
    public void ProgressReport_HoldsTheGenerationsBestMeanAndStd()
    {
        // Hill climbing with 3 offspring on a linear function: check the report against the fitness recomputed by hand.
        var method = new HillClimbing([0.0, 0.0], new HillClimbingOptions { Offspring = 3 }, seed: 9);
        ObjectiveFunction f = x => x[0] + 2 * x[1];
        var population = method.Ask().ToArrays();
        var fitness = population.Select(x => f(x)).ToArray();
        var reports = new List<GenerationReport>();
        var fresh = new HillClimbing([0.0, 0.0], new HillClimbingOptions { Offspring = 3 }, seed: 9);
        using var loop = new SearchLoop(fresh, FunctionObjective.Maximize(2, f), new EvaluationOptions { MaxDegreeOfParallelism = 1 });
        loop.Run(SearchBudget.Generations(1), reports.Add);
        var report = Assert.Single(reports);
        double mean = fitness.Average();
        Assert.Equal(fitness.Max(), report.Best);
        Assert.Equal(mean, report.Mean, 12);
        Assert.Equal(Math.Sqrt(fitness.Select(v => (v - mean) * (v - mean)).Average()), report.Std, 12);
        Assert.Equal(fitness.Max(), report.BestEver);
        Assert.Equal(fresh.StepSize, report.StepSize);
        Assert.Equal((1, 4L, 0L), (report.Generation, report.Evaluations, report.Steps));
        Assert.Contains("best", report.ToString());
    }

    [Fact]
    public void DimensionMismatch_BetweenMethodAndObjective_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new SearchLoop(new CovarianceMatrixAdaptation(new double[3]), FunctionObjective.Minimize(4, TestFunctions.Sphere)));
        Assert.Contains("3", e.Message);
        Assert.Contains("4", e.Message);
    }
}
