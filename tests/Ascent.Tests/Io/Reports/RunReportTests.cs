using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ascent.Io.Reports;
using Ascent.Tests.Io.Plotting;
using Ascent.Training.Logging;

namespace Ascent.Tests.Io.Reports;

public sealed class RunReportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ascent-report-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void RunDirectory_ReadsNameProgressConfigAndMachine()
    {
        string dir = SyntheticRun.Create(_root, "CartPole-v1", "ppo", 3);
        var run = RunDirectory.Load(dir);
        Assert.Equal(("CartPole-v1", "ppo", 3, "20250101-120000"), (run.Env, run.Algorithm, run.Seed, run.Started));
        Assert.Equal(20, run.Progress.RowCount);
        Assert.Equal(2048.0 * 20, run.Progress.Column(LogKeys.TotalTimesteps)![^1]);
        Assert.True(double.IsNaN(run.Progress.Column(LogKeys.ValueLoss)![0])); // first logged in the second dump
        Assert.Contains("learning_rate: 0.0003", run.Config);
        Assert.Contains(run.Machine, kv => kv.Key == "cores" && kv.Value == Environment.ProcessorCount.ToString());
        Assert.Contains(run.Machine, kv => kv.Key == "dotnet" && kv.Value.Contains(".NET"));
    }

    [Fact]
    public void RunDirectory_WithoutTheNamingScheme_TakesEnvAndAlgorithmFromTheConfig()
    {
        string dir = Path.Combine(_root, "my-experiment");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "progress.csv"), "rollout/ep_rew_mean\n1\n2\n");
        File.WriteAllText(Path.Combine(dir, "config.yaml"), "env_id: 'Acrobot-v1'  # which env\nalgo: a2c\nseed: 7\n");
        var run = RunDirectory.Load(dir);
        Assert.Equal(("Acrobot-v1", "a2c", 7), (run.Env, run.Algorithm, run.Seed));
    }

    [Fact]
    public void RunDirectory_MissingPieces_GiveClearErrors()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => RunDirectory.Load(Path.Combine(_root, "nope")));
        Assert.Contains("nope", e.Message);
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        var f = Assert.Throws<FileNotFoundException>(() => RunDirectory.Load(Path.Combine(_root, "empty")));
        Assert.Contains("progress.csv", f.Message);
        string bad = Path.Combine(_root, "bad");
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "progress.csv"), "a,b\n1,x\n");
        var g = Assert.Throws<FormatException>(() => RunDirectory.Load(bad));
        Assert.Contains("line 2, column 2 \"b\": \"x\" is not a number", g.Message);
    }

    [Fact]
    public void MeanStd_InterpolatesRunsOntoTheirCommonRange()
    {
        // Two straight lines logged at different steps: y = x and y = x + 2 over [0, 10] and [1, 12].
        var runs = new List<(double[], double[])>
        {
            ([0, 4, 10], [0, 4, 10]),
            ([1, 5, 9, 12], [3, 7, 11, 14]),
        };
        var (x, mean, std) = CurveAggregate.MeanStd(runs, points: 10);
        Assert.Equal(1, x[0]);
        Assert.Equal(10, x[^1]);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i] + 1, mean[i], 12);
            Assert.Equal(1, std[i], 12);
        }
        Assert.Empty(CurveAggregate.MeanStd([([0.0, 1], [0.0, 1]), ([2.0, 3], [0.0, 1])]).X); // no overlap
        Assert.Throws<ArgumentException>(() => CurveAggregate.MeanStd([([1.0, 0], [0.0, 1])]));
    }

    [Fact]
    public void Report_IsSelfContainedHtml_WithCurvesBandsConfigAndMachine()
    {
        var dirs = new List<string>();
        for (int seed = 1; seed <= 3; seed++) dirs.Add(SyntheticRun.Create(_root, "CartPole-v1", "ppo", seed, offset: 10 * (seed - 2)));
        dirs.Add(SyntheticRun.Create(_root, "CartPole-v1", "a2c", 1, scale: 30000));
        dirs.Add(SyntheticRun.Create(_root, "Acrobot-v1", "ppo", 1, ceiling: 400, offset: -500, machine: false));
        string output = Path.Combine(_root, "out", "report.html");
        RunReport.Write(dirs, output);
        string html = File.ReadAllText(output);

        // Self-contained: no external resources, no scripts.
        Assert.DoesNotMatch(new Regex(@"\bsrc\s*=|href\s*=\s*""[^#]", RegexOptions.IgnoreCase), html); // only in-page links
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);

        // Every inline SVG is well-formed, finite, and the expected charts are there.
        var svgs = Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(m => SvgAssert.WellFormed(m.Value)).ToList();
        var titles = svgs.Select(s => s.Root!.Element(SvgAssert.Svg + "title")?.Value).ToList();
        Assert.Contains("rollout/ep_rew_mean — CartPole-v1", titles);
        Assert.Contains("rollout/ep_rew_mean — Acrobot-v1", titles);
        Assert.Contains("rollout/ep_len_mean — CartPole-v1", titles);
        foreach (var key in new[] { LogKeys.ValueLoss, LogKeys.PolicyGradientLoss, LogKeys.EntropyLoss, LogKeys.ApproxKl, LogKeys.ClipFraction, LogKeys.ExplainedVariance, LogKeys.Fps })
            Assert.Contains($"{key} — CartPole-v1", titles);
        Assert.Equal(2, titles.Count(t => t == "rollout/ep_rew_mean — CartPole-v1")); // against steps and wall time

        // The CartPole return chart: 3 faint ppo runs, a ppo mean with band, and the single a2c run in the legend.
        var returns = svgs[titles.IndexOf("rollout/ep_rew_mean — CartPole-v1")];
        var texts = SvgAssert.Texts(returns);
        Assert.Contains("ppo (mean ± std of 3 runs)", texts);
        Assert.Contains("a2c (seed 1)", texts);
        Assert.Contains("environment steps", texts);
        Assert.Single(returns.Descendants(SvgAssert.Svg + "path"), p => p.Attribute("fill-opacity") is not null);
        Assert.Equal(3, returns.Descendants(SvgAssert.Svg + "path").Count(p => p.Attribute("stroke-opacity")?.Value == "0.35"));

        // The band of the three seeds (offsets −10, 0, +10) is ± sqrt(200/3) around the middle seed's curve.
        var band = returns.Descendants(SvgAssert.Svg + "path").Single(p => p.Attribute("fill-opacity") is not null);
        var bandPoints = SvgAssert.PathPoints(band.Attribute("d")!.Value).ToList();
        var yTicks = returns.Descendants(SvgAssert.Svg + "text").Where(t => t.Attribute("text-anchor")?.Value == "end" && t.Attribute("class")?.Value == "asc-tick")
            .Select(t => (Value: double.Parse(t.Value.Replace('\u2212', '-'), System.Globalization.CultureInfo.InvariantCulture), Y: SvgAssert.D(t, "y"))).ToList();
        double pixelsPerUnit = (yTicks[0].Y - yTicks[^1].Y) / (yTicks[^1].Value - yTicks[0].Value);
        int n = bandPoints.Count / 2;
        double width = (bandPoints[2 * n - 1].Y - bandPoints[0].Y) / pixelsPerUnit; // upper and lower at the first grid x
        Assert.Equal(2 * Math.Sqrt(200.0 / 3), width, 0);

        // Config and machine sections.
        Assert.Contains("learning_rate: 0.0003", html);
        Assert.Contains("policy_kwargs: &quot;dict(net_arch=[64, 64])&quot;", html);
        Assert.Contains("<h2 id=\"machine\">Machine</h2>", html);
        Assert.Contains(MachineInfo.SimdSummary(), html);
        Assert.Contains("CartPole-v1__ppo__2__20250101-120000", html);
    }

    [Fact]
    public void ReportCommand_WritesTheReport_AndRejectsMissingDirectories()
    {
        string dir = SyntheticRun.Create(_root, "Pendulum-v1", "ppo", 0, ceiling: 1200, offset: -1400);
        var stdout = Console.Out;
        var stderr = Console.Error;
        var err = new StringWriter();
        try
        {
            Console.SetOut(new StringWriter());
            Console.SetError(err);
            Assert.Equal(0, Ascent.Cli.Program.BuildRoot().Parse(["report", dir]).Invoke());
            Assert.True(File.Exists(Path.Combine(dir, "report.html")));
            string other = Path.Combine(_root, "custom.html");
            Assert.Equal(0, Ascent.Cli.Program.BuildRoot().Parse(["report", dir, dir, "--out", other, "--title", "Two copies"]).Invoke());
            Assert.Contains("<h1>Two copies</h1>", File.ReadAllText(other));
            Assert.Equal(1, Ascent.Cli.Program.BuildRoot().Parse(["report", Path.Combine(_root, "missing")]).Invoke());
            Assert.Contains("missing", err.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
