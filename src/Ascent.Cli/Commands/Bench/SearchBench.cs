using System.CommandLine;
using System.Diagnostics;
using Ascent.Search;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// <c>ascent bench search</c>: every gradient-free method on the known-function cases (evaluations to the stated
/// target, and the value after the whole budget, per seed), and the speed-up of parallel over serial evaluation
/// with the bit-identity of their results.
/// </summary>
internal static class SearchBench
{
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1…N per case.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "One JSON object per line." };
        var command = new Command("search", "Gradient-free search on 10-D sphere/Rosenbrock: evaluations to target, final value; parallel speed-up.");
        command.Options.Add(seeds);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(seeds);
            if (n < 1) throw new ArgumentOutOfRangeException("--seeds", n, $"--seeds = {n} is out of range: it must be at least 1.");
            var output = new BenchOutput(parse.GetValue(json));
            KnownFunctions(output, n);
            Parallelism(output);
            return 0;
        });
        return command;
    }

    private static void KnownFunctions(BenchOutput output, int seeds)
    {
        output.Note("# Known functions (10-D): evaluations until f(Current) <= target, and f(Current) after the whole budget.");
        foreach (var c in KnownFunctionCases.All)
        {
            int runs = c.UsesSeed ? seeds : 1;
            for (ulong seed = 1; seed <= (ulong)runs; seed++)
            {
                var clock = Stopwatch.StartNew();
                var (final, toTarget, reached) = KnownFunctionCases.Run(c, seed, stopAtTarget: false);
                output.Write(("bench", "search"), ("method", c.Method), ("function", c.Function), ("settings", c.Settings),
                    ("seed", (long)seed), ("target", c.Target), ("budget", c.Budget), ("reached", reached),
                    ("evals_to_target", reached ? toTarget : null), ("final", final), ("seconds", clock.Elapsed.TotalSeconds));
            }
        }
    }

    /// <summary>ES on a Rosenbrock made expensive (≈ 100 µs per call), serial against all cores.</summary>
    private static void Parallelism(BenchOutput output)
    {
        output.Note($"# Parallel evaluation: ES (N = 50) on an expensive Rosenbrock, 1 thread vs {Environment.ProcessorCount}.");
        var objective = FunctionObjective.Minimize(KnownFunctionCases.Dimension, ExpensiveRosenbrock);
        (double Seconds, double[] Current) RunWith(int threads)
        {
            var method = new EvolutionStrategies(new double[KnownFunctionCases.Dimension], new EvolutionStrategiesOptions(), seed: 7);
            using var loop = new SearchLoop(method, objective, new EvaluationOptions { MaxDegreeOfParallelism = threads, Seed = 7 });
            var clock = Stopwatch.StartNew();
            loop.Run(SearchBudget.Generations(40));
            return (clock.Elapsed.TotalSeconds, method.Current.ToArray());
        }
        RunWith(1); // warm-up
        double serial = double.MaxValue, parallel = double.MaxValue;
        double[] serialResult = [], parallelResult = [];
        for (int r = 0; r < 3; r++)
        {
            var s = RunWith(1);
            var p = RunWith(Environment.ProcessorCount);
            if (s.Seconds < serial) (serial, serialResult) = s;
            if (p.Seconds < parallel) (parallel, parallelResult) = p;
        }
        output.Write(("bench", "search-parallel"), ("threads", Environment.ProcessorCount), ("serial_seconds", serial),
            ("parallel_seconds", parallel), ("speedup", serial / parallel), ("identical", serialResult.AsSpan().SequenceEqual(parallelResult)));
    }

    private static double ExpensiveRosenbrock(ReadOnlySpan<double> x)
    {
        double value = 0;
        for (int repeat = 0; repeat < 4000; repeat++) value = TestFunctions.Rosenbrock(x) + value * 1e-300;
        return value;
    }
}
