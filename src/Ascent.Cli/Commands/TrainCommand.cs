using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ascent.Autodiff;
using Ascent.Cli.Commands.Bench;
using Ascent.Cli.Commands.Train;
using Ascent.Environments;
using Ascent.Io.Config;
using Ascent.Training;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent train ALGO ENV [--steps N] [--seed S] [--config FILE] [--set key=value…] [--json]</c>: trains an algorithm
/// (one subcommand per <see cref="TrainableAlgorithm"/>) with the shipped tuned hyperparameters of ENV, writes a run
/// directory (<c>config.yaml</c>, <c>progress.csv</c>, <c>progress.jsonl</c>, TensorBoard events, <c>machine.json</c>,
/// <c>model.zip</c>) and prints a summary; with <c>--json</c> the output ends with one line
/// <c>{"bench":"train","algo":…,"env":…,"steps":…,"seconds":…,"steps_per_s":…,"mean_return_100":…,"run_dir":…}</c>.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train a policy on an environment (RL Zoo's tuned hyperparameters by default) and write a run directory.");
        foreach (var algorithm in TrainableAlgorithm.All) command.Subcommands.Add(CreateFor(algorithm));
        return command;
    }

    /// <summary>The options <c>train</c> and <c>bench train</c> share.</summary>
    internal sealed class CommonOptions
    {
        public Argument<string?> Env { get; } = new("ENV") { Description = "Environment id, e.g. CartPole-v1 (see `ascent envs`).", Arity = ArgumentArity.ZeroOrOne };
        public Option<long?> Steps { get; } = new("--steps") { Description = "Environment steps to train (default: n_timesteps of the hyperparameters)." };
        public Option<int?> Seed { get; } = new("--seed") { Description = "Random seed (same as --set seed=S; default: drawn and recorded)." };
        public Option<string?> Config { get; } = new("--config") { Description = "RL Zoo-style hyperparameter file to read instead of the shipped one (its ENV or default section)." };
        public Option<string?> Preset { get; } = new("--preset") { Description = "Start from a shipped preset instead of the tuned hyperparameters, e.g. --preset cleanrl for PPO (hyperparams/presets/ALGO.PRESET.yml)." };
        public Option<string[]> Set { get; } = new("--set") { Description = "Override one option, key=value (YAML value; repeatable), e.g. --set n_envs=4 --set learning_rate=lin_1e-3.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        public Option<bool> Json { get; } = new("--json") { Description = "End with one JSON line of results (progress goes to standard error)." };

        public void AddTo(Command command)
        {
            command.Arguments.Add(Env);
            command.Options.Add(Steps);
            command.Options.Add(Seed);
            command.Options.Add(Config);
            command.Options.Add(Preset);
            command.Options.Add(Set);
            command.Options.Add(Json);
        }

        /// <summary>Builds the model from the parsed options: tuned section or --config, then --seed and --set.</summary>
        public BaseAlgorithm CreateModel(ParseResult parse, TrainableAlgorithm algorithm, out string configSource)
        {
            string env = parse.GetValue(Env) ?? throw new ArgumentException("an environment id (ENV) is required, e.g. CartPole-v1 (`ascent envs` lists them).");
            var section = algorithm.Section(env, parse.GetValue(Config), out configSource, parse.GetValue(Preset));
            var overrides = new List<string>();
            if (parse.GetValue(Seed) is int seed) overrides.Add("seed=" + seed.ToString(CultureInfo.InvariantCulture));
            overrides.AddRange(parse.GetValue(Set) ?? []);
            return algorithm.Create(env, section, overrides);
        }

        /// <summary>--steps, or the model's n_timesteps; must be ≥ 1.</summary>
        public long TotalSteps(ParseResult parse, BaseAlgorithm model)
        {
            long steps = parse.GetValue(Steps) ?? model.DefaultTimesteps;
            if (steps < 1) throw new ArgumentOutOfRangeException("--steps", steps, $"--steps = {steps} is outside the allowed range [1, ∞).");
            return steps;
        }
    }

    /// <summary>Whether an exception is a user error to report with exit code 1 (bad options, files, environments, NaN).</summary>
    internal static bool IsUserError(Exception e) =>
        e is ConfigException or ArgumentException or IOException or UnauthorizedAccessException or NonFiniteException or InvalidDataException;

    private static Command CreateFor(TrainableAlgorithm algorithm)
    {
        var common = new CommonOptions();
        var runs = new Option<string>("--runs") { Description = "Directory under which the run directory is created.", DefaultValueFactory = _ => "runs" };
        var logInterval = new Option<int?>("--log-interval") { Description = $"Iterations between log dumps (default {algorithm.DefaultLogInterval})." };
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "After training, evaluate the deterministic policy on this many fresh episodes (seeds 0, 1, …).", DefaultValueFactory = _ => 0 };
        var verbose = new Option<bool>("--verbose") { Description = "Print every log dump as a table." };
        var listOptions = new Option<bool>("--list-options") { Description = "List the keys --set and --config accept (type, default, range) and exit." };
        var command = new Command(algorithm.Name, $"Train with {algorithm.Summary}");
        common.AddTo(command);
        command.Options.Add(runs);
        command.Options.Add(logInterval);
        command.Options.Add(evalEpisodes);
        command.Options.Add(verbose);
        command.Options.Add(listOptions);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            bool json = parse.GetValue(common.Json);
            if (parse.GetValue(listOptions))
            {
                foreach (var o in algorithm.Options())
                    output.WriteLine($"{o.Key,-22} {o.Default,-28} {(o.Allowed.Length > 0 ? o.Allowed + "  " : "")}{o.Description}");
                return 0;
            }
            try
            {
                int interval = parse.GetValue(logInterval) ?? algorithm.DefaultLogInterval;
                if (interval < 0) throw new ArgumentOutOfRangeException("--log-interval", interval, $"--log-interval = {interval} is outside the allowed range [0, ∞).");
                int episodes = parse.GetValue(evalEpisodes);
                if (episodes < 0) throw new ArgumentOutOfRangeException("--eval-episodes", episodes, $"--eval-episodes = {episodes} is outside the allowed range [0, ∞).");
                using var model = common.CreateModel(parse, algorithm, out string configSource);
                long steps = common.TotalSteps(parse, model);
                string commandLine = "ascent " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ') ? $"'{t.Value}'" : t.Value));
                string runDir = TrainingRun.Start(model, parse.GetValue(runs)!, commandLine, parse.GetValue(verbose) && !json ? output : null);
                var progressOut = json ? error : output;
                if (!json) progressOut.WriteLine($"{algorithm.Name} on {model.EnvId}, seed {model.Seed}, {steps:N0} steps ({configSource}); run directory {runDir}");
                foreach (var note in model.ConfigurationNotes) progressOut.WriteLine("note: " + note);
                var clock = Stopwatch.StartNew();
                TrainingProgress.Run(progressOut, callback => model.Learn(steps, callback, interval));
                double seconds = clock.Elapsed.TotalSeconds;
                model.Save(Path.Combine(runDir, TrainingRun.ModelFile));
                Evaluation? evaluation = null;
                if (episodes > 0)
                {
                    using var evaluationEnv = Envs.Make(model.EnvId);
                    evaluation = Evaluation.Run(model, evaluationEnv, episodes);
                }
                WriteSummary(output, json, algorithm.Name, model, seconds, runDir, evaluation);
                return 0;
            }
            catch (Exception e) when (IsUserError(e))
            {
                error.WriteLine($"ascent train {algorithm.Name}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void WriteSummary(TextWriter output, bool json, string algo, BaseAlgorithm model, double seconds, string runDir, Evaluation? evaluation)
    {
        var w = model.Episodes;
        double rate = model.NumTimesteps / Math.Max(seconds, 1e-9);
        if (json)
        {
            var fields = new List<(string, object?)>
            {
                ("bench", "train"), ("algo", algo), ("env", model.EnvId), ("steps", model.NumTimesteps), ("seconds", seconds),
                ("steps_per_s", rate), ("mean_return_100", w.MeanReturn), ("std_return_100", w.StdReturn), ("episodes", w.TotalEpisodes),
                ("seed", model.Seed), ("run_dir", runDir),
            };
            if (evaluation is not null) { fields.Add(("eval_mean_return", evaluation.MeanReturn)); fields.Add(("eval_std_return", evaluation.StdReturn)); fields.Add(("eval_episodes", evaluation.Returns.Count)); }
            output.WriteLine(BenchOutput.ToJson([.. fields]));
            return;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{algo} on {model.EnvId}: {model.NumTimesteps:N0} steps in {seconds:F1} s ({rate:N0} steps/s); mean return of the last {w.Count} episodes {w.MeanReturn:F1} ± {w.StdReturn:F1} ({w.TotalEpisodes:N0} episodes)"));
        if (evaluation is not null)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"deterministic evaluation: {evaluation.MeanReturn:F1} ± {evaluation.StdReturn:F1} over {evaluation.Returns.Count} episodes"));
        output.WriteLine($"run directory: {runDir} ({TrainingRun.ModelFile}, progress.csv, config.yaml; `ascent report {runDir}`)");
    }
}
