using System.Text.Json;
using Ascent.Io;
using Ascent.Tests.Io.TensorBoard;
using Ascent.Training.Logging;

namespace Ascent.Tests.Training.Logging;

public sealed class LoggerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ascent-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Keeps a copy of every dump.</summary>
    private sealed class MemorySink : ILogSink
    {
        public List<(long Step, double WallTime, Dictionary<string, double> Values, string[] Order)> Dumps { get; } = [];
        public bool Disposed { get; private set; }

        public void Write(in LogSnapshot snapshot)
        {
            var values = new Dictionary<string, double>();
            for (int i = 0; i < snapshot.Count; i++) values[snapshot.Keys[i]] = snapshot.Values[i];
            Dumps.Add((snapshot.Step, snapshot.WallTime, values, snapshot.Keys.ToArray()));
        }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Dump_PassesLastRecordedValues_AndMeans_InFirstRecordedOrder_ThenClears()
    {
        var sink = new MemorySink();
        double clock = 1000;
        using (var logger = new Logger([sink], () => clock))
        {
            logger.Record(LogKeys.ValueLoss, 3);
            logger.Record(LogKeys.ValueLoss, 2);
            logger.RecordMean(LogKeys.ApproxKl, 0.1);
            logger.RecordMean(LogKeys.ApproxKl, 0.3);
            logger.Record(LogKeys.TotalTimesteps, 2048);
            logger.Dump(2048);
            clock = 1001;
            logger.Record(LogKeys.TotalTimesteps, 4096);
            logger.Dump(4096);
        }

        Assert.True(sink.Disposed);
        Assert.Equal(2, sink.Dumps.Count);
        var first = sink.Dumps[0];
        Assert.Equal(2048, first.Step);
        Assert.Equal(1000, first.WallTime);
        Assert.Equal([LogKeys.ValueLoss, LogKeys.ApproxKl, LogKeys.TotalTimesteps], first.Order);
        Assert.Equal(2, first.Values[LogKeys.ValueLoss]);
        Assert.Equal(0.2, first.Values[LogKeys.ApproxKl], 12);
        var second = sink.Dumps[1];
        Assert.Equal(1001, second.WallTime);
        Assert.Equal([LogKeys.TotalTimesteps], second.Order);
    }

    [Fact]
    public void Record_OfAKnownKey_DoesNotAllocate()
    {
        using var logger = new Logger(new MemorySink());
        logger.Record(LogKeys.ValueLoss, 1);
        logger.RecordMean(LogKeys.EntropyLoss, 1);
        Assert.Equal(0, AllocationProbe.Steady(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                logger.Record(LogKeys.ValueLoss, i);
                logger.RecordMean(LogKeys.EntropyLoss, i);
            }
        }));
    }

    [Fact]
    public void Record_RejectsAnEmptyKey()
    {
        using var logger = new Logger();
        var e = Assert.Throws<ArgumentException>(() => logger.Record(" ", 1));
        Assert.Contains("key", e.Message);
    }

    [Fact]
    public void CsvSink_AddsColumnsForNewKeys_PaddingEarlierRows()
    {
        string path = Path.Combine(_dir, "progress.csv");
        using (var logger = new Logger(new CsvSink(path)))
        {
            logger.Record("a", 1);
            logger.Record("b", 2);
            logger.Dump(1);
            logger.Record("b", 3);
            logger.Record("c,with comma", double.NaN);
            logger.Dump(2);
            logger.Record("a", double.NegativeInfinity);
            logger.Dump(3);
        }
        var lines = File.ReadAllLines(path);
        Assert.Equal(["a,b,\"c,with comma\"", "1,2,", ",3,nan", "-inf,,"], lines);
        Assert.Equal(["a", "b", "c,with comma"], CsvText.SplitLine(lines[0]));
    }

    [Fact]
    public void CsvSink_InAppendMode_ContinuesTheExistingColumns()
    {
        string path = Path.Combine(_dir, "progress.csv");
        using (var logger = new Logger(new CsvSink(path)))
        {
            logger.Record("x", 1);
            logger.Record("y", 2);
            logger.Dump(1);
        }
        using (var logger = new Logger(new CsvSink(path, append: true)))
        {
            logger.Record("y", 0.1);
            logger.Dump(2);
            logger.Record("z", 7);
            logger.Dump(3);
        }
        Assert.Equal(["x,y,z", "1,2,", ",0.1,", ",,7"], File.ReadAllLines(path));
    }

    [Fact]
    public void JsonLinesSink_WritesOneObjectPerDump_WithNullForNonFinite()
    {
        string path = Path.Combine(_dir, "progress.jsonl");
        using (var logger = new Logger(new JsonLinesSink(path)))
        {
            logger.Record(LogKeys.EpisodeRewardMean, 21.5);
            logger.Record(LogKeys.ValueLoss, double.PositiveInfinity);
            logger.Dump(1);
            logger.Record(LogKeys.Fps, 1234);
            logger.Dump(2);
        }
        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(21.5, first.RootElement.GetProperty(LogKeys.EpisodeRewardMean).GetDouble());
        Assert.Equal(JsonValueKind.Null, first.RootElement.GetProperty(LogKeys.ValueLoss).ValueKind);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(1234, second.RootElement.GetProperty(LogKeys.Fps).GetDouble());
        Assert.False(second.RootElement.TryGetProperty(LogKeys.ValueLoss, out _));
    }

    [Fact]
    public void ConsoleSink_PrintsAGroupedSortedTable()
    {
        var text = new StringWriter();
        using (var logger = new Logger(new ConsoleSink(text)))
        {
            logger.Record(LogKeys.ValueLoss, 0.123456);
            logger.Record(LogKeys.EpisodeRewardMean, 22.4);
            logger.Record(LogKeys.TotalTimesteps, 4096);
            logger.Dump(4096);
        }
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Equal(lines[0].Length, l.Length));
        Assert.Contains("step 4096", lines[1]);
        int rollout = Array.FindIndex(lines, l => l.Contains("rollout/"));
        int time = Array.FindIndex(lines, l => l.Contains("time/"));
        int train = Array.FindIndex(lines, l => l.Contains("train/"));
        Assert.True(rollout < time && time < train, text.ToString());
        Assert.Contains("ep_rew_mean", lines[rollout + 1]);
        Assert.Contains("22.4", lines[rollout + 1]);
        Assert.Contains("4096", lines[time + 1]);
        Assert.Contains("0.1235", lines[train + 1]);
    }

    [Fact]
    public void ForRunDirectory_WritesCsvJsonAndTensorBoard()
    {
        using (var logger = Logger.ForRunDirectory(_dir))
        {
            for (int i = 1; i <= 3; i++)
            {
                logger.Record(LogKeys.EpisodeRewardMean, 10 * i);
                logger.Record(LogKeys.TotalTimesteps, 100 * i);
                logger.Dump(100 * i);
            }
        }
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, "progress.csv")).Length);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_dir, "progress.jsonl")).Length);
        string events = Assert.Single(Directory.GetFiles(_dir, "events.out.tfevents.*"));
        var decoded = EventFileReader.ReadEvents(events);
        Assert.Equal(5, decoded.Count);
        Assert.Equal((0L, 1), (decoded[1].Step, decoded[1].SessionStatus));       // a session start opens every file
        Assert.Equal([100L, 200, 300], decoded.Skip(2).Select(e => e.Step));
        Assert.Equal((LogKeys.EpisodeRewardMean, 30f), decoded[4].Scalars[0]);
    }

    [Fact]
    public void ForARunResumedAfterAStep_TheNewEventFileStartsASessionAfterIt_AndTheCsvContinues()
    {
        using (var logger = Logger.ForRunDirectory(_dir)) { logger.Record(LogKeys.TotalTimesteps, 100); logger.Dump(100); }
        using (var logger = Logger.ForRunDirectory(_dir, appendCsv: true, resumeAfterStep: 100)) { logger.Record(LogKeys.TotalTimesteps, 200); logger.Dump(200); }
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_dir, "progress.csv")).Length);
        var files = Directory.GetFiles(_dir, "events.out.tfevents.*").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, files.Length);
        var second = EventFileReader.ReadEvents(files[1]);
        Assert.Equal((101L, 1), (second[1].Step, second[1].SessionStatus));    // TensorBoard drops earlier files' steps ≥ 101
    }
}
