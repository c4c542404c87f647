using Ascent.Io.Reports;
using Ascent.Training.Logging;

namespace Ascent.Tests.Io.Reports;

/// <summary>
/// A garbage <c>progress.csv</c> is rejected naming the file, line and column (or, for an unfinished last row, skipped as
/// documented), never read into wrong curves; memory stays bounded whatever the file holds.
/// </summary>
public sealed class ProgressTableBadInputTests
{
    private static ProgressTable Parse(string text) => ProgressTable.Parse(new StringReader(text), "p.csv");

    private static void AssertRejected(string text, params string[] contains)
    {
        var e = Assert.Throws<FormatException>(() => Parse(text));
        Assert.StartsWith("p.csv: line ", e.Message);
        foreach (var c in contains) Assert.Contains(c, e.Message);
    }

    [Fact]
    public void MalformedCells_AndRows_NameLineAndColumn()
    {
        AssertRejected("time/total_timesteps,loss\n1,2\n2,abc\n", "line 3, column 2 \"loss\": \"abc\" is not a number");
        AssertRejected("time/total_timesteps,loss\n1,2\n2\n3,4\n", "line 3 has 1 cells but the header has 2 columns");
        AssertRejected("time/total_timesteps,loss\n1,2,3\n", "line 2 has 3 cells but the header has 2 columns");
        AssertRejected("time/total_timesteps,loss\n1,\"2\n", "line 2 has an unterminated or misplaced quote");
        AssertRejected("time/total_timesteps,loss\n100,1\n50,2\n", "line 3, column 1 \"time/total_timesteps\": 50 is less than the 100 before it");
        AssertRejected("time/total_timesteps,loss\n1,1e300\n", "line 2, column 2 \"loss\"", "outside the range the report draws");
    }

    [Fact]
    public void BadHeaders_AreRejected()
    {
        AssertRejected("1,2\n3,4\n", "line 1 (the header), column 1: \"1\" is a number", "the header line is missing");
        AssertRejected("a,,b\n1,2,3\n", "line 1 (the header), column 2: the column name is empty");
        AssertRejected("a,b,a\n1,2,3\n", "line 1 (the header), column 3: \"a\" names two columns");
    }

    [Fact]
    public void NaNAndEmptyCells_ReadAsNotLogged_AndAnUnfinishedLastRowIsSkipped()
    {
        var t = Parse("time/total_timesteps,loss\n1,nan\n2,\n3,0.5\n4,0.2");
        Assert.Equal(4, t.RowCount); // the last row has every cell: kept although no line end follows
        Assert.False(t.SkippedIncompleteLastLine);
        var cut = Parse("time/total_timesteps,loss\n1,nan\n2,\n3,0.5\n4");
        Assert.Equal(3, cut.RowCount);
        Assert.True(cut.SkippedIncompleteLastLine);
        Assert.True(double.IsNaN(cut.Column("loss")![0]) && double.IsNaN(cut.Column("loss")![1]));
        Assert.Equal(0.5, cut.Column("loss")![2]);
    }

    [Fact]
    public void HugeLinesAndTables_AreRejected_WithBoundedAllocation()
    {
        string longLine = "a\n" + new string('1', 10_000_000) + "\n";
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<FormatException>(() => Parse(longLine));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains($"line 2 is longer than {ProgressTable.MaxLineChars} characters", e.Message);
        Assert.True(allocated < 4L << 20, $"allocated {allocated} bytes for a 10 MB line");

        // 1024 columns: MaxCells is reached after 16384 rows, long before the 100,000 rows of the stream.
        var header = string.Join(',', Enumerable.Range(0, ProgressTable.MaxColumns).Select(i => $"c{i}"));
        var row = string.Join(',', Enumerable.Repeat("1", ProgressTable.MaxColumns));
        var big = Assert.Throws<FormatException>(() => ProgressTable.Parse(new RepeatingReader(header, row, 100_000), "p.csv"));
        Assert.Contains($"more than {ProgressTable.MaxCells} cells", big.Message);
        AssertRejected(string.Join(',', Enumerable.Range(0, ProgressTable.MaxColumns + 1).Select(i => $"c{i}")) + "\n", "more than the limit of 1024");
    }

    [Fact]
    public void Report_OfValuesBelowADoublesResolution_DrawsAFlatLine()
    {
        string dir = Directory.CreateTempSubdirectory("ascent-report-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "progress.csv"),
                $"{LogKeys.TotalTimesteps},{LogKeys.EpisodeRewardMean}\n100,1e50\n200,1.0000000000000002e50\n300,1e50\n");
            string html = Path.Combine(dir, "report.html");
            RunReport.Write([dir], html);
            Assert.Contains("<svg", File.ReadAllText(html));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>A header line then <c>count</c> copies of a row, without holding the text in memory.</summary>
    private sealed class RepeatingReader(string header, string row, int count) : TextReader
    {
        private string _current = header + "\n";
        private int _at, _left = count;

        public override int Peek() => Fill() ? _current[_at] : -1;

        public override int Read() => Fill() ? _current[_at++] : -1;

        private bool Fill()
        {
            if (_at < _current.Length) return true;
            if (_left == 0) return false;
            _left--;
            _current = row + "\n";
            _at = 0;
            return true;
        }
    }
}
