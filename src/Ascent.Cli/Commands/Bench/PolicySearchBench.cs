using System.CommandLine;
using System.Diagnostics;
using Ascent.Algorithms.GradientFree;
using Ascent.Cli.Commands.Train;
using Ascent.Environments;
using Ascent.Search;
using Evaluation = Ascent.Training.Evaluation;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// <c>ascent bench policy-search METHOD ENV [--seed S] [--steps N] [--threshold R] [--eval-episodes E] [--final-episodes F]
/// [--policy P] [--set key=value…] [--json]</c>: the learning result of one gradient-free search run — after every
/// generation the current solution is evaluated on E episodes (seeds 0…E−1, not counted as training steps, not timed), and
/// the run reports the training steps and search seconds at which that evaluation first reached the threshold, then a
/// final evaluation of F fresh episodes (seeds 1000…) after the whole budget.
/// </summary>
internal static class PolicySearchBench
{
    public static Command Create()
    {
        var command = new Command("policy-search", "Gradient-free policy search: steps and seconds until the current solution's evaluation reaches a threshold, and a final evaluation.");
        foreach (var algorithm in TrainableAlgorithm.All.Where(a => a.SearchesPolicy)) command.Subcommands.Add(CreateFor(algorithm));
        return command;
    }

    private static Command CreateFor(TrainableAlgorithm algorithm)
    {
        var common = new TrainCommand.CommonOptions();
        var threshold = new Option<double?>("--threshold") { HelpName = "R", Description = "Return to reach (default: the environment's reward threshold)." };
        var evalEpisodes = new Option<int>("--eval-episodes") { HelpName = "E", Description = "Episodes evaluating the current solution after every generation.", DefaultValueFactory = _ => 20 };
        var finalEpisodes = new Option<int>("--final-episodes") { HelpName = "F", Description = "Fresh episodes evaluating the final solution.", DefaultValueFactory = _ => 100 };
        var command = new Command(algorithm.Name, $"Learning result of {algorithm.Summary}");
        common.AddTo(command, searchesPolicy: true);
        command.Options.Add(threshold);
        command.Options.Add(evalEpisodes);
        command.Options.Add(finalEpisodes);
        command.SetAction(parse =>
        {
            var output = new BenchOutput(parse.GetValue(common.Json), parse.InvocationConfiguration.Output);
            try
            {
                int e = parse.GetValue(evalEpisodes), f = parse.GetValue(finalEpisodes);
                if (e < 1) throw new ArgumentOutOfRangeException("--eval-episodes", e, $"--eval-episodes = {e} is outside the allowed range [1, ∞).");
                if (f < 1) throw new ArgumentOutOfRangeException("--final-episodes", f, $"--final-episodes = {f} is outside the allowed range [1, ∞).");
                using var model = (PolicySearch)common.CreateModel(parse, algorithm, out _);
                double goal = parse.GetValue(threshold) ?? Envs.Spec(model.EnvId).RewardThreshold
                    ?? throw new ArgumentException($"{model.EnvId} has no reward threshold; pass --threshold.");
                long budget = common.TotalSteps(parse, model);
                long? reachedSteps = null;
                double? reachedSeconds = null;
                int? reachedGeneration = null;
                var clock = Stopwatch.StartNew();
                var result = model.Run(SearchBudget.Steps(budget), g =>
                {
                    if (reachedSteps is not null || model.EvaluateCurrent(e).MeanReturn < goal) return;
                    (reachedSteps, reachedSeconds, reachedGeneration) = (model.NumTimesteps, model.SearchSeconds, g.Generation);
                });
                double wall = clock.Elapsed.TotalSeconds;
                using var env = Envs.Make(model.EnvId, model.Settings.MaxEpisodeSteps);
                var final = Evaluation.Run(model, env, f, firstSeed: 1000, deterministic: model.Settings.Deterministic);
                output.Write(("bench", "policy-search"), ("algo", algorithm.Name), ("env", model.EnvId), ("policy", model.Settings.Policy),
                    ("seed", model.Seed), ("parameters", model.Dimension), ("threshold", goal), ("budget", budget),
                    ("reached", reachedSteps is not null), ("steps_to_threshold", reachedSteps), ("seconds_to_threshold", reachedSeconds),
                    ("generation_at_threshold", reachedGeneration), ("steps", model.NumTimesteps), ("generations", result.Generations),
                    ("search_seconds", model.SearchSeconds), ("wall_seconds", wall),
                    ("final_mean", final.MeanReturn), ("final_std", final.StdReturn), ("final_episodes", f), ("stop", result.Reason.ToString()));
                return 0;
            }
            catch (Exception ex) when (UserErrors.Is(ex))
            {
                parse.InvocationConfiguration.Error.WriteLine($"ascent bench policy-search {algorithm.Name}: {UserErrors.Message(ex)}");
                return 1;
            }
        });
        return command;
    }
}
