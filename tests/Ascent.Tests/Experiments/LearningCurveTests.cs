using Ascent.Experiments;

namespace Ascent.Tests.Experiments;

public class LearningCurveTests
{
    [Fact]
    public void StepsAndSecondsTo_AreThoseOfTheFirstPointReachingTheThreshold()
    {
        var curve = new LearningCurve([0, 1000, 2000, 3000], [0, 0.1, 0.2, 0.3], [20, 480, 300, 500]);
        Assert.Equal(1000, curve.StepsTo(475));
        Assert.Equal(0.1, curve.SecondsTo(475));
        Assert.Equal(3000, curve.StepsTo(490));
        Assert.Null(curve.StepsTo(501));
        Assert.Null(curve.SecondsTo(501));
    }

    [Fact]
    public void Recorder_StopsTheTrainingClockWhileEvaluating()
    {
        var recorder = new LearningCurveRecorder();
        recorder.Start();
        recorder.Record(10, () => { Thread.Sleep(600); return 1; });
        recorder.Record(20, () => 2);
        var curve = recorder.ToCurve();
        Assert.Equal([10.0, 20.0], curve.Steps);
        Assert.Equal([1.0, 2.0], curve.Returns);
        Assert.True(curve.Seconds[1] < 0.5, $"the evaluation's 0.6 s was counted: {curve.Seconds[1]} s");
    }

    [Fact]
    public void SearchVsGradient_IsRegistered()
    {
        var experiment = ExperimentRegistry.Find("search-vs-gradient");
        Assert.Equal(5, experiment.DefaultRuns);
    }
}
