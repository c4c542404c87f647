using System.CommandLine;
using System.Globalization;
using Ascent.Cli.Commands.Bench;
using Ascent.Environments;

namespace Ascent.Cli.Commands;

/// <summary><c>ascent envs [--json]</c>: the registered environments with their spaces, episode limit and reward threshold.</summary>
internal static class EnvsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per environment." };
        var command = new Command("envs", "List the registered environments: id, observation and action spaces, max episode steps, reward threshold.") { json };
        command.SetAction(parse =>
        {
            Write(parse.GetValue(json), parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    internal static void Write(bool json, TextWriter writer)
    {
        var rows = new List<string[]>();
        foreach (var spec in Envs.All)
        {
            using var env = spec.EntryPoint();
            string steps = spec.MaxEpisodeSteps?.ToString(CultureInfo.InvariantCulture) ?? "none";
            string threshold = spec.RewardThreshold?.ToString("R", CultureInfo.InvariantCulture) ?? "none";
            if (json)
            {
                writer.WriteLine(BenchOutput.ToJson([
                    ("id", spec.Id), ("observation_space", env.ObservationSpace.ToString()), ("action_space", env.ActionSpace.ToString()),
                    ("max_episode_steps", spec.MaxEpisodeSteps), ("reward_threshold", spec.RewardThreshold),
                    ("batched", spec.VectorEntryPoint is not null), ("description", spec.Description)]));
            }
            else
            {
                rows.Add([spec.Id, env.ObservationSpace.ToString(), env.ActionSpace.ToString(), steps, threshold]);
            }
        }
        if (json) return;
        string[] header = ["id", "observation space", "action space", "max steps", "threshold"];
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((x, c) => c == cells.Length - 1 ? x : x.PadRight(widths[c]))).TrimEnd();
        writer.WriteLine(Line(header));
        foreach (var r in rows) writer.WriteLine(Line(r));
    }
}
