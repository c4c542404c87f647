namespace Ascent.Search;

/// <summary>Range checks for search options; every message names the option, the value and the allowed range.</summary>
internal static class OptionCheck
{
    public static void AtLeast(string option, int value, int minimum)
    {
        if (value < minimum) throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is out of range: it must be at least {minimum}.");
    }

    public static void InRange(string option, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
            throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is out of range: it must be in [{minimum}, {maximum}].");
    }

    public static void Even(string option, int value)
    {
        if (value % 2 != 0) throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is out of range: it must be even (candidates come in mirrored pairs).");
    }

    public static void Positive(string option, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is out of range: it must be a finite number > 0.");
    }

    public static void NonNegative(string option, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is out of range: it must be a finite number ≥ 0.");
    }

    /// <summary>(0, 1]: a fraction that may be the whole.</summary>
    public static void Fraction(string option, double value)
    {
        if (!(value > 0 && value <= 1))
            throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is out of range: it must be in (0, 1].");
    }

    /// <summary>[0, 1]: a probability.</summary>
    public static void Probability(string option, double value)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is out of range: it must be in [0, 1].");
    }

    /// <summary>[0, 1): an exponential-average decay rate.</summary>
    public static void DecayRate(string option, double value)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(option, value, $"{option} = {value} is out of range: it must be in [0, 1).");
    }

    /// <summary>A per-parameter array of positive finite values of the given length.</summary>
    public static void PositivePerParameter(string option, double[] values, int dimension)
    {
        if (values.Length != dimension)
            throw new ArgumentException($"{option} has {values.Length} entries but there are {dimension} parameters.", option);
        for (int i = 0; i < values.Length; i++) Positive($"{option}[{i}]", values[i]);
    }
}
