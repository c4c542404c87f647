using Ascent.Mdp;

namespace Ascent.Tests.Mdp;

public class FiniteMdpValidationTests
{
    private static double[,,] TwoStateTransitions() => new double[,,]
    {
        { { 0.5, 0.5 }, { 1, 0 } },
        { { 0, 1 }, { 0.25, 0.75 } },
    };

    private static string ErrorOf(Func<FiniteMdp> create) => Assert.Throws<ArgumentException>(() => create()).Message;

    [Fact]
    public void AValidMdp_KeepsItsNumbers()
    {
        var mdp = new FiniteMdp(0.9, [0.3, 0.7], TwoStateTransitions(), new double[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal((2, 2, 0.9), (mdp.StateCount, mdp.ActionCount, mdp.Gamma));
        Assert.Equal(0.75, mdp.Transition(1, 1, 1));
        Assert.Equal(3.0, mdp.Reward(1, 0));
        Assert.False(mdp.HasTerminalStates);
    }

    [Fact]
    public void ARowNotSummingTo1_IsNamed()
    {
        var p = TwoStateTransitions();
        p[1, 0, 1] = 0.9;
        Assert.Contains("transitions[1][0] sums to 0.9", ErrorOf(() => new FiniteMdp(0.9, [1, 0], p, new double[2, 2])));
    }

    [Fact]
    public void ARowOffBy1e8_IsRejected_AndOffBy1e10_IsAccepted()
    {
        var p = TwoStateTransitions();
        p[0, 0, 0] = 0.5 + 1e-8;
        Assert.Contains("transitions[0][0]", ErrorOf(() => new FiniteMdp(0.9, [1, 0], p, new double[2, 2])));
        p[0, 0, 0] = 0.5 + 1e-10;
        _ = new FiniteMdp(0.9, [1, 0], p, new double[2, 2]);
    }

    [Fact]
    public void ANegativeProbability_IsNamed()
    {
        var p = TwoStateTransitions();
        p[0, 1, 0] = 1.5; p[0, 1, 1] = -0.5;
        Assert.Contains("transitions[0][1][1] = -0.5 is a negative probability", ErrorOf(() => new FiniteMdp(0.9, [1, 0], p, new double[2, 2])));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    public void GammaOutside0To1_IsRejected(double gamma) =>
        Assert.Contains("gamma", ErrorOf(() => new FiniteMdp(gamma, [1, 0], TwoStateTransitions(), new double[2, 2])));

    [Fact]
    public void NaNs_AreNamed()
    {
        var p = TwoStateTransitions();
        p[1, 1, 0] = double.NaN;
        Assert.Contains("transitions[1][1][0] = NaN", ErrorOf(() => new FiniteMdp(0.9, [1, 0], p, new double[2, 2])));
        Assert.Contains("rewards[0][1] = NaN", ErrorOf(() => new FiniteMdp(0.9, [1, 0], TwoStateTransitions(), new double[,] { { 0, double.NaN }, { 0, 0 } })));
        Assert.Contains("initial[1] = NaN", ErrorOf(() => new FiniteMdp(0.9, [1, double.NaN], TwoStateTransitions(), new double[2, 2])));
    }

    [Fact]
    public void WrongSizes_AreNamed()
    {
        Assert.Contains("transitions: shape", ErrorOf(() => new FiniteMdp(0.9, [1, 0, 0], TwoStateTransitions(), new double[3, 2])));
        Assert.Contains("rewards: shape [2][3]", ErrorOf(() => new FiniteMdp(0.9, [1, 0], TwoStateTransitions(), new double[2, 3])));
        Assert.Contains("terminal: 3 entries", ErrorOf(() => new FiniteMdp(0.9, [1, 0], TwoStateTransitions(), new double[2, 2], new bool[3])));
        Assert.Contains("initial sums to 0.5", ErrorOf(() => new FiniteMdp(0.9, [0.5, 0], TwoStateTransitions(), new double[2, 2])));
    }

    [Fact]
    public void TerminalRows_AreIgnored_AndStoredAsAbsorbingWithReward0()
    {
        var p = TwoStateTransitions();
        p[1, 0, 0] = double.NaN; p[1, 1, 1] = 7; // garbage in a terminal row is ignored
        var mdp = new FiniteMdp(1.0, [1, 0], p, new double[,] { { -1, -1 }, { 99, double.NaN } }, [false, true]);
        Assert.Equal(1.0, mdp.Transition(1, 0, 1));
        Assert.Equal(0.0, mdp.Transition(1, 0, 0));
        Assert.Equal(0.0, mdp.Reward(1, 1));
    }

    [Fact]
    public void StartingInATerminalState_IsRejected() =>
        Assert.Contains("initial[1]", ErrorOf(() => new FiniteMdp(1.0, [0.5, 0.5], TwoStateTransitions(), new double[2, 2], [false, true])));

    [Fact]
    public void PolicyTable_RowsMustBeDistributions()
    {
        var e = Assert.Throws<ArgumentException>(() => new PolicyTable(new double[,] { { 0.5, 0.5 }, { 0.5, 0.4 } }));
        Assert.Contains("policy[1] sums to 0.9", e.Message);
    }
}
