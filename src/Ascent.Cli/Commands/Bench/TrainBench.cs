using System.CommandLine;
using System.Diagnostics;
using Ascent.Cli.Commands.Train;
using Ascent.Training;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// <c>ascent bench train ALGO ENV [--steps N] [--repeat R] [--json]</c>: end-to-end training throughput — a whole
/// <c>Learn</c> call with the shipped tuned hyperparameters, single-threaded, no run directory — in environment steps
/// per second of wall time and of this process's CPU time, with the rollout phase (acting, stepping, bootstrapping,
/// advantages; the policy and the environments separately) and the update phase timed apart.
/// One subcommand per <see cref="TrainableAlgorithm"/>, so <c>bench train ppo</c> appears when PPO registers.
/// </summary>
/// <remarks>
/// The comparator is Stable-Baselines3's A2C with the Zoo's CartPole-v1 settings, torch 1.13 on one thread, measured on
/// this machine: 500k steps in 43 s (11.7k steps/s; <c>../shared/reference/README.md</c>). The first repetition includes
/// JIT compilation, as a real run does; with <c>--repeat</c> the best repetition is reported and each one starts from a
/// fresh model with the same seed.
/// </remarks>
internal static class TrainBench
{
    public static Command Create()
    {
        var command = new Command("train", "End-to-end training steps/s (rollout and update phases apart), one core, tuned hyperparameters, no run directory.");
        foreach (var algorithm in TrainableAlgorithm.All) command.Subcommands.Add(CreateFor(algorithm));
        return command;
    }

    private static Command CreateFor(TrainableAlgorithm algorithm)
    {
        var common = new TrainCommand.CommonOptions();
        var repeat = new Option<int>("--repeat") { Description = "Train this many times from scratch and report the fastest (default 1).", DefaultValueFactory = _ => 1 };
        var command = new Command(algorithm.Name, $"Training throughput of {algorithm.Summary}");
        common.AddTo(command, algorithm.SearchesPolicy);
        command.Options.Add(repeat);
        command.SetAction(parse =>
        {
            var output = new BenchOutput(parse.GetValue(common.Json), parse.InvocationConfiguration.Output);
            var error = parse.InvocationConfiguration.Error;
            try
            {
                int repetitions = parse.GetValue(repeat);
                if (repetitions < 1 || repetitions > 100) throw new ArgumentOutOfRangeException("--repeat", repetitions, $"--repeat = {repetitions} is outside the allowed range [1, 100].");
                Result? best = null;
                for (int r = 0; r < repetitions; r++)
                {
                    using var model = common.CreateModel(parse, algorithm, out _);
                    if (parse.GetValue(common.Seed) is null && !(parse.GetValue(common.Set) ?? []).Any(s => s.StartsWith("seed=", StringComparison.Ordinal)))
                        output.Note($"seed {model.Seed} (drawn; pass --seed to repeat a run)");
                    var result = Measure(model, common.TotalSteps(parse, model));
                    if (best is null || result.Seconds < best.Seconds) best = result;
                }
                Write(output, algorithm.Name, best!);
                return 0;
            }
            catch (Exception e) when (UserErrors.Is(e))
            {
                error.WriteLine($"ascent bench train {algorithm.Name}: {UserErrors.Message(e)}");
                return 1;
            }
        });
        return command;
    }

    private sealed record Result(string Env, long Steps, double Seconds, double CpuSeconds, double MeanReturn,
        double? RolloutSeconds, double? UpdateSeconds, double? ActSeconds, double? EnvSeconds);

    private static Result Measure(BaseAlgorithm model, long steps)
    {
        var onPolicy = model as OnPolicyAlgorithm;
        if (onPolicy is not null) onPolicy.Collector.TimePhases = true;
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        model.Learn(steps, logInterval: 0);
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        return new Result(model.EnvId, model.NumTimesteps, seconds, cpu, model.Episodes.MeanReturn,
            onPolicy?.RolloutSeconds, onPolicy?.UpdateSeconds, onPolicy?.Collector.ActSeconds, onPolicy?.Collector.EnvSeconds);
    }

    private static void Write(BenchOutput output, string algo, Result r)
    {
        output.Write(("bench", "train"), ("algo", algo), ("env", r.Env), ("steps", r.Steps), ("seconds", r.Seconds),
            ("steps_per_s", r.Steps / r.Seconds), ("mean_return_100", r.MeanReturn),
            ("cpu_seconds", r.CpuSeconds), ("cpu_steps_per_s", r.Steps / r.CpuSeconds),
            ("rollout_s", r.RolloutSeconds), ("rollout_act_s", r.ActSeconds), ("rollout_env_s", r.EnvSeconds), ("update_s", r.UpdateSeconds));
    }
}
