namespace Ascent.Io.Config;

/// <summary>
/// "Did you mean …?" for unknown names — option keys, environment ids, algorithm names: the known names
/// closest to a misspelling by edit distance (insertions, deletions, substitutions and swaps of
/// neighbouring characters, ignoring case).
/// </summary>
public static class NameSuggestions
{
    /// <summary>Up to <paramref name="max"/> names from <paramref name="known"/> within a few edits of <paramref name="name"/>, closest first.</summary>
    /// <param name="name">The unknown name.</param>
    /// <param name="known">The valid names.</param>
    /// <param name="max">How many suggestions at most.</param>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> known, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        string lower = name.ToLowerInvariant();
        int limit = Math.Max(2, name.Length / 3);
        return known
            .Distinct(StringComparer.Ordinal)
            .Select(k => (Name: k, Distance: Distance(lower, k.ToLowerInvariant())))
            .Where(x => x.Distance <= limit || (lower.Length >= 3 && x.Name.Contains(name, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Name)
            .ToList();
    }

    /// <summary>A sentence fragment for an error message: <c>" Did you mean 'a' or 'b'?"</c>, or empty when nothing is close.</summary>
    public static string DidYouMean(string name, IEnumerable<string> known)
    {
        var close = Closest(name, known);
        return close.Count switch
        {
            0 => "",
            1 => $" Did you mean '{close[0]}'?",
            _ => $" Did you mean {string.Join(", ", close.Take(close.Count - 1).Select(c => $"'{c}'"))} or '{close[^1]}'?",
        };
    }

    /// <summary>Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256) return int.MaxValue;
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
            }
        }
        return d[a.Length, b.Length];
    }
}
