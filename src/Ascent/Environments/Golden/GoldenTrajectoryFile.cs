using System.Text.Json;
using Ascent.Io;

namespace Ascent.Environments.Golden;

/// <summary>
/// A file of reference episodes recorded from Gymnasium (the format of <c>tests/Ascent.Tests/data/gymnasium</c>, see
/// its README): the registration, the reset seed/options and initial state of each episode, and every step's
/// action, observation, state, reward and flags.
/// </summary>
/// <param name="EnvId">The Gymnasium id, e.g. <c>CartPole-v1</c>.</param>
/// <param name="Set">Which set the file belongs to (<c>public</c>, <c>edge</c>, <c>hidden</c>).</param>
/// <param name="GymnasiumVersion">The Gymnasium version that produced it.</param>
/// <param name="Spec">The registration as Gymnasium reported it.</param>
/// <param name="Episodes">The episodes.</param>
public sealed record GoldenTrajectoryFile(string EnvId, string Set, string GymnasiumVersion, GoldenSpec Spec, IReadOnlyList<GoldenEpisode> Episodes)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>The largest file <see cref="Load"/> reads (64 MiB; Gymnasium's recordings in the test data are at most 3 MB).</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>
    /// Reads and parses a file; throws <see cref="FormatException"/> naming the path and the missing or malformed field,
    /// <see cref="IOException"/> (or <see cref="FileNotFoundException"/>) when the path is not a readable file (see
    /// <see cref="UserPath"/>), <see cref="InvalidDataException"/> when it is larger than <see cref="MaxBytes"/>.
    /// </summary>
    public static GoldenTrajectoryFile Load(string path)
    {
        UserPath.RequireFile(path, "Golden trajectory file");
        long length = new FileInfo(path).Length;
        if (length > MaxBytes)
            throw new InvalidDataException($"Golden trajectory file '{path}' has {length} bytes, more than the limit of {MaxBytes}.");
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new IOException($"Golden trajectory file '{path}' cannot be read: {e.Message}", e); }
        try { return Parse(json); }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"'{path}' is not a golden trajectory file: {e.Message}", e);
        }
    }

    /// <summary>Parses the JSON text of a file.</summary>
    public static GoldenTrajectoryFile Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, DocumentOptions);
        var root = doc.RootElement;
        var episodes = new List<GoldenEpisode>();
        int index = 0;
        foreach (var e in Get(root, "episodes").EnumerateArray()) episodes.Add(ParseEpisode(e, index++));
        return new GoldenTrajectoryFile(
            Get(root, "env_id").GetString()!,
            root.TryGetProperty("set", out var set) ? set.GetString() ?? "" : "",
            root.TryGetProperty("gymnasium_version", out var v) ? v.GetString() ?? "" : "",
            ParseSpec(Get(root, "spec")),
            episodes);
    }

    private static GoldenSpec ParseSpec(JsonElement s) => new(
        s.TryGetProperty("max_episode_steps", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null,
        s.TryGetProperty("reward_threshold", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null,
        ParseSpace(Get(s, "observation_space")),
        ParseSpace(Get(s, "action_space")));

    private static GoldenSpace ParseSpace(JsonElement s) => new(
        Get(s, "type").GetString()!,
        s.TryGetProperty("shape", out var shape) ? shape.EnumerateArray().Select(x => x.GetInt32()).ToArray() : [],
        s.TryGetProperty("n", out var n) ? n.GetInt32() : null,
        s.TryGetProperty("low", out var low) ? Doubles(low) : null,
        s.TryGetProperty("high", out var high) ? Doubles(high) : null);

    private static GoldenEpisode ParseEpisode(JsonElement e, int index)
    {
        Dictionary<string, double>? options = null;
        if (e.TryGetProperty("reset_options", out var o) && o.ValueKind == JsonValueKind.Object)
        {
            options = [];
            foreach (var p in o.EnumerateObject()) options[p.Name] = Number(p.Value);
        }
        var steps = new List<GoldenStep>();
        foreach (var s in Get(e, "steps").EnumerateArray())
        {
            var action = Get(s, "action");
            steps.Add(new GoldenStep(
                action.ValueKind == JsonValueKind.Array ? Doubles(action) : [Number(action)],
                Doubles(Get(s, "obs")), Doubles(Get(s, "state")), Number(Get(s, "reward")),
                Get(s, "terminated").GetBoolean(), Get(s, "truncated").GetBoolean()));
        }
        return new GoldenEpisode(
            index, Get(e, "seed").GetInt32(),
            e.TryGetProperty("policy", out var policy) ? policy.GetString() ?? "" : "",
            options,
            e.TryGetProperty("continue_after_termination", out var c) ? c.GetInt32() : 0,
            Doubles(Get(e, "initial_state")), Doubles(Get(e, "initial_obs")),
            e.TryGetProperty("length", out var len) ? len.GetInt32() : steps.Count,
            steps);
    }

    private static JsonElement Get(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v : throw new KeyNotFoundException($"missing field '{name}'");

    private static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var t => throw new FormatException($"'{t}' is not a number"),
        },
        _ => throw new FormatException($"expected a number, got {e.ValueKind}"),
    };

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(Number).ToArray();
}

/// <summary>Gymnasium's registration as recorded in a golden file.</summary>
/// <param name="MaxEpisodeSteps">The TimeLimit, or null.</param>
/// <param name="RewardThreshold">The reward threshold, or null.</param>
/// <param name="ObservationSpace">The observation space.</param>
/// <param name="ActionSpace">The action space.</param>
public sealed record GoldenSpec(int? MaxEpisodeSteps, double? RewardThreshold, GoldenSpace ObservationSpace, GoldenSpace ActionSpace);

/// <summary>A space as recorded in a golden file.</summary>
/// <param name="Type"><c>Box</c> or <c>Discrete</c>.</param>
/// <param name="Shape">The shape.</param>
/// <param name="N">Discrete: the number of actions.</param>
/// <param name="Low">Box: lower bounds (float32 widened to double).</param>
/// <param name="High">Box: upper bounds.</param>
public sealed record GoldenSpace(string Type, int[] Shape, int? N, double[]? Low, double[]? High);

/// <summary>One recorded episode.</summary>
/// <param name="Index">Position in the file (0-based).</param>
/// <param name="Seed">The reset seed.</param>
/// <param name="Policy">How actions were chosen (<c>random</c> or a controller's name).</param>
/// <param name="ResetOptions">Reset options, or null.</param>
/// <param name="ContinueAfterTermination">Steps recorded after the terminating step (CartPole edge cases).</param>
/// <param name="InitialState">The state after reset (float64).</param>
/// <param name="InitialObs">The observation after reset (float32 widened to double).</param>
/// <param name="Length">Steps up to and including the first terminated/truncated step.</param>
/// <param name="Steps">Every recorded step.</param>
public sealed record GoldenEpisode(int Index, int Seed, string Policy, IReadOnlyDictionary<string, double>? ResetOptions,
    int ContinueAfterTermination, double[] InitialState, double[] InitialObs, int Length, IReadOnlyList<GoldenStep> Steps);

/// <summary>One recorded step.</summary>
/// <param name="Action">The action (one value for a discrete action).</param>
/// <param name="Obs">The observation returned (float32 widened to double).</param>
/// <param name="State">The state afterwards (float64).</param>
/// <param name="Reward">The reward.</param>
/// <param name="Terminated">Whether the step terminated the episode.</param>
/// <param name="Truncated">Whether the TimeLimit truncated it.</param>
public sealed record GoldenStep(double[] Action, double[] Obs, double[] State, double Reward, bool Terminated, bool Truncated);
