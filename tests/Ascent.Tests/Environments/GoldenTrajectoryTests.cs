using Ascent.Environments;
using Ascent.Environments.Golden;

namespace Ascent.Tests.Environments;

public class GoldenTrajectoryTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var id in new[] { "CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1" })
        {
            data.Add(Path.Combine("gymnasium", id + ".json"));
            data.Add(Path.Combine("gymnasium", "edge", id + ".json"));
        }
        return data;
    }

    private static readonly Dictionary<string, GoldenTrajectoryFile> Cache = [];

    private static GoldenTrajectoryFile Load(string relative)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relative, out var f)) Cache[relative] = f = GoldenTrajectoryFile.Load(TestData.Path(relative));
            return f;
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryStep_MatchesGymnasium_BitForBit(string relative)
    {
        var file = Load(relative);
        var result = GoldenTrajectoryCheck.Run(file);
        Assert.True(result.Passed, string.Join("\n", result.Mismatches));
        Assert.Equal(file.Episodes.Sum(e => e.Steps.Count), result.StepsChecked);
        Assert.Equal(file.Episodes.Count, result.ResetsReproduced);
        // Bit-exact everywhere except Acrobot's documented 1-ulp reset observation.
        Assert.True(result.MaxUlpDeviation <= (file.EnvId == "Acrobot-v1" ? 1 : 0), $"max deviation {result.MaxUlpDeviation} ulp");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ResetWithSeed_ReproducesInitialStateAndObservation(string relative)
    {
        var file = Load(relative);
        foreach (var ep in file.Episodes)
        {
            using var env = Envs.Make(file.EnvId);
            var obs = env.Reset(ep.Seed, ep.ResetOptions).Observation;
            Assert.Equal(ep.InitialState, ((IStatefulEnv)env.Unwrapped).GetState());
            for (int j = 0; j < obs.Length; j++)
            {
                float expected = (float)ep.InitialObs[j];
                if (GoldenTrajectoryCheck.AllowedResetObservationUlps(file.EnvId, j) == 0) Assert.Equal(expected, obs[j]);
                else Assert.True(Math.Abs(BitConverter.SingleToInt32Bits(obs[j]) - BitConverter.SingleToInt32Bits(expected)) <= 1, $"episode {ep.Index} obs[{j}]");
            }
        }
    }

    [Fact]
    public void Check_ReportsA_OneUlpRewardDeviation()
    {
        var file = Load(Path.Combine("gymnasium", "edge", "Pendulum-v1.json"));
        var ep = file.Episodes[0];
        var steps = ep.Steps.ToList();
        steps[5] = steps[5] with { Reward = Math.BitIncrement(steps[5].Reward) };
        var mutated = file with { Episodes = [ep with { Steps = steps }, .. file.Episodes.Skip(1)] };
        var result = GoldenTrajectoryCheck.Run(mutated);
        Assert.False(result.Passed);
        Assert.Equal(1, result.MismatchCount);
        Assert.Equal(1, result.MaxUlpDeviation);
        Assert.Contains("step 5 reward", result.Mismatches[0]);
        Assert.True(GoldenTrajectoryCheck.Run(mutated, relativeTolerance: 1e-12).Passed);
    }

    [Fact]
    public void Check_ReportsAWrongFlagAndASpecMismatch()
    {
        var file = Load(Path.Combine("gymnasium", "edge", "CartPole-v1.json"));
        var ep = file.Episodes[0];
        var steps = ep.Steps.ToList();
        steps[0] = steps[0] with { Terminated = !steps[0].Terminated };
        var mutated = file with
        {
            Spec = file.Spec with { MaxEpisodeSteps = 400 },
            Episodes = [ep with { Steps = steps }],
        };
        var result = GoldenTrajectoryCheck.Run(mutated);
        Assert.Equal(2, result.MismatchCount);
        Assert.Contains(result.Mismatches, m => m.Contains("max_episode_steps"));
        Assert.Contains(result.Mismatches, m => m.Contains("step 0 terminated"));
    }
}
