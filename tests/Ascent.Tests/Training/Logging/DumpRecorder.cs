using Ascent.Training.Logging;

namespace Ascent.Tests.Training.Logging;

/// <summary>A log sink for learner tests: keeps every dump as a key → value dictionary.</summary>
internal sealed class DumpRecorder : ILogSink
{
    /// <summary>The dumps so far, oldest first.</summary>
    public List<Dictionary<string, double>> Dumps { get; } = [];

    public void Write(in LogSnapshot snapshot)
    {
        var d = new Dictionary<string, double>();
        for (int i = 0; i < snapshot.Keys.Length; i++) d[snapshot.Keys[i]] = snapshot.Values[i];
        Dumps.Add(d);
    }

    public void Dispose() { }
}
