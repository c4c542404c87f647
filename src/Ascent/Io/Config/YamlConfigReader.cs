using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ascent.Io.Config;

/// <summary>
/// Reads YAML into <see cref="ConfigValue"/> trees from the parser's event stream — without recursion,
/// with limits on size, nesting and merged entries — resolving anchors, aliases and merge keys
/// (<c>&lt;&lt;: *defaults</c>). Only the standard tags str, int, float, bool, null, map and seq are
/// accepted; anything else (e.g. <c>!!python/object</c>) is an error, since nothing in a config is ever
/// turned into code or a type.
/// </summary>
internal static class YamlConfigReader
{
    public const int MaxChars = 4 << 20;
    public const int MaxDepth = 64;
    public const int MaxEvents = 1_000_000;
    public const int MaxEntries = 1_000_000;

    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>Parses one YAML document; returns null for an empty document.</summary>
    /// <exception cref="ConfigException">Syntax errors, disallowed tags, duplicate keys, or limits exceeded.</exception>
    /// <param name="text">The YAML text.</param>
    /// <param name="sourceName">Names the text in messages.</param>
    /// <param name="withPositions">Whether locations get <c>:line:column</c> (off for one-line values such as <c>--set</c>).</param>
    public static ConfigValue? Parse(string text, string sourceName, bool withPositions = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxChars)
            throw new ConfigException($"{sourceName}: the text has {text.Length} characters, more than the limit of {MaxChars}.");
        return Build(new Parser(new StringReader(text)), sourceName, withPositions);
    }

    /// <summary>Advances the parser, reporting any failure of the YAML library as a syntax error.</summary>
    private static bool Next(IParser parser, string sourceName, bool withPositions)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (YamlException ex)
        {
            string at = withPositions ? $"{sourceName}:{ex.Start.Line}:{ex.Start.Column}" : sourceName;
            throw new ConfigException([$"{at}: YAML syntax error: {ex.Message}"], ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed inputs instead of a YamlException.
            throw new ConfigException([$"{sourceName}: YAML syntax error: the text cannot be parsed ({ex.GetType().Name}: {ex.Message})."], ex);
        }
    }

    private sealed class Frame(bool isMap, string source, string? anchor)
    {
        public readonly bool IsMap = isMap;
        public readonly string Source = source;
        public readonly string? Anchor = anchor;
        public readonly List<ConfigValue> Items = [];
        public readonly List<KeyValuePair<string, ConfigValue>> Entries = [];
        public string? PendingKey;
    }

    private static ConfigValue? Build(IParser parser, string sourceName, bool withPositions)
    {
        var anchors = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        ConfigValue? root = null;
        int documents = 0, events = 0, entries = 0;
        string Where(ParsingEvent e) => withPositions ? $"{sourceName}:{e.Start.Line}:{e.Start.Column}" : sourceName;

        void Add(ConfigValue value, ParsingEvent at)
        {
            if (stack.Count == 0)
            {
                root = value;
                return;
            }
            var top = stack.Peek();
            if (!top.IsMap)
            {
                top.Items.Add(value);
                return;
            }
            if (top.PendingKey is null)
            {
                if (value is not ConfigScalar key)
                    throw new ConfigException($"{Where(at)}: mapping keys must be plain or quoted scalars.");
                top.PendingKey = key.Kind == ScalarKind.Plain && key.Text == "<<" ? MergeKey : key.Text;
                return;
            }
            top.Entries.Add(new(top.PendingKey, value));
            top.PendingKey = null;
        }

        while (Next(parser, sourceName, withPositions))
        {
            var e = parser.Current!;
            if (++events > MaxEvents) throw new ConfigException($"{Where(e)}: the document has more than {MaxEvents} nodes.");
            switch (e)
            {
                case DocumentStart:
                    if (++documents > 1) throw new ConfigException($"{Where(e)}: only one YAML document is allowed.");
                    break;
                case Scalar s:
                {
                    var value = new ConfigScalar(s.Value, ScalarKindOf(s, Where(e)), Where(e));
                    Remember(anchors, s.Anchor, value);
                    Add(value, e);
                    break;
                }
                case AnchorAlias a:
                {
                    if (!anchors.TryGetValue(a.Value.Value, out var target))
                        throw new ConfigException($"{Where(e)}: the alias *{a.Value.Value} refers to no earlier, complete anchor.");
                    Add(target, e);
                    break;
                }
                case SequenceStart ss:
                    CheckCollectionTag(ss.Tag, "seq", Where(e));
                    if (stack.Count >= MaxDepth) throw new ConfigException($"{Where(e)}: nesting deeper than {MaxDepth} levels.");
                    stack.Push(new Frame(false, Where(e), ss.Anchor.IsEmpty ? null : ss.Anchor.Value));
                    break;
                case MappingStart ms:
                    CheckCollectionTag(ms.Tag, "map", Where(e));
                    if (stack.Count >= MaxDepth) throw new ConfigException($"{Where(e)}: nesting deeper than {MaxDepth} levels.");
                    stack.Push(new Frame(true, Where(e), ms.Anchor.IsEmpty ? null : ms.Anchor.Value));
                    break;
                case SequenceEnd:
                {
                    var f = stack.Pop();
                    var list = new ConfigList(f.Items, f.Source);
                    if (f.Anchor is not null) anchors[f.Anchor] = list;
                    Add(list, e);
                    break;
                }
                case MappingEnd:
                {
                    var f = stack.Pop();
                    var map = MergeEntries(f, ref entries);
                    if (f.Anchor is not null) anchors[f.Anchor] = map;
                    Add(map, e);
                    break;
                }
            }
        }
        return root;
    }

    private const string MergeKey = "\u0000merge";

    /// <summary>Explicit entries win over merged ones; among merged maps the earlier wins (YAML merge-key semantics).</summary>
    private static ConfigMap MergeEntries(Frame f, ref int total)
    {
        var explicitKeys = new HashSet<string>(f.Entries.Where(x => x.Key != MergeKey).Select(x => x.Key), StringComparer.Ordinal);
        var result = new List<KeyValuePair<string, ConfigValue>>();
        var mergedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in f.Entries)
        {
            if (key != MergeKey)
            {
                result.Add(new(key, value));
                continue;
            }
            IEnumerable<ConfigValue> sources = value is ConfigList list ? list.Items : [value];
            foreach (var source in sources)
            {
                if (source is not ConfigMap m)
                    throw new ConfigException($"{value.Source}: a merge key '<<' needs a mapping or a list of mappings.");
                foreach (var entry in m.Entries)
                {
                    if (!explicitKeys.Contains(entry.Key) && mergedKeys.Add(entry.Key)) result.Add(entry);
                    if (++total > MaxEntries) throw new ConfigException($"{f.Source}: merge keys expand to more than {MaxEntries} entries.");
                }
            }
        }
        total += result.Count;
        if (total > MaxEntries) throw new ConfigException($"{f.Source}: the document has more than {MaxEntries} mapping entries.");
        return new ConfigMap(result, f.Source);
    }

    private static void Remember(Dictionary<string, ConfigValue> anchors, AnchorName anchor, ConfigValue value)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = value;
    }

    private static ScalarKind ScalarKindOf(Scalar s, string where)
    {
        if (s.Tag.IsEmpty || s.Tag.IsNonSpecific)
            return s.Style is ScalarStyle.Plain or ScalarStyle.Any ? ScalarKind.Plain : ScalarKind.String;
        return s.Tag.Value switch
        {
            CoreTagPrefix + "str" => ScalarKind.String,
            CoreTagPrefix + "int" or CoreTagPrefix + "float" => ScalarKind.Number,
            CoreTagPrefix + "bool" => ScalarKind.Bool,
            CoreTagPrefix + "null" => ScalarKind.Null,
            CoreTagPrefix + "merge" when s.Value == "<<" => ScalarKind.Plain,
            _ => throw new ConfigException($"{where}: the tag {ShortTag(s.Tag.Value)} is not allowed (allowed: !!str, !!int, !!float, !!bool, !!null); Ascent never creates objects or runs code from a config file."),
        };
    }

    private static void CheckCollectionTag(TagName tag, string expected, string where)
    {
        if (tag.IsEmpty || tag.IsNonSpecific || tag.Value == CoreTagPrefix + expected) return;
        throw new ConfigException($"{where}: the tag {ShortTag(tag.Value)} is not allowed on a {(expected == "map" ? "mapping" : "sequence")} (allowed: !!{expected}); Ascent never creates objects or runs code from a config file.");
    }

    private static string ShortTag(string tag) => tag.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? "!!" + tag[CoreTagPrefix.Length..] : tag;
}
