using Ascent.Environments;
using Ascent.Environments.ClassicControl;
using Ascent.Environments.Wrappers;

namespace Ascent.Tests.Environments;

public class EnvRegistryTests
{
    [Theory]
    [InlineData("CartPole-v1", 500, 475.0)]
    [InlineData("Acrobot-v1", 500, -100.0)]
    [InlineData("MountainCar-v0", 200, -110.0)]
    [InlineData("MountainCarContinuous-v0", 999, 90.0)]
    [InlineData("Pendulum-v1", 200, null)]
    public void Registry_HasGymnasiumLimitsAndThresholds(string id, int steps, double? threshold)
    {
        var spec = Envs.Spec(id);
        Assert.Equal(steps, spec.MaxEpisodeSteps);
        Assert.Equal(threshold, spec.RewardThreshold);
        Assert.Contains(Envs.All, s => s.Id == id);
        using var env = Envs.Make(id);
        var limit = Assert.IsType<TimeLimit>(env);
        Assert.Equal(steps, limit.MaxEpisodeSteps);
        Assert.Equal(id, env.Name);
        Assert.Equal(id, env.Unwrapped.Name);
        Assert.IsAssignableFrom<IStatefulEnv>(env.Unwrapped);
    }

    [Fact]
    public void Make_AppliesTheTimeLimitOverride()
    {
        using var env = Envs.Make("Pendulum-v1", maxEpisodeSteps: 3);
        env.Reset(0);
        Assert.False(env.Step([0f]).Truncated);
        Assert.False(env.Step([0f]).Truncated);
        var last = env.Step([0f]);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
    }

    [Theory]
    [InlineData("CartPol-v1", "CartPole-v1")]
    [InlineData("cartpole-v1", "CartPole-v1")]
    [InlineData("CartPole-v0", "CartPole-v1")]
    [InlineData("Pendulum-v0", "Pendulum-v1")]
    [InlineData("MountainCarContinous-v0", "MountainCarContinuous-v0")]
    public void UnknownId_NamesCloseMatches(string id, string suggestion)
    {
        var e = Assert.Throws<ArgumentException>(() => Envs.Make(id));
        Assert.Contains($"'{id}'", e.Message);
        Assert.Contains("Did you mean", e.Message);
        Assert.Contains(suggestion, e.Message[..e.Message.IndexOf("Registered", StringComparison.Ordinal)]);
    }

    [Fact]
    public void UnknownId_WithoutCloseMatch_ListsRegisteredIds()
    {
        var e = Assert.Throws<ArgumentException>(() => Envs.Make("Breakout-v5"));
        Assert.DoesNotContain("Did you mean", e.Message);
        Assert.Contains("CartPole-v1", e.Message);
    }

    [Fact]
    public void Register_AddsANewId_AndRejectsDuplicates()
    {
        string id = "TestShortCartPole-v0";
        Envs.Register(new EnvSpec(id, 7, 6.5, () => new CartPoleEnv()));
        using (var env = Envs.Make(id))
        {
            Assert.Equal(7, Assert.IsType<TimeLimit>(env).MaxEpisodeSteps);
            Assert.Equal(id, env.Name);
        }
        Assert.Throws<ArgumentException>(() => Envs.Register(new EnvSpec(id, 7, null, () => new CartPoleEnv())));
        Assert.Throws<ArgumentException>(() => Envs.Register(new EnvSpec("CartPole-v1", 500, 475, () => new CartPoleEnv())));
        Assert.Throws<ArgumentOutOfRangeException>(() => Envs.Register(new EnvSpec("TestZeroSteps-v0", 0, null, () => new CartPoleEnv())));
    }
}
