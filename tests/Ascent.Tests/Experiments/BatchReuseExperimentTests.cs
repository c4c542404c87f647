using Ascent.Algorithms;
using Ascent.Experiments;

namespace Ascent.Tests.Experiments;

/// <summary>The batch-reuse experiment: the three objectives coincide at K = 1, and the figure and data are written.</summary>
public class BatchReuseExperimentTests
{
    [Fact]
    public void AtOneStepPerBatch_TheThreeObjectivesGiveTheSameRun()
    {
        var results = new[] { SurrogateObjective.PolicyGradient, SurrogateObjective.Unclipped, SurrogateObjective.Clipped }
            .Select(o => BatchReuseExperiment.Train(o, 1, seed: 4, budget: 4 * 512)).ToArray();
        Assert.Equal(results[0], results[1]);
        Assert.Equal(results[1], results[2]);
        var reused = BatchReuseExperiment.Train(SurrogateObjective.PolicyGradient, 3, seed: 4, budget: 4 * 512);
        Assert.NotEqual(results[0], reused);
        Assert.True(reused.MeanKl > results[0].MeanKl, "three steps per batch move the policy further than one");
    }

    [Fact]
    public void WritesBothFiguresAndTheirData()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ascent-batch-reuse-{Guid.NewGuid():N}");
        try
        {
            var result = new BatchReuseExperiment([1, 2], 2 * 512).Run(new ExperimentOptions(dir, Runs: 1, MaxThreads: 2));
            Assert.Equal(4, result.Files.Count);
            Assert.All(result.Files, f => Assert.True(new FileInfo(f).Length > 100, f));
            Assert.Contains(result.Summary, line => line.Contains("identical runs for every seed: True"));
            Assert.Contains("gradient steps per batch K", File.ReadAllText(Path.Combine(dir, "batch-reuse.svg")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
