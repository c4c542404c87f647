namespace Ascent.Io.Models;

/// <summary>
/// A model file is not a valid Ascent model: truncated, corrupted (checksum mismatch), written by a newer
/// format version, or inconsistent (a length, offset or shape that does not fit). The message says what is
/// wrong and where.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception for the model at <paramref name="source"/> with a description of the problem.</summary>
    public ModelFormatException(string source, string problem, Exception? inner = null)
        : base($"Model file '{source}' is not a valid Ascent model: {problem}", inner)
    {
        ModelSource = source;
        Problem = problem;
    }

    /// <summary>The file (or stream description) that was being read.</summary>
    public string ModelSource { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
