using Ascent.Environments.ClassicControl;
using Ascent.Environments.Golden;
using Ascent.Environments.Vector;
using Ascent.Numerics.Kernels;

namespace Ascent.Tests.Environments;

/// <summary>The batched implementations replay Gymnasium's golden episodes bit for bit too, all episodes at once.</summary>
public class BatchedGoldenTests
{
    /// <summary>Every golden file a batched env can replay, on every instruction set this CPU runs.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { SimdPath.Scalar, SimdPath.Vector256, SimdPath.Vector512 })
            if (LibmSinCos.IsSupported(path))
                foreach (string name in new[] { "CartPole-v1.json", "Pendulum-v1.json", "edge/Pendulum-v1.json" })
                    data.Add(name, path.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchedEnv_ReplaysEveryGoldenEpisodeInParallel(string name, string pathName)
    {
        var file = GoldenTrajectoryFile.Load(TestData.Path(["gymnasium", .. name.Split('/')]));
        // Env i replays episode i mod E, with at least 17 envs, so short files also fill whole vectors (and a remainder).
        int episodes = file.Episodes.Count, n = Math.Max(episodes, 17);
        AutoResetVectorEnv vec = file.EnvId == "CartPole-v1" ? new CartPoleVectorEnv(n) : new PendulumVectorEnv(n);
        using var _ = vec;
        VectorEnvTests.UsePath(vec, Enum.Parse<SimdPath>(pathName));
        vec.Reset(0);
        for (int i = 0; i < n; i++)
        {
            var init = file.Episodes[i % episodes].InitialState;
            if (vec is CartPoleVectorEnv c) c.SetState(i, init); else ((PendulumVectorEnv)vec).SetState(i, init);
            Assert.Equal(file.Episodes[i % episodes].InitialObs.Select(v => (float)v), vec.Observation(i).ToArray());
        }
        var actions = new float[n];
        int longest = file.Episodes.Max(e => e.Length), compared = 0;
        for (int t = 0; t < longest; t++)
        {
            for (int i = 0; i < n; i++) actions[i] = t < file.Episodes[i % episodes].Length ? (float)file.Episodes[i % episodes].Steps[t].Action[0] : 0f;
            vec.Step(actions);
            for (int i = 0; i < n; i++)
            {
                var ep = file.Episodes[i % episodes];
                if (t >= ep.Length) continue; // finished: the env was reset and plays on
                var g = ep.Steps[t];
                var obs = vec.IsDone(i) ? vec.FinalObservation(i) : vec.Observation(i);
                Assert.Equal(g.Obs.Select(v => (float)v), obs.ToArray());
                Assert.Equal(g.Reward, vec.Rewards[i]);
                Assert.Equal(g.Terminated, vec.Terminated[i]);
                Assert.Equal(g.Truncated, vec.Truncated[i]);
                if (!vec.IsDone(i))
                    Assert.Equal(g.State, vec is CartPoleVectorEnv c ? c.GetState(i) : ((PendulumVectorEnv)vec).GetState(i));
                compared++;
            }
        }
        Assert.Equal(Enumerable.Range(0, n).Sum(i => file.Episodes[i % episodes].Length), compared);
    }
}
