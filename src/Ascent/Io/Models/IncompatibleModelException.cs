namespace Ascent.Io.Models;

/// <summary>
/// A valid model file does not fit where it is being loaded: it was saved for another environment's
/// observation or action space, or by another algorithm. The message names both sides.
/// </summary>
public sealed class IncompatibleModelException : Exception
{
    /// <summary>Creates the exception with a message naming what the model was saved for and what it is loaded into.</summary>
    public IncompatibleModelException(string message) : base(message) { }
}
