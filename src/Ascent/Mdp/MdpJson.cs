using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ascent.Mdp;

/// <summary>
/// The JSON files of <c>ascent mdp</c>: MDP.json (a <see cref="FiniteMdp"/>) and THETA.json (tabular softmax parameters).
/// </summary>
/// <remarks>
/// <para>MDP.json: <c>{"gamma": 0.9, "initial": [S], "transitions": [S][A][S], "rewards": [S][A], "terminal": [S] (optional)}</c>
/// with numbers for probabilities and rewards and booleans for <c>terminal</c>.</para>
/// <para>THETA.json: <c>{"theta": [S][A]}</c>, the parameters of π(a|s) ∝ exp θ[s][a].</para>
/// <para>Parsing is strict: a missing or unknown field, a wrong type or a wrong length is an
/// <see cref="InvalidDataException"/> whose message names the field and index (<c>transitions[2][1]</c>);
/// the model is then validated by <see cref="FiniteMdp"/> (rows summing to 1, γ ∈ [0, 1], …) with the same naming.</para>
/// </remarks>
public static class MdpJson
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads an MDP.json file; errors are prefixed with the file name.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid MDP.</exception>
    public static FiniteMdp LoadMdp(string path) => WithFileName(path, () => ParseMdp(File.ReadAllText(path)));

    /// <summary>Reads a THETA.json file for an MDP with the given numbers of states and actions.</summary>
    /// <exception cref="InvalidDataException">The file is not valid or its shape is not states × actions.</exception>
    public static double[,] LoadTheta(string path, int states, int actions) =>
        WithFileName(path, () => ParseTheta(File.ReadAllText(path), states, actions));

    /// <summary>Parses the text of an MDP.json file.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid MDP.</exception>
    public static FiniteMdp ParseMdp(string json)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        CheckFields(root, required: ["gamma", "initial", "transitions", "rewards"], optional: ["terminal"]);

        double gamma = Number(root.GetProperty("gamma"), "gamma");
        double[] initial = Numbers(root.GetProperty("initial"), "initial", expectedLength: null);
        int states = initial.Length;

        var transitionsJson = Array(root.GetProperty("transitions"), "transitions", states, "one per state; initial has " + states);
        int actions = Array(transitionsJson[0], "transitions[0]", expectedLength: null).Length;
        if (actions == 0) throw new InvalidDataException("transitions[0] is empty; an MDP needs at least one action.");
        var transitions = new double[states, actions, states];
        for (int s = 0; s < states; s++)
        {
            var perAction = Array(transitionsJson[s], $"transitions[{s}]", actions, "one per action");
            for (int a = 0; a < actions; a++)
            {
                var row = Numbers(perAction[a], $"transitions[{s}][{a}]", states);
                for (int next = 0; next < states; next++) transitions[s, a, next] = row[next];
            }
        }

        var rewardsJson = Array(root.GetProperty("rewards"), "rewards", states, "one per state");
        var rewards = new double[states, actions];
        for (int s = 0; s < states; s++)
        {
            var row = Numbers(rewardsJson[s], $"rewards[{s}]", actions);
            for (int a = 0; a < actions; a++) rewards[s, a] = row[a];
        }

        bool[]? terminal = null;
        if (root.TryGetProperty("terminal", out var terminalJson))
        {
            var flags = Array(terminalJson, "terminal", states, "one per state");
            terminal = new bool[states];
            for (int s = 0; s < states; s++)
            {
                if (flags[s].ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw new InvalidDataException($"terminal[{s}]: expected true or false, found {Describe(flags[s])}.");
                terminal[s] = flags[s].GetBoolean();
            }
        }

        try
        {
            return new FiniteMdp(gamma, initial, transitions, rewards, terminal);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>Parses the text of a THETA.json file; the table must be <paramref name="states"/> × <paramref name="actions"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not valid or has the wrong shape.</exception>
    public static double[,] ParseTheta(string json, int states, int actions)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        CheckFields(root, required: ["theta"], optional: []);
        var rows = Array(root.GetProperty("theta"), "theta", states, "one per state of the MDP");
        var theta = new double[states, actions];
        for (int s = 0; s < states; s++)
        {
            var row = Numbers(rows[s], $"theta[{s}]", actions, "one per action of the MDP");
            for (int a = 0; a < actions; a++) theta[s, a] = row[a];
        }
        return theta;
    }

    /// <summary>The MDP.json text of <paramref name="mdp"/> (one row per line; numbers round-trip exactly).</summary>
    public static string FormatMdp(FiniteMdp mdp)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        int states = mdp.StateCount, actions = mdp.ActionCount;
        var text = new StringBuilder();
        text.Append("{\n  \"gamma\": ").Append(Format(mdp.Gamma)).Append(",\n");
        text.Append("  \"initial\": ").Append(Row(mdp.Initial)).Append(",\n");
        text.Append("  \"transitions\": [\n");
        for (int s = 0; s < states; s++)
        {
            text.Append("    [");
            for (int a = 0; a < actions; a++) text.Append(a > 0 ? ", " : "").Append(Row(mdp.TransitionRow(s, a)));
            text.Append(s < states - 1 ? "],\n" : "]\n");
        }
        text.Append("  ],\n  \"rewards\": [\n");
        var reward = new double[actions];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++) reward[a] = mdp.Reward(s, a);
            text.Append("    ").Append(Row(reward)).Append(s < states - 1 ? ",\n" : "\n");
        }
        text.Append("  ]");
        if (mdp.HasTerminalStates)
            text.Append(",\n  \"terminal\": [").Append(string.Join(", ", Enumerable.Range(0, states).Select(s => mdp.IsTerminal(s) ? "true" : "false"))).Append(']');
        return text.Append("\n}\n").ToString();
    }

    /// <summary>The THETA.json text of a tabular softmax parameter table.</summary>
    public static string FormatTheta(double[,] theta)
    {
        ArgumentNullException.ThrowIfNull(theta);
        var rows = Enumerable.Range(0, theta.GetLength(0))
            .Select(s => "    " + Row(Enumerable.Range(0, theta.GetLength(1)).Select(a => theta[s, a]).ToArray()));
        return "{\n  \"theta\": [\n" + string.Join(",\n", rows) + "\n  ]\n}\n";
    }

    /// <summary>Writes <paramref name="mdp"/> to an MDP.json file.</summary>
    public static void SaveMdp(FiniteMdp mdp, string path) => File.WriteAllText(path, FormatMdp(mdp));

    /// <summary>Writes <paramref name="theta"/> to a THETA.json file.</summary>
    public static void SaveTheta(double[,] theta, string path) => File.WriteAllText(path, FormatTheta(theta));

    private static T WithFileName<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static JsonDocument Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = Describe(document.RootElement);
            document.Dispose();
            throw new InvalidDataException($"expected a JSON object at the top level, found {kind}.");
        }
        return document;
    }

    private static void CheckFields(JsonElement root, string[] required, string[] optional)
    {
        foreach (var property in root.EnumerateObject())
            if (!required.Contains(property.Name) && !optional.Contains(property.Name))
                throw new InvalidDataException($"unknown field \"{property.Name}\"; the fields are {string.Join(", ", required.Concat(optional).Select(f => $"\"{f}\""))}.");
        foreach (var name in required)
            if (!root.TryGetProperty(name, out _)) throw new InvalidDataException($"missing field \"{name}\".");
    }

    private static JsonElement[] Array(JsonElement element, string field, int? expectedLength, string? why = null)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{field}: expected an array, found {Describe(element)}.");
        var items = element.EnumerateArray().ToArray();
        if (expectedLength is int n && items.Length != n)
            throw new InvalidDataException($"{field}: {items.Length} entries, expected {n}{(why is null ? "" : $" ({why})")}.");
        if (items.Length == 0) throw new InvalidDataException($"{field}: the array is empty.");
        return items;
    }

    private static double[] Numbers(JsonElement element, string field, int? expectedLength, string? why = null)
    {
        var items = Array(element, field, expectedLength, why);
        var values = new double[items.Length];
        for (int i = 0; i < items.Length; i++) values[i] = Number(items[i], $"{field}[{i}]");
        return values;
    }

    private static double Number(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Number)
            throw new InvalidDataException($"{field}: expected a number, found {Describe(element)}.");
        if (!element.TryGetDouble(out double value) || !double.IsFinite(value)) throw new InvalidDataException($"{field}: {element.GetRawText()} is out of the range of a double.");
        return value;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => $"the string {element.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };

    private static string Row(ReadOnlySpan<double> values)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < values.Length; i++) text.Append(i > 0 ? ", " : "").Append(Format(values[i]));
        return text.Append(']').ToString();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
