namespace Ascent.Io.Plotting;

/// <summary>The default series colours: the Okabe–Ito colour-blind-safe set (without its yellow, too pale on white), then extra hues.</summary>
public static class Palette
{
    /// <summary>The colours in the order series receive them.</summary>
    public static IReadOnlyList<string> Colors { get; } =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F", "#BCBD22"];

    /// <summary>The <paramref name="index"/>-th colour, cycling.</summary>
    public static string Color(int index) => Colors[((index % Colors.Count) + Colors.Count) % Colors.Count];
}
