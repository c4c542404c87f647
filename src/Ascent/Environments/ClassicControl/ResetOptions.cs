using System.Globalization;

namespace Ascent.Environments.ClassicControl;

/// <summary>Reads the reset options of the classic-control environments (Gymnasium's <c>maybe_parse_reset_bounds</c>).</summary>
internal static class ResetOptions
{
    public static readonly string[] LowHigh = ["low", "high"];

    /// <summary>Throws if <paramref name="options"/> holds a key other than <paramref name="allowed"/> or a non-finite value.</summary>
    public static void Check(string envName, IReadOnlyDictionary<string, double>? options, string[] allowed)
    {
        if (options is null) return;
        foreach (var (key, value) in options)
        {
            if (Array.IndexOf(allowed, key) < 0)
                throw new ArgumentException($"{envName}: unknown reset option '{key}'; the options are {string.Join(", ", allowed)}.", nameof(options));
            if (!double.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(options), value, $"{envName}: reset option '{key}' must be a finite number, got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>The option's value, or <paramref name="fallback"/> when absent.</summary>
    public static double Get(IReadOnlyDictionary<string, double>? options, string key, double fallback) =>
        options is not null && options.TryGetValue(key, out var v) ? v : fallback;

    /// <summary>The <c>low</c>/<c>high</c> options of the initial-state range, with defaults; throws if low &gt; high.</summary>
    public static (double Low, double High) Bounds(string envName, IReadOnlyDictionary<string, double>? options, double defaultLow, double defaultHigh)
    {
        Check(envName, options, LowHigh);
        double low = Get(options, "low", defaultLow), high = Get(options, "high", defaultHigh);
        if (low > high)
            throw new ArgumentOutOfRangeException(nameof(options), $"{envName}: reset option low = {low.ToString(CultureInfo.InvariantCulture)} must not exceed high = {high.ToString(CultureInfo.InvariantCulture)}.");
        return (low, high);
    }

    /// <summary>Throws unless a state passed to <c>SetState</c> has <paramref name="size"/> values.</summary>
    public static void CheckStateLength(string envName, ReadOnlySpan<double> state, int size)
    {
        if (state.Length != size)
            throw new ArgumentException($"{envName}: SetState expects {size} values, got {state.Length}.", nameof(state));
    }
}
