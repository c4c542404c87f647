using Ascent.Environments.Lectures;
using Ascent.Experiments;
using Ascent.Io;
using Ascent.Tests.Io;
using Ascent.Tests.Io.Plotting;

namespace Ascent.Tests.Experiments;

public class CpiBoundExperimentTests
{
    [Theory]
    [InlineData(AliasedGridworld.Id, 0.7)]
    [InlineData(ThreeStateChain.Id, null)]
    public void Run_WritesAParsableFigureAndACsvWhereTheTrueReturnIsAboveEveryBound(string environment, double? gamma)
    {
        using var dir = new TempDirectory();
        var result = CpiBoundExperiment.Run(Path.Combine(dir.Path, "out"), new CpiBoundOptions { Environment = environment, Gamma = gamma, Points = 21 });

        var svg = SvgAssert.WellFormed(File.ReadAllText(result.SvgPath!));
        var texts = SvgAssert.Texts(svg);
        Assert.Contains(texts, t => t.Contains("true η(π_new)", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("Kakade–Langford bound", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("TRPO bound (max KL)", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("mixture weight α", StringComparison.Ordinal));

        var lines = File.ReadAllLines(result.CsvPath!);
        Assert.Equal(CpiBoundExperiment.CsvColumns, CsvText.SplitLine(lines[0]));
        Assert.Equal(22, lines.Length);
        int Column(string name) => CpiBoundExperiment.CsvColumns.ToList().IndexOf(name);
        double previousAlpha = -1;
        foreach (var line in lines.Skip(1))
        {
            var cells = CsvText.SplitLine(line).Select(c => { Assert.True(CsvText.TryParseNumber(c, out double v), c); return v; }).ToArray();
            Assert.Equal(CpiBoundExperiment.CsvColumns.Count, cells.Length);
            double alpha = cells[Column("alpha")], eta = cells[Column("true_return")];
            Assert.True(alpha > previousAlpha && alpha <= 1);
            previousAlpha = alpha;
            foreach (var bound in new[] { "kakade_langford_bound", "trpo_tv_bound", "trpo_kl_bound" })
                Assert.True(eta >= cells[Column(bound)] - 1e-12, $"α = {alpha}: η = {eta} < {bound} = {cells[Column(bound)]}");
        }
        Assert.Equal(1.0, previousAlpha);
        Assert.True(result.BoundMaximizingStep.KakadeLangfordBound > result.CurrentReturn, "the CPI step certifies an improvement");
    }

    [Fact]
    public void Options_OutOfRange_AreRejectedNamingTheOption()
    {
        using var dir = new TempDirectory();
        Assert.Contains("Environment", Assert.Throws<ArgumentException>(() => CpiBoundExperiment.Run(dir.Path, new CpiBoundOptions { Environment = ShortCorridor.Id })).Message);
        Assert.Contains("[0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => CpiBoundExperiment.Run(dir.Path, new CpiBoundOptions { Gamma = 1 })).Message);
        Assert.Contains("Points", Assert.Throws<ArgumentOutOfRangeException>(() => CpiBoundExperiment.Run(dir.Path, new CpiBoundOptions { Points = 1 })).Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
