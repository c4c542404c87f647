namespace Ascent.Io.Models;

/// <summary>The characters allowed in tensor, counter and section names (printable, safe in messages and paths).</summary>
internal static class ModelNames
{
    public const int MaxLength = 256;

    /// <summary>Letters, digits and <c>_ . - /</c>; 1 to 256 characters; no empty, <c>.</c> or <c>..</c> segment.</summary>
    public static bool IsValidTensorName(string name) => IsValid(name, allowSlash: true);

    /// <summary>Letters, digits and <c>_ . -</c>; 1 to 256 characters.</summary>
    public static bool IsValidKey(string name) => IsValid(name, allowSlash: false);

    public const string TensorNameRule = "1 to 256 characters from letters, digits, '_', '.', '-' and '/', without empty, '.' or '..' segments between slashes";
    public const string KeyRule = "1 to 256 characters from letters, digits, '_', '.' and '-'";

    private static bool IsValid(string name, bool allowSlash)
    {
        if (name.Length is 0 or > MaxLength) return false;
        if (allowSlash)
        {
            foreach (var segment in name.Split('/'))
                if (segment is "" or "." or "..") return false;
        }
        else if (name is "." or "..") return false;
        foreach (char c in name)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-'
                      || (allowSlash && c == '/');
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>A name made printable for an error message (control and non-ASCII characters escaped, length capped).</summary>
    public static string Printable(string name)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char c in name.Length > 80 ? name[..80] : name)
        {
            if (c is >= ' ' and <= '~') sb.Append(c);
            else sb.Append($"\\u{(int)c:x4}");
        }
        if (name.Length > 80) sb.Append('…');
        return sb.ToString();
    }
}
