using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ascent.Cli.Commands.Train;
using Ascent.Environments;
using Ascent.Io.Models;
using Ascent.Training;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent eval MODEL [--episodes N] [--seed S] [--env ID] [--stochastic] [--json]</c>: loads any saved model (the
/// algorithm is read from the file and looked up in <see cref="TrainableAlgorithm"/>) and prints the mean ± std return
/// of fresh episodes (episode k reset with seed S + k), acting deterministically unless <c>--stochastic</c>.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "A model or checkpoint file saved by ascent train (model.zip, best_model.zip, checkpoints/…)." };
        var episodes = new Option<int>("--episodes", "-n") { HelpName = "N",  Description = "Episodes to run.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { HelpName = "S",  Description = "Seed of the first episode (episode k uses seed + k).", DefaultValueFactory = _ => 0 };
        var env = new Option<string?>("--env") { HelpName = "ID",  Description = "Environment id to evaluate on (default: the one the model was trained on); its spaces must match the model's." };
        var stochastic = new Option<bool>("--stochastic") { Description = "Sample actions from the policy instead of taking its mode." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (returns, lengths, mean, std) instead of text." };
        var command = new Command("eval", "Evaluate a saved model: mean ± std return over fresh episodes.") { model, episodes, seed, env, stochastic, json };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string path = parse.GetValue(model)!;
            try
            {
                int n = parse.GetValue(episodes);
                if (n < 1 || n > 1_000_000) throw new ArgumentOutOfRangeException("--episodes", n, $"--episodes = {n} is outside the allowed range [1, 1000000].");
                int first = parse.GetValue(seed);
                if (first < 0) throw new ArgumentOutOfRangeException("--seed", first, $"--seed = {first} is outside the allowed range [0, {int.MaxValue}].");
                var reader = ModelReader.Open(path);
                string envId = parse.GetValue(env) ?? reader.EnvId;
                using var evaluationEnv = Envs.Make(envId);
                reader.CheckCompatible(envId, evaluationEnv.ObservationSpace, evaluationEnv.ActionSpace);
                using var loaded = TrainableAlgorithm.Load(reader);
                bool deterministic = !parse.GetValue(stochastic);
                var result = Evaluation.Run(loaded, evaluationEnv, n, first, deterministic);
                if (parse.GetValue(json))
                {
                    output.WriteLine(JsonSerializer.Serialize(new
                    {
                        model = Path.GetFullPath(path), algo = loaded.AlgorithmName, trained_on = loaded.EnvId, env = envId,
                        trained_steps = loaded.NumTimesteps, episodes = n, first_seed = first, deterministic,
                        mean_return = result.MeanReturn, std_return = result.StdReturn, mean_length = result.Lengths.Average(),
                        returns = result.Returns, lengths = result.Lengths,
                    }));
                    return 0;
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{loaded.AlgorithmName} model trained {loaded.NumTimesteps:N0} steps on {loaded.EnvId}, evaluated on {envId} ({(deterministic ? "deterministic" : "stochastic")}, seeds {first}–{first + n - 1}):"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"mean return {result.MeanReturn:F2} ± {result.StdReturn:F2} over {n} episodes (mean length {result.Lengths.Average():F1})"));
                return 0;
            }
            catch (Exception e) when (UserErrors.Is(e))
            {
                error.WriteLine($"ascent eval: {UserErrors.Message(e)}");
                return 1;
            }
        });
        return command;
    }
}
