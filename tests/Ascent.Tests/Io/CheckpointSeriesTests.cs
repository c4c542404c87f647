using Ascent.Io;

namespace Ascent.Tests.Io;

public class CheckpointSeriesTests
{
    private static void WriteText(Stream s, string text) => s.Write(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Save_KeepsTheNewestK_AndLeavesOtherFilesAlone()
    {
        using var dir = new TempDirectory();
        var series = new CheckpointSeries(Path.Combine(dir.Path, "checkpoints"), keep: 2);
        File.WriteAllText(Path.Combine(series.Directory, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(series.Directory, "checkpoint_final.zip"), "not numbered");
        foreach (long step in new long[] { 1000, 2000, 30_000, 4000 })
            series.Save(step, s => WriteText(s, $"step {step}"));

        var kept = series.List();
        Assert.Equal([30_000L, 4000L], kept.Select(c => c.Step));
        Assert.Equal(series.PathFor(30_000), series.Latest());
        Assert.EndsWith("checkpoint_000000030000.zip", series.Latest());
        Assert.Equal("step 30000", File.ReadAllText(series.Latest()!));
        Assert.True(File.Exists(Path.Combine(series.Directory, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(series.Directory, "checkpoint_final.zip")));
    }

    [Fact]
    public void FailedSave_LosesNoCheckpoint()
    {
        using var dir = new TempDirectory();
        var series = new CheckpointSeries(dir.Path, keep: 2);
        series.Save(1, s => WriteText(s, "one"));
        series.Save(2, s => WriteText(s, "two"));
        Assert.Throws<IOException>(() => series.Save(3, s => { WriteText(s, "thr"); throw new IOException("No space left on device"); }));
        Assert.Equal([2L, 1L], series.List().Select(c => c.Step));
        Assert.Equal("two", File.ReadAllText(series.Latest()!));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void EmptySeries_HasNoLatest_AndBadArgumentsAreRejected()
    {
        using var dir = new TempDirectory();
        var series = new CheckpointSeries(dir.Path, keep: 1, prefix: "rl_model", extension: ".ckpt");
        Assert.Null(series.Latest());
        Assert.EndsWith("rl_model_000000000007.ckpt", series.PathFor(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointSeries(dir.Path, keep: 0));
        Assert.Throws<ArgumentException>(() => new CheckpointSeries(dir.Path, keep: 1, prefix: "../x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => series.PathFor(-1));
    }
}
