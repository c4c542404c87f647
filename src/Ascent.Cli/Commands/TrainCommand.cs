using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Ascent.Autodiff;
using Ascent.Cli.Commands.Train;
using Ascent.Io;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Training;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent train ALGO ENV [options]</c>: trains an algorithm (one subcommand per <see cref="TrainableAlgorithm"/>) with
/// the shipped tuned hyperparameters of ENV, shows progress, evaluates and checkpoints periodically, and writes a run
/// directory (see <see cref="TrainingSession"/>); <c>--resume RUN_DIR</c> continues a run from its newest checkpoint, and
/// Ctrl-C stops cleanly with a final checkpoint. With <c>--json</c> the output ends with one line
/// <c>{"bench":"train","algo":…,"env":…,"steps":…,"seconds":…,"steps_per_s":…,"mean_return_100":…,"run_dir":…}</c>.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        // Words after `train` that are not an algorithm land in this hidden argument, so the action below can name close matches.
        var unknown = new Argument<string[]>("WORDS") { Hidden = true, Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("train", "Train a policy on an environment (RL Zoo's tuned hyperparameters by default) and write a run directory.");
        command.Arguments.Add(unknown);
        foreach (var a in TrainableAlgorithm.All) command.Subcommands.Add(CreateFor(a));
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            string? name = (parse.GetValue(unknown) ?? []).FirstOrDefault();
            error.WriteLine(name is null || name.StartsWith('-')
                ? $"ascent train: an algorithm is required: ascent train ALGO ENV, with ALGO one of {string.Join(", ", TrainableAlgorithm.All.Select(a => a.Name))} (ascent train --help)."
                : $"ascent train: {Message(() => TrainableAlgorithm.Find(name))}");
            return 1;
        });
        return command;
    }

    private static string Message(Action find)
    {
        try { find(); return ""; }
        catch (ArgumentException e) { return e.Message; }
    }

    /// <summary>The options <c>train</c>, <c>bench train</c> and <c>bench policy-search</c> share (<c>train</c> words some of their help for its run directory and <c>--resume</c>).</summary>
    internal sealed class CommonOptions
    {
        public Argument<string?> Env { get; } = new("ENV") { Description = "Environment id, e.g. CartPole-v1 (see `ascent envs`).", Arity = ArgumentArity.ZeroOrOne };
        public Option<long?> Steps { get; } = new("--steps") { HelpName = "N",  Description = "Environment steps to train (default: n_timesteps of the hyperparameters)." };
        public Option<int?> Seed { get; } = new("--seed") { HelpName = "S",  Description = "Random seed (same as --set seed=S; default: drawn)." };
        public Option<string?> Config { get; } = new("--config") { HelpName = "FILE",  Description = "RL Zoo-style hyperparameter file to read instead of the shipped one (its ENV or default section)." };
        public Option<string?> Preset { get; } = new("--preset") { HelpName = "NAME",  Description = "Start from a shipped preset instead of the tuned hyperparameters, e.g. --preset cleanrl for PPO (hyperparams/presets/ALGO.PRESET.yml)." };
        public Option<string[]> Set { get; } = new("--set") { HelpName = "KEY=VALUE",  Description = "Override one option, key=value (YAML value; repeatable), e.g. --set n_envs=4 --set learning_rate=lin_1e-3; --list-options shows the keys.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        public Option<bool> Json { get; } = new("--json") { Description = "Print the results as JSON, one object per line." };
        public Option<string?> Policy { get; } = new("--policy") { HelpName = "P", Description = "The policy searched: linear or mlp:W[,W...], e.g. mlp:16 (same as --set policy=P)." };

        /// <summary>Adds the shared options to <paramref name="command"/>; <c>--policy</c> only for a policy search.</summary>
        public void AddTo(Command command, bool searchesPolicy = false)
        {
            command.Arguments.Add(Env);
            command.Options.Add(Steps);
            command.Options.Add(Seed);
            command.Options.Add(Config);
            command.Options.Add(Preset);
            command.Options.Add(Set);
            if (searchesPolicy) command.Options.Add(Policy);
            command.Options.Add(Json);
        }

        /// <summary>Builds the model from the parsed options: tuned section, --preset or --config, then --seed, --policy and --set.</summary>
        public BaseAlgorithm CreateModel(ParseResult parse, TrainableAlgorithm algorithm, out string configSource)
        {
            string env = parse.GetValue(Env) ?? throw new ArgumentException("an environment id (ENV) is required, e.g. CartPole-v1 (`ascent envs` lists them).");
            var section = algorithm.Section(env, parse.GetValue(Config), out configSource, parse.GetValue(Preset));
            return algorithm.Create(env, section, Overrides(parse));
        }

        /// <summary>--seed, --policy and the --set settings, in that order.</summary>
        public List<string> Overrides(ParseResult parse)
        {
            var overrides = new List<string>();
            if (parse.GetValue(Seed) is int seed) overrides.Add("seed=" + seed.ToString(CultureInfo.InvariantCulture));
            if (parse.GetValue(Policy) is string policy) overrides.Add("policy=" + policy);
            overrides.AddRange(parse.GetValue(Set) ?? []);
            return overrides;
        }

        /// <summary>--steps, or the model's n_timesteps; must be ≥ 1.</summary>
        public long TotalSteps(ParseResult parse, BaseAlgorithm model) => CheckSteps(parse.GetValue(Steps) ?? model.DefaultTimesteps);

        /// <summary>Throws unless <paramref name="steps"/> ≥ 1, naming --steps.</summary>
        public static long CheckSteps(long steps) =>
            steps >= 1 ? steps : throw new ArgumentOutOfRangeException("--steps", steps, $"--steps = {steps} is outside the allowed range [1, ∞).");
    }

    private static Command CreateFor(TrainableAlgorithm algorithm)
    {
        var common = new CommonOptions();
        common.Steps.Description = "Environment steps to train (default: n_timesteps of the hyperparameters" +
            (algorithm.NotResumableBecause is null ? "; with --resume: the rest of the interrupted run)." : ").");
        common.Seed.Description = "Random seed (same as --set seed=S; default: drawn and recorded in config.yaml).";
        common.Json.Description = "End with one JSON line of results (progress goes to standard error).";
        var runs = new Option<string>("--runs") { HelpName = "DIR",  Description = "Directory under which the run directory is created.", DefaultValueFactory = _ => "runs" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in RUN_DIR from its newest checkpoint (same options; ENV may be left out). Bit-identical to an uninterrupted run for the synchronous learners and A3C with one worker (several A3C workers continue from the saved state, not reproducibly).", HelpName = "RUN_DIR" };
        var logInterval = new Option<int?>("--log-interval") { HelpName = "N",  Description = $"Iterations between log dumps (default {algorithm.DefaultLogInterval}; 0: only at the end)." };
        var evalFreq = new Option<long>("--eval-freq") { HelpName = "STEPS",  Description = "Evaluate the deterministic policy on a separate environment every this many steps (logs eval/mean_reward, keeps best_model.zip); 0: never.", DefaultValueFactory = _ => 25_000 };
        var evalEpisodes = new Option<int>("--eval-episodes") { HelpName = "N",  Description = "Episodes per evaluation, periodic and final (seeds 0, 1, …); 0: no evaluation at all.", DefaultValueFactory = _ => 10 };
        var targetReward = new Option<double?>("--target-reward") { HelpName = "R",  Description = "Stop training when an evaluation's mean return reaches this value (needs --eval-freq)." };
        var checkpointFreq = new Option<long>("--checkpoint-freq") { HelpName = "STEPS",  Description = "Save a checkpoint (for --resume) every this many steps; 0: only at the end and on Ctrl-C.", DefaultValueFactory = _ => 100_000 };
        var keepCheckpoints = new Option<int>("--keep-checkpoints") { HelpName = "K",  Description = "How many of the newest checkpoints to keep.", DefaultValueFactory = _ => 2 };
        var verbose = new Option<bool>("--verbose") { Description = "Print every log dump as a table." };
        var listOptions = new Option<bool>("--list-options") { Description = "List the keys --set and --config accept (type, default, range) and exit." };
        var command = new Command(algorithm.Name, $"Train with {algorithm.Summary}" +
            (algorithm.NotResumableBecause is null ? "" : " No --resume or checkpoints: a model file holds the current solution, not the method's state."));
        common.AddTo(command, algorithm.SearchesPolicy);
        foreach (var option in new Option[] { runs, resume, logInterval, evalFreq, evalEpisodes, targetReward, checkpointFreq, keepCheckpoints, verbose, listOptions })
            command.Options.Add(option);
        if (algorithm.NotResumableBecause is not null)
            foreach (var option in new Option[] { resume, checkpointFreq, keepCheckpoints }) option.Hidden = true; // given anyway, they are rejected with the reason
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(listOptions))
            {
                foreach (var o in algorithm.Options())
                    output.WriteLine($"{o.Key,-22} {o.Default,-28} {(o.Allowed.Length > 0 ? o.Allowed + "  " : "")}{o.Description}");
                return 0;
            }
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) =>
            {
                if (stop.IsCancellationRequested) return;           // a second Ctrl-C ends the process at once
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCtrlC;
            using var onTerm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            TrainingSession? session = null;
            try
            {
                if (algorithm.NotResumableBecause is { } why)
                    foreach (var option in new Option[] { resume, checkpointFreq, keepCheckpoints })
                        if (parse.GetResult(option) is { Implicit: false })
                            throw new ArgumentException($"{option.Name} is not available for {algorithm.Name}: {why}.");
                var settings = new TrainingSession.Settings
                {
                    Runs = RunsDirectory(parse.GetValue(runs)),
                    LogInterval = NonNegative("--log-interval", parse.GetValue(logInterval) ?? algorithm.DefaultLogInterval),
                    EvalFrequency = NonNegative("--eval-freq", parse.GetValue(evalFreq)),
                    EvalEpisodes = NonNegative("--eval-episodes", parse.GetValue(evalEpisodes)),
                    TargetReward = parse.GetValue(targetReward),
                    CheckpointFrequency = NonNegative("--checkpoint-freq", parse.GetValue(checkpointFreq)),
                    KeepCheckpoints = AtLeastOne("--keep-checkpoints", parse.GetValue(keepCheckpoints)),
                    Verbose = parse.GetValue(verbose),
                    Json = parse.GetValue(common.Json),
                    CommandLine = "ascent " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ') ? $"'{t.Value}'" : t.Value)),
                };
                if (settings.TargetReward is double t && (!double.IsFinite(t) || settings.EvalFrequency == 0 || settings.EvalEpisodes == 0))
                    throw new ArgumentException($"--target-reward = {t.ToString(CultureInfo.InvariantCulture)} needs a finite value and periodic evaluation (--eval-freq > 0 and --eval-episodes > 0).");
                session = parse.GetValue(resume) is { } runDir
                    ? TrainingSession.Resume(algorithm, runDir, parse.GetValue(common.Env), parse.GetValue(common.Steps), common.Overrides(parse), parse.GetValue(common.Config), settings, output, error)
                    : TrainingSession.Start(algorithm, common.CreateModel(parse, algorithm, out string source), source, parse.GetValue(common.Steps), settings, output, error);
                return session.Run(stop.Token);
            }
            catch (Exception e) when (UserErrors.Is(e))
            {
                error.WriteLine($"ascent train {algorithm.Name}: {UserErrors.Message(e)}");
                if (session?.LastCheckpoint is { } last)
                    error.WriteLine($"The newest checkpoint, {last}, is intact; continue with: ascent train {algorithm.Name} --resume {session.RunDirectory}");
                return 1;
            }
            finally
            {
                Console.CancelKeyPress -= onCtrlC;
                session?.Dispose();
            }
        });
        return command;
    }

    private static int NonNegative(string option, int value) => (int)NonNegative(option, (long)value);

    private static long NonNegative(string option, long value) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is outside the allowed range [0, ∞).");

    /// <summary>The <c>--runs</c> folder: a directory, or a path where one can be made (not empty, not a file).</summary>
    private static string RunsDirectory(string? path)
    {
        UserPath.RequireDirectoryOrAbsent(path, "--runs");
        return path!;
    }

    private static int AtLeastOne(string option, int value) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is outside the allowed range [1, ∞).");
}
