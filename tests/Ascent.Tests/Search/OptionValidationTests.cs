using Ascent.Search;

namespace Ascent.Tests.Search;

public class OptionValidationTests
{
    private static readonly double[] X = [0.0, 0.0, 0.0];

    public static TheoryData<string, string, string> InvalidOptions() => new()
    {
        // case, expected option name in the message, expected range text
        { "cem population 1", "CrossEntropyMethodOptions.PopulationSize", "at least 2" },
        { "cem elite fraction 0", "CrossEntropyMethodOptions.EliteFraction", "(0, 1]" },
        { "cem elite fraction 1.5", "CrossEntropyMethodOptions.EliteFraction", "(0, 1]" },
        { "cem elite fraction NaN", "CrossEntropyMethodOptions.EliteFraction", "(0, 1]" },
        { "cem sigma 0", "CrossEntropyMethodOptions.InitialStd", "> 0" },
        { "cem smoothing 0", "CrossEntropyMethodOptions.Smoothing", "(0, 1]" },
        { "cem floor -1", "CrossEntropyMethodOptions.NoiseFloor", "≥ 0" },
        { "cma population 1", "CmaEsOptions.PopulationSize", "at least 2" },
        { "cma sigma -1", "CmaEsOptions.InitialStepSize", "> 0" },
        { "cma mu 0", "CmaEsOptions.ParentCount", "[1, 10]" },
        { "ga population 1", "GeneticAlgorithmOptions.PopulationSize", "at least 2" },
        { "ga elites = population", "GeneticAlgorithmOptions.EliteCount", "[0, 9]" },
        { "ga tournament 0", "GeneticAlgorithmOptions.TournamentSize", "[1, 10]" },
        { "ga crossover 2", "GeneticAlgorithmOptions.CrossoverRate", "[0, 1]" },
        { "ga mutation sigma 0", "GeneticAlgorithmOptions.MutationStd", "> 0" },
        { "es population 1", "EvolutionStrategiesOptions.PopulationSize", "at least 2" },
        { "es population odd", "EvolutionStrategiesOptions.PopulationSize", "even" },
        { "es sigma 0", "EvolutionStrategiesOptions.NoiseStd", "> 0" },
        { "es beta1 1", "EvolutionStrategiesOptions.Beta1", "[0, 1)" },
        { "ars directions 0", "AugmentedRandomSearchOptions.Directions", "at least 1" },
        { "ars top > directions", "AugmentedRandomSearchOptions.TopDirections", "[1, 4]" },
        { "ars sigma 0", "AugmentedRandomSearchOptions.NoiseStd", "> 0" },
        { "hill sigma 0", "HillClimbingOptions.InitialStepSize", "> 0" },
        { "hill success rate 1", "HillClimbingOptions.TargetSuccessRate", "(0, 1)" },
        { "nm step 0", "NelderMeadOptions.InitialStep", "> 0" },
        { "kohl-stone policies 1", "KohlStoneOptions.Policies", "at least 2" },
        { "kohl-stone epsilon per parameter", "KohlStoneOptions.EpsilonPerParameter[1]", "> 0" },
        { "fd perturbations < n", "FiniteDifferenceGradientOptions.Perturbations", "at least 3" },
        { "fd epsilon 0", "FiniteDifferenceGradientOptions.Epsilon", "> 0" },
        { "evaluation episodes 0", "EvaluationOptions.EpisodesPerCandidate", "at least 1" },
        { "evaluation threads 0", "EvaluationOptions.MaxDegreeOfParallelism", "at least 1" },
    };

    private static void Build(string name)
    {
        switch (name)
        {
            case "cem population 1": _ = new CrossEntropyMethod(X, new CrossEntropyMethodOptions { PopulationSize = 1 }); break;
            case "cem elite fraction 0": _ = new CrossEntropyMethod(X, new CrossEntropyMethodOptions { EliteFraction = 0 }); break;
            case "cem elite fraction 1.5": _ = new CrossEntropyMethod(X, new CrossEntropyMethodOptions { EliteFraction = 1.5 }); break;
            case "cem elite fraction NaN": _ = new CrossEntropyMethod(X, new CrossEntropyMethodOptions { EliteFraction = double.NaN }); break;
            case "cem sigma 0": _ = new CrossEntropyMethod(X, new CrossEntropyMethodOptions { InitialStd = 0 }); break;
            case "cem smoothing 0": _ = new CrossEntropyMethod(X, new CrossEntropyMethodOptions { Smoothing = 0 }); break;
            case "cem floor -1": _ = new CrossEntropyMethod(X, new CrossEntropyMethodOptions { NoiseFloor = -1 }); break;
            case "cma population 1": _ = new CovarianceMatrixAdaptation(X, new CmaEsOptions { PopulationSize = 1 }); break;
            case "cma sigma -1": _ = new CovarianceMatrixAdaptation(X, new CmaEsOptions { InitialStepSize = -1 }); break;
            case "cma mu 0": _ = new CovarianceMatrixAdaptation(X, new CmaEsOptions { PopulationSize = 10, ParentCount = 0 }); break;
            case "ga population 1": _ = new GeneticAlgorithm(X, new GeneticAlgorithmOptions { PopulationSize = 1 }); break;
            case "ga elites = population": _ = new GeneticAlgorithm(X, new GeneticAlgorithmOptions { PopulationSize = 10, EliteCount = 10 }); break;
            case "ga tournament 0": _ = new GeneticAlgorithm(X, new GeneticAlgorithmOptions { PopulationSize = 10, TournamentSize = 0 }); break;
            case "ga crossover 2": _ = new GeneticAlgorithm(X, new GeneticAlgorithmOptions { CrossoverRate = 2 }); break;
            case "ga mutation sigma 0": _ = new GeneticAlgorithm(X, new GeneticAlgorithmOptions { MutationStd = 0 }); break;
            case "es population 1": _ = new EvolutionStrategies(X, new EvolutionStrategiesOptions { PopulationSize = 1 }); break;
            case "es population odd": _ = new EvolutionStrategies(X, new EvolutionStrategiesOptions { PopulationSize = 7 }); break;
            case "es sigma 0": _ = new EvolutionStrategies(X, new EvolutionStrategiesOptions { NoiseStd = 0 }); break;
            case "es beta1 1": _ = new EvolutionStrategies(X, new EvolutionStrategiesOptions { Beta1 = 1 }); break;
            case "ars directions 0": _ = new AugmentedRandomSearch(X, new AugmentedRandomSearchOptions { Directions = 0 }); break;
            case "ars top > directions": _ = new AugmentedRandomSearch(X, new AugmentedRandomSearchOptions { Directions = 4, TopDirections = 5 }); break;
            case "ars sigma 0": _ = new AugmentedRandomSearch(X, new AugmentedRandomSearchOptions { NoiseStd = 0 }); break;
            case "hill sigma 0": _ = new HillClimbing(X, new HillClimbingOptions { InitialStepSize = 0 }); break;
            case "hill success rate 1": _ = new HillClimbing(X, new HillClimbingOptions { TargetSuccessRate = 1 }); break;
            case "nm step 0": _ = new NelderMead(X, new NelderMeadOptions { InitialStep = 0 }); break;
            case "kohl-stone policies 1": _ = new KohlStonePolicyGradient(X, new KohlStoneOptions { Policies = 1 }); break;
            case "kohl-stone epsilon per parameter": _ = new KohlStonePolicyGradient(X, new KohlStoneOptions { EpsilonPerParameter = [0.1, -0.1, 0.1] }); break;
            case "fd perturbations < n": _ = new FiniteDifferenceGradient(X, new FiniteDifferenceGradientOptions { Directions = PerturbationDirections.RandomSigns, Perturbations = 2 }); break;
            case "fd epsilon 0": _ = new FiniteDifferenceGradient(X, new FiniteDifferenceGradientOptions { Epsilon = 0 }); break;
            case "evaluation episodes 0": _ = new PopulationEvaluator(FunctionObjective.Minimize(3, TestFunctions.Sphere), new EvaluationOptions { EpisodesPerCandidate = 0 }); break;
            case "evaluation threads 0": _ = new PopulationEvaluator(FunctionObjective.Minimize(3, TestFunctions.Sphere), new EvaluationOptions { MaxDegreeOfParallelism = 0 }); break;
            default: throw new ArgumentException(name);
        }
    }

    [Theory, MemberData(nameof(InvalidOptions))]
    public void InvalidOption_Throws_NamingOptionValueAndRange(string name, string option, string range)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Build(name));
        Assert.Equal(option, e.ParamName);
        Assert.Contains(option + " = ", e.Message);
        Assert.Contains(range, e.Message);
    }

    public static TheoryData<string> MethodNames() => ["hill", "nelder-mead", "ga", "cem", "cma-es", "es", "ars", "fd-kohl-stone", "fd"];

    [Theory, MemberData(nameof(MethodNames))]
    public void ZeroParameters_Throws_NamingTheParameterCount(string method)
    {
        double[] empty = [];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => method switch
        {
            "hill" => (object)new HillClimbing(empty),
            "nelder-mead" => new NelderMead(empty),
            "ga" => new GeneticAlgorithm(empty),
            "cem" => new CrossEntropyMethod(empty),
            "cma-es" => new CovarianceMatrixAdaptation(empty),
            "es" => new EvolutionStrategies(empty),
            "ars" => new AugmentedRandomSearch(empty),
            "fd-kohl-stone" => new KohlStonePolicyGradient(empty),
            _ => new FiniteDifferenceGradient(empty),
        });
        Assert.Contains("parameter count is 0", e.Message);
    }

    [Fact]
    public void NonFiniteStart_Throws_NamingTheEntry()
    {
        var e = Assert.Throws<ArgumentException>(() => new CovarianceMatrixAdaptation([0.0, double.NaN]));
        Assert.Contains("start[1]", e.Message);
    }

    [Fact]
    public void EpsilonPerParameter_OfWrongLength_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new KohlStonePolicyGradient(X, new KohlStoneOptions { EpsilonPerParameter = [0.1] }));
        Assert.Contains("1 entries but there are 3 parameters", e.Message);
    }
}
