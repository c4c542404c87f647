using Ascent.Environments;
using Ascent.Environments.ClassicControl;

namespace Ascent.Tests.Environments;

public class EnvBadInputTests
{
    [Theory]
    [InlineData("CartPole-v1", 2f, "Discrete(2)")]
    [InlineData("CartPole-v1", -1f, "Discrete(2)")]
    [InlineData("CartPole-v1", 0.5f, "Discrete(2)")]
    [InlineData("Acrobot-v1", 3f, "Discrete(3)")]
    [InlineData("MountainCar-v0", float.NaN, "Discrete(3)")]
    public void DiscreteActionOutsideTheSpace_ThrowsNamingEnvSpaceAndValue(string id, float action, string space)
    {
        using var env = Envs.Make(id);
        env.Reset(0);
        var e = Assert.Throws<ArgumentException>(() => env.Step([action]));
        Assert.Contains(id, e.Message);
        Assert.Contains(space, e.Message);
        Assert.Contains(action.ToString("R", System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Pendulum-v1")]
    public void ActionOfTheWrongLength_Throws(string id)
    {
        using var env = Envs.Make(id);
        env.Reset(0);
        var e = Assert.Throws<ArgumentException>(() => env.Step([0f, 1f]));
        Assert.Contains(id, e.Message);
        Assert.Contains("2 value(s)", e.Message);
        Assert.Contains("takes 1", e.Message);
    }

    [Theory]
    [InlineData("Pendulum-v1", "Box(-2, 2, (1,), float32)")]
    [InlineData("MountainCarContinuous-v0", "Box(-1, 1, (1,), float32)")]
    public void NaNAction_Throws(string id, string space)
    {
        using var env = Envs.Make(id);
        env.Reset(0);
        var e = Assert.Throws<ArgumentException>(() => env.Step([float.NaN]));
        Assert.Contains(id, e.Message);
        Assert.Contains("NaN", e.Message);
        Assert.Contains(space, e.Message);
    }

    [Fact]
    public void BoxActionsOutsideTheBounds_AreClippedByTheDynamicsAsInGymnasium()
    {
        // Pendulum clips the torque before computing the cost: 5 acts exactly like 2.
        using var a = Envs.Make("Pendulum-v1");
        using var b = Envs.Make("Pendulum-v1");
        a.Reset(3); b.Reset(3);
        var ra = a.Step([5f]); var rb = b.Step([2f]);
        Assert.Equal(rb.Observation, ra.Observation);
        Assert.Equal(rb.Reward, ra.Reward);
        // MountainCarContinuous clips the push but charges the unclipped action: 3 moves like 1 and costs 0.9.
        using var c = Envs.Make("MountainCarContinuous-v0");
        using var d = Envs.Make("MountainCarContinuous-v0");
        c.Reset(3); d.Reset(3);
        var rc = c.Step([3f]); var rd = d.Step([1f]);
        Assert.Equal(rd.Observation, rc.Observation);
        Assert.Equal(-Math.Pow(3.0, 2) * 0.1, rc.Reward);
    }

    [Fact]
    public void StepBeforeReset_Throws()
    {
        using var env = Envs.Make("CartPole-v1");
        var e = Assert.Throws<InvalidOperationException>(() => env.Step(0));
        Assert.Contains("Reset", e.Message);
    }

    [Fact]
    public void BadResetOptions_Throw()
    {
        using var cart = Envs.Make("CartPole-v1");
        Assert.Contains("unknown reset option 'lo'", Assert.Throws<ArgumentException>(() => cart.Reset(0, new Dictionary<string, double> { ["lo"] = 0 })).Message);
        Assert.Contains("must not exceed", Assert.Throws<ArgumentOutOfRangeException>(() => cart.Reset(0, new Dictionary<string, double> { ["low"] = 1, ["high"] = 0 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => cart.Reset(0, new Dictionary<string, double> { ["low"] = double.NaN }));
        using var pendulum = Envs.Make("Pendulum-v1");
        Assert.Contains("x_init", Assert.Throws<ArgumentException>(() => pendulum.Reset(0, new Dictionary<string, double> { ["low"] = 0 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => cart.Reset(-1));
    }

    [Fact]
    public void CartPoleStepAfterTermination_ReturnsZeroRewardAndWarnsOnce()
    {
        using var env = Envs.Make("CartPole-v1");
        var warnings = new List<string>();
        void OnWarning(object? sender, EnvWarningEventArgs e) { if (ReferenceEquals(sender, env.Unwrapped)) warnings.Add(e.ToString()); }
        EnvWarnings.Raised += OnWarning;
        try
        {
            env.Reset(1);
            StepResult r;
            do r = env.Step(1); while (!r.Terminated);
            Assert.Equal(1.0, r.Reward); // the terminating step still pays
            Assert.Empty(warnings);
            var after = env.Step(1);
            Assert.True(after.Terminated);
            Assert.Equal(0.0, after.Reward);
            Assert.Single(warnings);
            Assert.Contains("CartPole-v1", warnings[0]);
            Assert.Equal(0.0, env.Step(0).Reward);
            Assert.Single(warnings);
            env.Reset();
            Assert.Equal(1.0, env.Step(0).Reward); // a reset starts a fresh episode
        }
        finally { EnvWarnings.Raised -= OnWarning; }
    }

    [Fact]
    public void SuttonBartoReward_IsZeroPerStepAndMinusOneOnFailure()
    {
        using var env = new CartPoleEnv(suttonBartoReward: true);
        env.Reset(1);
        StepResult r;
        do
        {
            r = env.Step(1);
            if (!r.Terminated) Assert.Equal(0.0, r.Reward);
        } while (!r.Terminated);
        Assert.Equal(-1.0, r.Reward);
    }

    [Fact]
    public void SetState_WithTheWrongLength_Throws()
    {
        using var env = new AcrobotEnv();
        var e = Assert.Throws<ArgumentException>(() => ((IStatefulEnv)env).SetState([1.0, 2.0]));
        Assert.Contains("expects 4 values, got 2", e.Message);
    }
}
