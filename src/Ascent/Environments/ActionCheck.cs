using System.Globalization;
using System.Text;
using Ascent.Environments.Spaces;

namespace Ascent.Environments;

/// <summary>
/// The action check every environment applies before stepping (see <see cref="Env"/>): right length, an element of
/// a discrete space, no NaN in a <see cref="Box"/>. Every failure is an <see cref="ArgumentException"/> whose message
/// names the environment, the space and the value.
/// </summary>
public static class ActionCheck
{
    /// <summary>Whether <paramref name="action"/> passes <see cref="Validate"/> (no message is built).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // every Step calls it
    public static bool IsValid(Space space, ReadOnlySpan<float> action)
    {
        if (space is Discrete discrete) return discrete.Contains(action); // the common case, without virtual calls
        if (action.Length != space.FlatSize) return false;
        if (space is not Box) return space.Contains(action);
        foreach (var v in action)
            if (float.IsNaN(v)) return false;
        return true;
    }

    /// <summary>Throws unless <paramref name="action"/> is valid for <paramref name="space"/>; <paramref name="envName"/> names the environment in the message.</summary>
    public static void Validate(string envName, Space space, ReadOnlySpan<float> action)
    {
        if (action.Length != space.FlatSize)
            throw new ArgumentException($"{envName}: the action {Format(action)} has {action.Length} value(s), but the action space {space} takes {space.FlatSize}.", nameof(action));
        if (space is Box)
        {
            foreach (var v in action)
                if (float.IsNaN(v)) throw new ArgumentException($"{envName}: the action {Format(action)} contains NaN; the action space is {space}.", nameof(action));
        }
        else if (!space.Contains(action))
        {
            throw new ArgumentException($"{envName}: the action {Format(action)} is not in the action space {space}.", nameof(action));
        }
    }

    /// <summary>Formats a flat element for messages: <c>2</c> for one value, <c>[0.5, NaN]</c> for several.</summary>
    public static string Format(ReadOnlySpan<float> element)
    {
        if (element.Length == 1) return element[0].ToString("R", CultureInfo.InvariantCulture);
        var sb = new StringBuilder("[");
        for (int i = 0; i < element.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            if (i == 16) { sb.Append('…'); break; }
            sb.Append(element[i].ToString("R", CultureInfo.InvariantCulture));
        }
        return sb.Append(']').ToString();
    }
}
