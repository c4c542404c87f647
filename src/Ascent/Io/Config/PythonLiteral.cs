using System.Text;

namespace Ascent.Io.Config;

/// <summary>
/// The Python-literal subset that RL Zoo writes inside strings — <c>dict(net_arch=[64, 64], activation_fn=nn.Tanh,
/// ortho_init=False)</c> or <c>{'norm_obs': True, 'norm_reward': False}</c> — parsed by a small recursive-descent
/// parser into <see cref="ConfigValue"/>s, never evaluated.
/// </summary>
/// <remarks>
/// Accepted: <c>dict(name=value, …)</c>, <c>{'key': value, …}</c>, lists <c>[…]</c> and tuples <c>(…)</c>, numbers,
/// quoted strings, <c>True</c>/<c>False</c>/<c>None</c>, <c>float('inf')</c>/<c>float('nan')</c>, and bare dotted
/// names such as <c>nn.ReLU</c> (kept as <see cref="ScalarKind.Symbol"/> text). Any other call, operator or
/// statement is a <see cref="ConfigException"/> pointing at the character.
/// </remarks>
internal sealed class PythonLiteral
{
    public const int MaxLength = 64 << 10;
    public const int MaxDepth = 32;

    private readonly string _text;
    private readonly string _source;
    private int _pos;

    private PythonLiteral(string text, string source)
    {
        _text = text;
        _source = source;
    }

    /// <summary>Whether <paramref name="text"/> looks like a Python dict literal (<c>dict(…)</c> or <c>{…}</c>).</summary>
    public static bool LooksLikeDict(string text)
    {
        var t = text.AsSpan().Trim();
        return t.StartsWith("dict(", StringComparison.Ordinal) || t.StartsWith("{", StringComparison.Ordinal);
    }

    /// <summary>Parses the whole <paramref name="text"/> as one literal; <paramref name="source"/> locates it in errors.</summary>
    public static ConfigValue Parse(string text, string source)
    {
        if (text.Length > MaxLength) throw new ConfigException($"{source}: the Python literal has {text.Length} characters, more than {MaxLength}.");
        var p = new PythonLiteral(text, source);
        var value = p.Value(0);
        p.SkipSpace();
        if (p._pos < text.Length) throw p.Error("unexpected text after the value");
        return value;
    }

    private ConfigException Error(string what)
    {
        int from = Math.Max(0, _pos - 30), to = Math.Min(_text.Length, _pos + 30);
        string excerpt = _text[from.._pos].ReplaceLineEndings(" ") + "⟨here⟩" + _text[_pos..to].ReplaceLineEndings(" ");
        return new ConfigException($"{_source}: in the Python literal at character {_pos + 1}: {what}: …{excerpt}… (Ascent reads dict(...), {{...}}, [...], numbers, strings, True/False/None and names like nn.Tanh; it never evaluates code).");
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private char Peek()
    {
        SkipSpace();
        return _pos < _text.Length ? _text[_pos] : '\0';
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw Error($"expected '{c}'");
        _pos++;
    }

    private ConfigValue Value(int depth)
    {
        if (depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth} levels");
        char c = Peek();
        int start = _pos;
        switch (c)
        {
            case '[': _pos++; return new ConfigList(Items(']', depth), _source);
            case '(':
            {
                _pos++;
                var items = Items(')', depth, out bool trailingComma);
                return items.Count == 1 && !trailingComma ? items[0] : new ConfigList(items, _source);
            }
            case '{': _pos++; return BraceDict(depth);
            case '\'' or '"': return new ConfigScalar(StringLiteral(), ScalarKind.String, _source);
            case '\0': throw Error("expected a value but the text ended");
        }
        if (char.IsAsciiDigit(c) || c is '-' or '+' or '.') return Number();
        if (char.IsAsciiLetter(c) || c == '_')
        {
            string name = DottedName();
            if (Peek() == '(')
            {
                if (name == "dict") { _pos++; return DictCall(depth); }
                if (name == "float") { _pos++; return FloatCall(); }
                _pos = start;
                throw Error($"the call '{name}(...)' is not allowed; only dict(...) and float('inf'/'nan') are");
            }
            if (name.Length <= 2 && name.All(ch => "rbfuRBFU".Contains(ch)) && _pos < _text.Length && _text[_pos] is '\'' or '"')
                throw Error("string prefixes (r'', b'', f'') are not allowed");
            return name switch
            {
                "True" or "False" => new ConfigScalar(name, ScalarKind.Bool, _source),
                "None" => new ConfigScalar(name, ScalarKind.Null, _source),
                _ => new ConfigScalar(name, ScalarKind.Symbol, _source),
            };
        }
        throw Error($"unexpected character '{c}'");
    }

    private List<ConfigValue> Items(char close, int depth) => Items(close, depth, out _);

    private List<ConfigValue> Items(char close, int depth, out bool trailingComma)
    {
        var items = new List<ConfigValue>();
        trailingComma = false;
        while (true)
        {
            if (Peek() == close) { _pos++; return items; }
            items.Add(Value(depth + 1));
            trailingComma = false;
            char c = Peek();
            if (c == ',') { _pos++; trailingComma = true; continue; }
            if (c == close) { _pos++; return items; }
            throw Error($"expected ',' or '{close}'");
        }
    }

    private ConfigMap DictCall(int depth)
    {
        var entries = new List<KeyValuePair<string, ConfigValue>>();
        while (true)
        {
            if (Peek() == ')') { _pos++; break; }
            if (!char.IsAsciiLetter(Peek()) && Peek() != '_') throw Error("expected a keyword argument name");
            string key = Identifier();
            Expect('=');
            entries.Add(new(key, Value(depth + 1)));
            char c = Peek();
            if (c == ',') { _pos++; continue; }
            if (c == ')') { _pos++; break; }
            throw Error("expected ',' or ')'");
        }
        return NewMap(entries);
    }

    private ConfigMap BraceDict(int depth)
    {
        var entries = new List<KeyValuePair<string, ConfigValue>>();
        while (true)
        {
            if (Peek() == '}') { _pos++; break; }
            if (Peek() is not ('\'' or '"')) throw Error("dictionary keys must be quoted strings");
            string key = StringLiteral();
            Expect(':');
            entries.Add(new(key, Value(depth + 1)));
            char c = Peek();
            if (c == ',') { _pos++; continue; }
            if (c == '}') { _pos++; break; }
            throw Error("expected ',' or '}'");
        }
        return NewMap(entries);
    }

    private ConfigMap NewMap(List<KeyValuePair<string, ConfigValue>> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, _) in entries)
            if (!seen.Add(k)) throw Error($"the key '{k}' appears twice");
        return new ConfigMap(entries, _source);
    }

    private ConfigScalar FloatCall()
    {
        if (Peek() is not ('\'' or '"')) throw Error("float(...) takes a quoted 'inf', '-inf' or 'nan'");
        string arg = StringLiteral().Trim().ToLowerInvariant();
        Expect(')');
        return arg switch
        {
            "inf" or "+inf" or "infinity" => new ConfigScalar(".inf", ScalarKind.Number, _source),
            "-inf" or "-infinity" => new ConfigScalar("-.inf", ScalarKind.Number, _source),
            "nan" => new ConfigScalar(".nan", ScalarKind.Number, _source),
            _ => throw Error($"float('{arg}') is not allowed; only 'inf', '-inf' and 'nan' are"),
        };
    }

    private ConfigScalar Number()
    {
        int start = _pos;
        if (_text[_pos] is '-' or '+') _pos++;
        SkipSpace(); // Python allows "- 2"
        int digits = _pos;
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '.' or '_' or 'e' or 'E'
               || (_text[_pos] is '+' or '-' && _text[_pos - 1] is 'e' or 'E'))) _pos++;
        string text = (_text[start] is '-' ? "-" : "") + _text[digits.._pos];
        if (!ConfigText.TryParseDouble(text, out _))
        {
            _pos = start;
            throw Error($"'{_text[start..Math.Max(start + 1, digits)]}{_text[digits..Math.Min(_text.Length, digits + 20)]}' is not a number");
        }
        return new ConfigScalar(text, ScalarKind.Number, _source);
    }

    private string Identifier()
    {
        SkipSpace();
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        return _text[start.._pos];
    }

    private string DottedName()
    {
        var sb = new StringBuilder(Identifier());
        while (_pos < _text.Length && _text[_pos] == '.' && _pos + 1 < _text.Length && (char.IsAsciiLetter(_text[_pos + 1]) || _text[_pos + 1] == '_'))
        {
            _pos++;
            sb.Append('.').Append(Identifier());
        }
        return sb.ToString();
    }

    private string StringLiteral()
    {
        SkipSpace();
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("the string is not closed");
            char c = _text[_pos++];
            if (c == quote) return sb.ToString();
            if (c == '\n') throw Error("the string is not closed on its line");
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _text.Length) throw Error("the string is not closed");
            char esc = _text[_pos++];
            if (esc == 'u')
            {
                if (_pos + 4 > _text.Length || !ushort.TryParse(_text.AsSpan(_pos, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out ushort code))
                    throw Error("\\u needs four hexadecimal digits");
                sb.Append((char)code);
                _pos += 4;
                continue;
            }
            sb.Append(esc switch
            {
                'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', '\'' => '\'', '"' => '"', '0' => '\0',
                _ => throw Error($"the escape '\\{esc}' is not supported"),
            });
        }
    }

    // ----- writing -----

    /// <summary>Writes <paramref name="value"/> as a Python literal that <see cref="Parse"/> reads back to the same value;
    /// maps become <c>dict(k=v)</c> when <paramref name="dictCalls"/> and every key is an identifier, else <c>{'k': v}</c>.</summary>
    public static string Format(ConfigValue value, bool dictCalls)
    {
        var sb = new StringBuilder();
        Write(sb, value, dictCalls);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, ConfigValue value, bool dictCalls)
    {
        switch (value)
        {
            case ConfigMap map:
            {
                bool call = dictCalls && map.Keys.All(IsIdentifier);
                sb.Append(call ? "dict(" : "{");
                bool first = true;
                foreach (var (k, v) in map.Entries)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    sb.Append(call ? k + "=" : ConfigText.PythonQuote(k) + ": ");
                    Write(sb, v, dictCalls);
                }
                sb.Append(call ? ")" : "}");
                break;
            }
            case ConfigList list:
                sb.Append('[');
                for (int i = 0; i < list.Items.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Write(sb, list.Items[i], dictCalls);
                }
                sb.Append(']');
                break;
            case ConfigScalar s:
                sb.Append(ScalarText(s));
                break;
        }
    }

    private static string ScalarText(ConfigScalar s)
    {
        switch (s.Kind)
        {
            case ScalarKind.String: return ConfigText.PythonQuote(s.Text);
            case ScalarKind.Symbol: return s.Text;
            case ScalarKind.Null: return "None";
            case ScalarKind.Bool: return ConfigText.TryParseBool(s.Text, out bool b) && b ? "True" : "False";
        }
        if (s.IsNull) return "None";
        if (ConfigText.TryParseDouble(s.Text, out double d))
        {
            if (double.IsPositiveInfinity(d)) return "float('inf')";
            if (double.IsNegativeInfinity(d)) return "float('-inf')";
            if (double.IsNaN(d)) return "float('nan')";
            return s.Text;
        }
        if (s.Kind == ScalarKind.Plain && ConfigText.TryParseBool(s.Text, out bool pb)) return pb ? "True" : "False";
        return ConfigText.PythonQuote(s.Text);
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
