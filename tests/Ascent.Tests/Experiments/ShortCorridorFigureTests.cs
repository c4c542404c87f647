using Ascent.Environments.Lectures;
using Ascent.Experiments;

namespace Ascent.Tests.Experiments;

/// <summary>The book's Figures 13.1 and 13.2: shapes, final averages, and runs that do not depend on the thread count.</summary>
public class ShortCorridorFigureTests
{
    private static readonly double VStar = ShortCorridor.OptimalStartValue;

    [Fact]
    public void Figure13_1_HasTheBooksShape()
    {
        var curves = Figure13_1.Curves(100, seed: 0);   // α = 2^-12, 2^-13, 2^-14
        foreach (var c in curves) Assert.True(c.Mean.Take(10).Average() < -60, $"starts near −80: {c.Mean.Take(10).Average():F1}");
        // The larger the step, the faster the early climb.
        double Early(RunCurves c) => c.Mean.Skip(50).Take(150).Average();
        Assert.True(Early(curves[0]) > Early(curves[1]) && Early(curves[1]) > Early(curves[2]),
            $"early means {Early(curves[0]):F1}, {Early(curves[1]):F1}, {Early(curves[2]):F1}");
        // 2^-12 and 2^-13 end near v*; 2^-14 is still climbing.
        Assert.InRange(curves[0].FinalAverage(100), VStar - 1, VStar + 1e-9 + 0.5);
        Assert.InRange(curves[1].FinalAverage(100), VStar - 1, VStar + 0.5);
        Assert.InRange(curves[2].FinalAverage(100), -20, VStar - 1);
    }

    [Fact]
    public void Figure13_2_WithBaselineApproachesVStar_FarFasterThanPlainReinforce()
    {
        var (plain, withBaseline) = Figure13_2.Curves(100, seed: 0);
        Assert.InRange(withBaseline.FinalAverage(100), VStar - 1, VStar + 0.5);
        Assert.InRange(withBaseline.Mean.Skip(100).Take(100).Average(), VStar - 1, VStar + 0.5);   // already there after 100 episodes
        Assert.True(plain.Mean.Skip(100).Take(100).Average() < VStar - 5);
    }

    [Fact]
    public void Runs_DoNotDependOnTheThreadCount()
    {
        var one = Figure13_2.Curves(6, seed: 42, maxThreads: 1);
        var two = Figure13_2.Curves(6, seed: 42, maxThreads: 3);
        Assert.Equal(one.Reinforce.Mean, two.Reinforce.Mean);
        Assert.Equal(one.WithBaseline.Mean, two.WithBaseline.Mean);
        var other = Figure13_2.Curves(6, seed: 43, maxThreads: 1);
        Assert.NotEqual(one.Reinforce.Mean, other.Reinforce.Mean);
    }
}
